"""Generated conversations for the console benchmark, stored exactly as Rasa
3.6's SQLTrackerStore stores them.

Every event is a real Rasa event (rasa.shared.core.events, bot messages built
by Rasa's own create_bot_utterance) turned into an `events` row the way
SQLTrackerStore.save does. Only the writing differs: executemany in large
transactions instead of one ORM session per turn, so 100,000 conversations
(about a million events) take a minute or two. Handoffs also get their
`handoff_tickets` row, as the action server would write it.

Conversations start at random times over the last DAYS days; their turns are
written interleaved in time order, as concurrent chats reach the store.
"""
from __future__ import annotations

import csv
import datetime as dt
import heapq
import io
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

import yaml
from rasa.core.actions.action import create_bot_utterance
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    DefinePrevUserUtteredFeaturization,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from sqlalchemy.engine import Engine

from clinic_assistant import clinic_config
from clinic_assistant.tickets import CLAIMED, CLOSED, OPEN, tickets
from clinic_assistant.tickets import metadata as ticket_metadata
from testkit.nlu_test_set import load_test_examples

ROOT = Path(__file__).resolve().parents[1]

DAYS = 90
TURNS = (4, 14)
CHANNELS = {"socketio": 55, "rest": 15, "telegram": 12, "twilio": 10, "facebook": 8}
FALLBACK_SHARE = 0.06  # of visitor messages
HANDOFF_SHARE = 0.08  # of conversations
# A word few visitors type (one conversation in RARE_EVERY), for the search benchmark.
RARE_WORD, RARE_EVERY = "dermapen", 2000
RARE_MESSAGE = "is it done with a dermapen or a roller?"
COMMON_WORD = "microneedling"
FALLBACK_TEXTS = ("asdf", "what about the thing", "hmm ok so", "can u do my nails", "??", "the one from insta")
# Handoff reason -> (visitor intent, action, response said before the ticket payload)
HANDOFFS = {
    "visitor_request": ("request_human", "action_handoff_visitor_request", "utter_handoff_visitor_request"),
    "medical_advice": ("medical_advice", "action_handoff_medical_advice", "utter_medical_advice"),
    "symptom": ("report_symptom", "action_handle_symptom", "utter_symptom"),
    "urgent_symptom": ("report_symptom", "action_handle_symptom", "utter_emergency"),
    "contraindication": ("ask_contraindication", "action_respond", "utter_screening_review"),
}
OPEN_TICKET_HOURS = 24  # handoffs younger than this are still in the queue


@dataclass
class Vocabulary:
    """What visitors say and how the assistant answers, from the project's data."""

    examples: Dict[str, List[str]]
    responses: Dict[str, List[dict]]
    slots: Dict[str, str]
    intents: List[str] = field(init=False)

    def __post_init__(self) -> None:
        self.intents = sorted(self.examples)

    @classmethod
    def load(cls) -> "Vocabulary":
        examples: Dict[str, List[str]] = {}
        for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
            for text, intent in load_test_examples(path):
                examples.setdefault(intent, []).append(text)
        # The rendered domain: it holds the answers of content/answers.yml too.
        domain = yaml.safe_load((ROOT / "build" / "domain.yml").read_text(encoding="utf-8"))
        slots = {**clinic_config.current().slot_values(), "first": "the price", "second": "the number of sessions"}
        return cls(examples, domain["responses"], slots)

    def response(self, rng: random.Random, name: str) -> dict:
        """One variation of a domain response, slots filled as Rasa's NLG does."""
        variation = dict(rng.choice(self.responses[name]))
        variation["text"] = re.sub(r"\{(\w+)\}", lambda m: self.slots.get(m.group(1), m.group(0)), variation.get("text", ""))
        return variation


@dataclass(frozen=True)
class TicketRow:
    id: str
    conversation_id: str
    channel: str
    reason: str
    urgent: bool
    at: float


def _parse_data(rng: random.Random, vocab: Vocabulary, text: str, intent: str, confidence: float, message_id: str) -> dict:
    others = rng.sample([name for name in vocab.intents if name != intent], 9)
    rest, ranking = 1.0 - confidence, [{"name": intent, "confidence": confidence}]
    for name in others:
        rest *= rng.uniform(0.2, 0.6)
        ranking.append({"name": name, "confidence": round(rest, 4)})
    return {"intent": ranking[0], "entities": [], "text": text, "message_id": message_id, "metadata": {}, "intent_ranking": ranking}


class ConversationWriter:
    """Builds one conversation's events, turn by turn, at increasing times."""

    def __init__(self, rng: random.Random, vocab: Vocabulary, sender_id: str, channel: str, start: float) -> None:
        self.rng, self.vocab, self.sender_id, self.channel, self.at = rng, vocab, sender_id, channel, start
        self.events: List[Event] = []

    def _later(self, low: float, high: float) -> float:
        self.at += self.rng.uniform(low, high)
        return self.at

    def session_start(self) -> None:
        at = self.at
        self.events += [ActionExecuted("action_session_start", timestamp=at), SessionStarted(timestamp=at),
                        ActionExecuted("action_listen", timestamp=at)]

    def visitor(self, text: str, intent: str, confidence: float) -> None:
        at, message_id = self._later(5, 90), f"{self.rng.getrandbits(128):032x}"
        parse_data = _parse_data(self.rng, self.vocab, text, intent, round(confidence, 4), message_id)
        self.events += [
            UserUttered(text, parse_data["intent"], [], parse_data, timestamp=at, input_channel=self.channel, message_id=message_id),
            DefinePrevUserUtteredFeaturization(False, timestamp=at),
        ]

    def action(self, name: str, policy: str = "RulePolicy") -> None:
        self.events.append(ActionExecuted(name, policy=policy, confidence=1.0, timestamp=self._later(0.05, 0.4)))

    def say(self, response: str) -> None:
        message = {**self.vocab.response(self.rng, response), "utter_action": response}
        self._bot(create_bot_utterance(message))

    def slot(self, name: str, value) -> None:
        self.events.append(SlotSet(name, value, timestamp=self.at))

    def handoff(self, reason: str, urgent: bool) -> str:
        """The ticket slot and payload of actions.handoff.handoff.hand_off."""
        ticket = f"T-{self.rng.getrandbits(40):010X}"
        self._bot(create_bot_utterance({"custom": {"handoff": {"reason": reason, "urgent": urgent, "ticket": ticket}}}))
        self.events += [SlotSet("handoff_ticket", ticket, timestamp=self.at), SlotSet("handoff_offer", None, timestamp=self.at)]
        return ticket

    def listen(self) -> None:
        self.events.append(ActionExecuted("action_listen", policy="RulePolicy", confidence=1.0, timestamp=self._later(0.01, 0.1)))

    def _bot(self, event: BotUttered) -> None:
        event.timestamp = self._later(0.05, 0.6)
        self.events.append(event)


def conversation(rng: random.Random, vocab: Vocabulary, index: int, start: float) -> Tuple[str, List[Event], Optional[TicketRow]]:
    sender_id = f"{rng.getrandbits(128):032x}"
    channel = rng.choices(list(CHANNELS), weights=list(CHANNELS.values()))[0]
    writer = ConversationWriter(rng, vocab, sender_id, channel, start)
    writer.session_start()
    turns = rng.randint(*TURNS)
    handoff_at = rng.randrange(1, turns) if rng.random() < HANDOFF_SHARE else -1
    questions = [intent for intent in vocab.intents if intent.startswith("ask_")]
    ticket = None
    for turn in range(turns):
        if turn == handoff_at:
            reason = rng.choice(list(HANDOFFS))
            intent, action, response = HANDOFFS[reason]
            writer.visitor(rng.choice(vocab.examples[intent]), intent, rng.uniform(0.6, 0.99))
            writer.action(action)
            if reason == "contraindication":
                writer.slot("screening_outcome", "review")
            writer.say(response)
            urgent = reason == "urgent_symptom"
            ticket = TicketRow(writer.handoff(reason, urgent), sender_id, channel, reason, urgent, writer.at)
        elif turn > 0 and rng.random() < FALLBACK_SHARE:
            writer.visitor(rng.choice(FALLBACK_TEXTS), "nlu_fallback", 0.3)
            writer.action("action_clarify")
            writer.say("utter_clarify_two")
        else:
            intent = "greet" if turn == 0 and rng.random() < 0.6 else rng.choice(questions + ["thank", "affirm", "book_appointment"])
            text = RARE_MESSAGE if turn == 1 and index % RARE_EVERY == 0 else rng.choice(vocab.examples[intent])
            writer.visitor(text, intent, rng.uniform(0.55, 0.99))
            response = f"utter_{intent}" if f"utter_{intent}" in vocab.responses else "utter_booking_link"
            writer.action(response)
            writer.say(response)
        writer.listen()
    return sender_id, writer.events, ticket


def event_row(sender_id: str, event: Event) -> dict:
    """The `events` row SQLTrackerStore.save writes for `event` (without id)."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get("name"),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


def _in_time_order(rng: random.Random, vocab: Vocabulary, starts: Sequence[float], tickets_out: List[TicketRow]) -> Iterator[dict]:
    """Event rows of all conversations, interleaved by time (a heap holds the
    events of the conversations still running)."""
    pending: List[Tuple[float, int, str, Event]] = []
    order = 0
    for index, start in enumerate(starts):
        while pending and pending[0][0] <= start:
            _, _, sender_id, event = heapq.heappop(pending)
            yield event_row(sender_id, event)
        sender_id, events, ticket = conversation(rng, vocab, index, start)
        if ticket:
            tickets_out.append(ticket)
        for event in events:
            order += 1
            heapq.heappush(pending, (event.timestamp, order, sender_id, event))
    while pending:
        yield event_row(*heapq.heappop(pending)[2:])


def _ticket_rows(found: List[TicketRow], now: float, rng: random.Random) -> List[dict]:
    rows = []
    for ticket in found:
        created = dt.datetime.fromtimestamp(ticket.at, dt.timezone.utc)
        recent = now - ticket.at < OPEN_TICKET_HOURS * 3600
        status = (CLAIMED if rng.random() < 0.3 else OPEN) if recent else CLOSED
        rows.append({
            "id": ticket.id, "conversation_id": ticket.conversation_id, "channel": ticket.channel,
            "reason": ticket.reason, "urgent": ticket.urgent, "status": status,
            "flags": json.dumps({"isotretinoin": "yes"} if ticket.reason == "contraindication" else {}),
            "contact": None, "created_at": created,
            "claimed_by": "Sam Staff" if status != OPEN else None,
            "claimed_at": created + dt.timedelta(minutes=20) if status != OPEN else None,
            "closed_at": created + dt.timedelta(hours=3) if status == CLOSED else None,
        })
    return rows


def _insert_events(connection, rows: List[dict]) -> None:
    """One executemany; on PostgreSQL a COPY, several times faster than
    INSERTs for these large rows (ids come from the column's serial default)."""
    if connection.dialect.name != "postgresql":
        connection.execute(SQLTrackerStore.SQLEvent.__table__.insert(), rows)
        return
    columns = list(rows[0])
    buffer = io.StringIO()
    csv.writer(buffer).writerows([row[column] for column in columns] for row in rows)
    buffer.seek(0)
    cursor = connection.connection.cursor()
    cursor.copy_expert(f"COPY events ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)", buffer)


@dataclass(frozen=True)
class Generated:
    conversations: int
    events: int
    tickets: int


def generate(engine: Engine, conversations: int, seed: int = 5, now: Optional[float] = None, chunk: int = 20000) -> Generated:
    """Writes `conversations` conversations ending before `now` into the
    tracker store's `events` table (created as Rasa creates it) and their
    handoff tickets."""
    SQLTrackerStore.Base.metadata.create_all(engine)
    ticket_metadata.create_all(engine)
    rng, vocab = random.Random(seed), Vocabulary.load()
    now = now if now is not None else dt.datetime.now(dt.timezone.utc).timestamp()
    # Leave an hour so that the last conversations end before `now`.
    starts = sorted(now - 3600 - rng.uniform(0, DAYS * 86400) for _ in range(conversations))
    found: List[TicketRow] = []
    written, batch = 0, []
    with engine.begin() as connection:
        for row in _in_time_order(rng, vocab, starts, found):
            batch.append(row)
            if len(batch) == chunk:
                _insert_events(connection, batch)
                written, batch = written + len(batch), []
        if batch:
            _insert_events(connection, batch)
            written += len(batch)
        ticket_rows = _ticket_rows(found, now, rng)
        if ticket_rows:
            connection.execute(tickets.insert(), ticket_rows)
    return Generated(conversations, written, len(ticket_rows))
