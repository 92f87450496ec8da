"""The conversation suite (issue 11): tests/conversations/*.yml, one test per
conversation, through the real REST channel of a running stack (and, for
`channel: telegram | sms | whatsapp | messenger`, through the messaging
channels' webhooks against a fake provider API).

The format is documented in docs/conversation-suite.md. In short: each
conversation has a `name`, an optional `channel` and `clock`, and `turns`;
a turn is `visitor: text`, `button: Title` or `staff: claim | say <text> |
handback`, and visitor/button turns carry expectations (handoff, screening,
outcome, booking_link, says, says_not, buttons, silent).

Run it alone:  .venv/bin/python -m pytest tests/test_conversation_suite.py -q
One file:      ... -k "screening_checklist:"
"""
from __future__ import annotations

import asyncio
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional
from urllib.parse import quote

import pytest
import requests
import yaml

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "tests" / "conversations"
CLINIC = yaml.safe_load((ROOT / "clinic.yml").read_text(encoding="utf-8"))
ITEM_IDS = [item["id"] for item in CLINIC["screening"]["items"]]
TEXT_CHANNELS = ("telegram", "sms", "whatsapp", "messenger")
CHANNELS = ("rest", *TEXT_CHANNELS)
OUTCOMES = ("clear", "review", "in_progress", "stopped", None)
ANSWERS = ("yes", "no", "unsure", None)
TURN_KEYS = {"visitor", "button", "staff"}
EXPECTATIONS = {"handoff", "screening", "outcome", "booking_link", "says", "says_not", "buttons", "silent", "note"}
STAFF_NAME = "Suite Staff"

# Never said, on any turn of any conversation (docs/design.md §4.3; issue 11).
NEVER = [r"safe for you", r"you('| a)re eligible", r"you can safely", r"Sorry, I didn't catch that"]
# Said only to a visitor who has just declined to leave contact details.
CONTACT_DECLINED = r"No problem\. The team will reply here in the chat"
BARE_DECLINE = re.compile(
    r"^\s*(no+|nope|nah|no,? thanks?( you)?|no thank you|skip|not now|i'?d rather not|rather not)\s*[.!]*\s*$"
    # or in words, asking nothing: "id rather not give out my number tbh"
    r"|^[^?]*\b(rather not|prefer not|don'?t want to|do not want to)\b[^?]*\b(give|share|number|e-?mail|details)\b[^?]*$",
    re.I,
)


def _leaves(value: Any) -> List[str]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [str(value)] if isinstance(value, (str, int)) and not isinstance(value, bool) else []


def _out_of_hours() -> str:
    """Short values (numbers, addresses, URLs) of clinic.yml's out_of_hours route."""
    section = CLINIC.get("out_of_hours") or CLINIC.get("clinic", {}).get("out_of_hours")
    leaves = _leaves(section)
    values = [leaf for leaf in leaves if 3 <= len(leaf.strip()) <= 60]
    # A sentence-long route: its phone numbers are what a visitor must see.
    values += [phone for leaf in leaves for phone in re.findall(r"\(?\d[\d\s().-]{6,}\d", leaf)]
    return "(" + "|".join(re.escape(value.strip()) for value in values) + ")" if values else r"(?!x)x"


PLACEHOLDERS = {
    "{emergency_number}": re.escape(str(CLINIC["clinic"]["emergency_number"])),
    "{phone}": re.escape(str(CLINIC["clinic"]["phone"])),
    "{crisis_line}": re.escape(str(CLINIC["clinic"]["crisis_line"])),
    "{abuse_line}": re.escape(str(CLINIC["clinic"]["abuse_line"])),
    "{booking_url}": re.escape(str(CLINIC["clinic"]["booking_url"])),
    "{out_of_hours}": _out_of_hours(),
}


def pattern(text: str) -> str:
    for placeholder, value in PLACEHOLDERS.items():
        text = text.replace(placeholder, value)
    return text


# --- the YAML files -------------------------------------------------------


def _answer(value: Any) -> Optional[str]:
    """YAML reads unquoted yes/no as booleans: they mean the answers."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value


@dataclass
class Conversation:
    file: str
    name: str
    channel: str
    clock: Optional[str]
    turns: List[Dict[str, Any]]
    # Why the assistant does not yet do what this conversation expects: the
    # test is a strict xfail (it fails the run the day it passes, so the note
    # cannot go stale). Counted in docs/conversation-suite.md.
    known_gap: Optional[str] = None

    @property
    def id(self) -> str:
        return f"{self.file}:{self.name}"

    @property
    def visitor_turns(self) -> int:
        return sum(1 for turn in self.turns if "visitor" in turn or "button" in turn)


def load_suite() -> List[Conversation]:
    conversations = []
    for path in sorted(SUITE.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for raw in data.get("conversations") or []:
            conversations.append(
                Conversation(
                    path.stem, str(raw.get("name")), raw.get("channel", "rest"), raw.get("clock"),
                    raw.get("turns") or [], raw.get("known_gap"),
                )
            )
    return conversations


CONVERSATIONS = load_suite()


def format_problems(conversation: Conversation) -> List[str]:
    problems = []
    where = conversation.id
    if conversation.channel not in CHANNELS:
        problems.append(f"{where}: unknown channel {conversation.channel!r}")
    if conversation.clock is not None:
        import datetime as dt

        try:
            dt.datetime.fromisoformat(str(conversation.clock))
        except ValueError:
            problems.append(f"{where}: clock {conversation.clock!r} is not an ISO datetime")
        if conversation.channel != "rest":
            problems.append(f"{where}: a clock is sent as REST message metadata only")
    if not conversation.turns:
        problems.append(f"{where}: no turns")
    for number, turn in enumerate(conversation.turns, 1):
        kinds = TURN_KEYS & set(turn)
        if len(kinds) != 1:
            problems.append(f"{where} turn {number}: needs exactly one of visitor/button/staff")
            continue
        unknown = set(turn) - TURN_KEYS - EXPECTATIONS
        if unknown:
            problems.append(f"{where} turn {number}: unknown keys {sorted(unknown)}")
        if "staff" in turn:
            action = turn["staff"]
            if not (action in ("claim", "handback") or isinstance(action, dict) and "say" in action
                    or isinstance(action, str) and action.startswith("say ")):
                problems.append(f"{where} turn {number}: staff must be claim, handback or say <text>")
            if set(turn) & EXPECTATIONS:
                problems.append(f"{where} turn {number}: staff turns carry no expectations")
            continue
        handoff = turn.get("handoff")
        if handoff is not None and handoff != "none":
            if not (isinstance(handoff, dict) and set(handoff) <= {"reason", "urgent"} and "reason" in handoff):
                problems.append(f"{where} turn {number}: handoff is none or {{reason, urgent}}")
        for item, value in (turn.get("screening") or {}).items():
            if item != "all" and item not in ITEM_IDS:
                problems.append(f"{where} turn {number}: unknown screening item {item!r}")
            values = value if isinstance(value, list) else [value]
            if any(_answer(v) not in ANSWERS for v in values):
                problems.append(f"{where} turn {number}: {item} must be yes/no/unsure/null")
        if "outcome" in turn and turn["outcome"] not in OUTCOMES:
            problems.append(f"{where} turn {number}: unknown outcome {turn['outcome']!r}")
        for key in ("says", "says_not", "buttons"):
            for text in turn.get(key) or []:
                try:
                    re.compile(pattern(text))
                except re.error as error:
                    problems.append(f"{where} turn {number}: {key} {text!r}: {error}")
    return problems


def test_suite_is_well_formed():
    problems = [problem for conversation in CONVERSATIONS for problem in format_problems(conversation)]
    ids = [conversation.id for conversation in CONVERSATIONS]
    problems += [f"duplicate conversation {name}" for name in sorted({i for i in ids if ids.count(i) > 1})]
    assert not problems, "\n".join(problems)
    assert len(CONVERSATIONS) >= 100, len(CONVERSATIONS)
    average = sum(c.visitor_turns for c in CONVERSATIONS) / len(CONVERSATIONS)
    assert average >= 3, f"{average:.2f} visitor turns on average"


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", str(text).casefold()).split())


def test_suite_is_not_in_the_training_data():
    """The conversations test the assistant; they must not teach it (issue 11).
    Any visitor message of six words or more found verbatim in data/ fails."""
    examples = set()
    for path in (ROOT / "data").rglob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line.startswith("- "):
                examples.add(_normal(line[2:]))
    copied = sorted(
        {
            f"{c.id}: {turn['visitor']}"
            for c in CONVERSATIONS
            for turn in c.turns
            if "visitor" in turn and len(_normal(turn["visitor"]).split()) >= 6 and _normal(turn["visitor"]) in examples
        }
    )
    assert not copied, "suite messages found in data/:\n" + "\n".join(copied)


# --- talking to the stack -------------------------------------------------


@dataclass
class Turn:
    """What the assistant answered to one visitor message."""

    texts: List[str]
    buttons: List[Dict[str, Any]] = field(default_factory=list)
    handoffs: List[Dict[str, Any]] = field(default_factory=list)
    raw: List[Any] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.texts)


def _tickets(stack, conversation_id: str):
    from clinic_assistant.tickets import TicketStore

    return TicketStore(url=stack.config["CLINIC_DB_URL"]).for_conversation(conversation_id)


class RestDriver:
    def __init__(self, stack, clock: Optional[str]) -> None:
        self.stack = stack
        self.clock = clock
        self.conversation_id = f"suite-{uuid.uuid4()}"
        self.url = stack.url("rasa") + "/webhooks/rest/webhook"

    def send(self, text: str) -> Turn:
        body: Dict[str, Any] = {"sender": self.conversation_id, "message": text}
        if self.clock:
            body["metadata"] = {"test_clock": str(self.clock)}
        response = requests.post(self.url, json=body, timeout=60)
        assert response.status_code == 200, f"REST channel answered {response.status_code}: {response.text[:300]}"
        replies = response.json()
        return Turn(
            texts=[reply["text"] for reply in replies if reply.get("text")],
            buttons=[button for reply in replies for button in reply.get("buttons") or []],
            handoffs=[reply["custom"]["handoff"] for reply in replies if "handoff" in (reply.get("custom") or {})],
            raw=replies,
        )

    def press(self, title: str, previous: Turn) -> Turn:
        for button in previous.buttons:
            if _normal(button.get("title", "")) == _normal(title):
                return self.send(button.get("payload") or button["title"])
        raise LookupError(title)

    def staff_text_seen(self, text: str) -> Optional[bool]:
        return None  # the REST channel cannot deliver later messages


NUMBERED = re.compile(r"^\s*(\d{1,2})\. (.+?)\s*$", re.M)


class TextChannelDriver:
    """A person on a messaging app; the handoff is read from the ticket store,
    because text channels carry the handoff as words only (docs/design.md §3)."""

    def __init__(self, stack, fake, channel: str) -> None:
        from testkit.channel_support import (
            MessengerVisitor,
            TelegramVisitor,
            TwilioVisitor,
        )

        rasa = stack.url("rasa")
        self.visitor = {
            "telegram": lambda: TelegramVisitor(rasa, fake),
            "sms": lambda: TwilioVisitor(rasa, fake),
            "whatsapp": lambda: TwilioVisitor(rasa, fake, whatsapp=True),
            "messenger": lambda: MessengerVisitor(rasa, fake),
        }[channel]()
        self.stack = stack
        self.conversation_id = self.visitor.conversation_id

    def send(self, text: str) -> Turn:
        before = {ticket.id: ticket for ticket in _tickets(self.stack, self.conversation_id)}
        texts = self.visitor.say(text)
        handoffs = []
        for ticket in _tickets(self.stack, self.conversation_id):
            old = before.get(ticket.id)
            if old is None or (ticket.urgent and not old.urgent):
                handoffs.append(ticket.payload()["handoff"])
        buttons = []
        if texts:
            buttons = [{"number": n, "title": t} for n, t in NUMBERED.findall(texts[-1])]
        return Turn(texts=list(texts), buttons=buttons, handoffs=handoffs, raw=list(texts))

    def press(self, title: str, previous: Turn) -> Turn:
        for button in reversed(previous.buttons):
            if _normal(button["title"]) == _normal(title):
                return self.send(button["number"])
        raise LookupError(title)

    def staff_text_seen(self, text: str) -> Optional[bool]:
        return any(text in message for message in self.visitor.received())


def _slots(stack, conversation_id: str) -> Dict[str, Any]:
    token = stack.config["RASA_API_TOKEN"]
    url = stack.url("rasa") + f"/conversations/{quote(conversation_id, safe=':+')}/tracker"
    response = requests.get(url, params={"token": token}, timeout=30)
    assert response.status_code == 200, response.text[:300]
    return response.json().get("slots", {})


@pytest.fixture(scope="module")
def text_channels(tmp_path_factory, webhook):
    """A second stack with every messaging channel on, talking to a fake
    provider API (as tests/channels/conftest.py builds it); started only
    when a selected conversation is on a text channel."""
    import testkit.channel_support as cs
    from channels.credentials import write_credentials
    from testkit.helpers import start_test_stack

    fake = cs.FakeProviderAPI()
    workdir = tmp_path_factory.mktemp("suite-channels")
    env = dict(
        TELEGRAM_ACCESS_TOKEN=cs.TELEGRAM_TOKEN,
        TELEGRAM_SECRET_TOKEN=cs.TELEGRAM_SECRET,
        TELEGRAM_WEBHOOK_URL=cs.TELEGRAM_WEBHOOK_URL,
        TELEGRAM_API_URL=fake.url,
        TWILIO_ACCOUNT_SID=cs.TWILIO_SID,
        TWILIO_AUTH_TOKEN=cs.TWILIO_AUTH_TOKEN,
        TWILIO_NUMBER=cs.TWILIO_SMS_NUMBER,
        TWILIO_WHATSAPP_NUMBER=cs.TWILIO_WHATSAPP_NUMBER,
        TWILIO_WEBHOOK_URL=cs.TWILIO_PUBLIC_URL,
        TWILIO_API_URL=fake.url,
        MESSENGER_PAGE_ACCESS_TOKEN=cs.MESSENGER_PAGE_TOKEN,
        MESSENGER_APP_SECRET=cs.MESSENGER_APP_SECRET,
        MESSENGER_VERIFY_TOKEN=cs.MESSENGER_VERIFY_TOKEN,
        MESSENGER_API_URL=fake.url,
    )
    credentials = write_credentials(env, workdir / "credentials.yml")
    running = start_test_stack(workdir, webhook, RASA_CREDENTIALS=str(credentials), **env)
    yield running, fake
    running.stop_all()
    fake.close()


# --- staff, as the console does it ----------------------------------------


def staff_action(stack, driver, action) -> None:
    from console import rasa_api

    token = stack.config["RASA_API_TOKEN"]
    if action == "claim":
        # console/views/queue.py: TicketStore.claim(ticket_id, staff_name)
        from clinic_assistant.tickets import OPEN, TicketStore

        store = TicketStore(url=stack.config["CLINIC_DB_URL"])
        open_tickets = [t for t in store.for_conversation(driver.conversation_id) if t.status == OPEN]
        assert open_tickets, "staff: claim, but the conversation has no open ticket"
        store.claim(open_tickets[-1].id, STAFF_NAME)
    elif action == "handback":
        asyncio.run(rasa_api.hand_back(stack.url("rasa"), token, driver.conversation_id))
    else:
        text = action["say"] if isinstance(action, dict) else action[len("say "):]
        asyncio.run(rasa_api.send_staff_message(stack.url("rasa"), token, driver.conversation_id, text, STAFF_NAME))
        seen = driver.staff_text_seen(text)
        assert seen in (None, True), f"the staff message {text!r} did not reach the visitor"


# --- checking one turn ----------------------------------------------------


def _expected_screening(expected: Dict[str, Any]) -> Dict[str, List[Optional[str]]]:
    wanted: Dict[str, List[Optional[str]]] = {}
    if "all" in expected:
        for item in ITEM_IDS:
            wanted[item] = [_answer(expected["all"])]
    for item, value in expected.items():
        if item != "all":
            wanted[item] = [_answer(v) for v in (value if isinstance(value, list) else [value])]
    return wanted


def check_turn(spec: Dict[str, Any], said: str, turn: Turn, slots_of) -> List[str]:
    problems = []
    text = turn.text
    if spec.get("silent"):
        if turn.texts:
            problems.append("expected no reply at all (staff hold)")
    elif not turn.texts:
        problems.append("expected a reply, got none (CONTRACT §4.5: a turn is never silent)")

    for never in NEVER:
        if re.search(never, text, re.I):
            problems.append(f"said the forbidden {never!r}")
    if not BARE_DECLINE.match(said) and re.search(CONTACT_DECLINED, text, re.I):
        problems.append("said the contact-declined line to a message that did not decline")

    if "handoff" in spec:
        expected = spec["handoff"]
        if expected == "none":
            if turn.handoffs:
                problems.append(f"expected no handoff, got {turn.handoffs}")
        else:
            reason, urgent = expected["reason"], bool(expected.get("urgent", expected["reason"] == "urgent_symptom"))
            got = [(h.get("reason"), h.get("urgent")) for h in turn.handoffs]
            if got != [(reason, urgent)]:
                problems.append(f"expected one handoff {{reason: {reason}, urgent: {urgent}}}, got {turn.handoffs or 'none'}")

    if "booking_link" in spec:
        has = CLINIC["clinic"]["booking_url"] in text
        if has != bool(spec["booking_link"]):
            problems.append(f"booking link {'missing' if spec['booking_link'] else 'offered'}")

    for wanted in spec.get("says") or []:
        if not re.search(pattern(wanted), text, re.I):
            problems.append(f"does not say /{wanted}/")
    for unwanted in spec.get("says_not") or []:
        if re.search(pattern(unwanted), text, re.I):
            problems.append(f"says /{unwanted}/")
    titles = [str(button.get("title", "")) for button in turn.buttons]
    for wanted in spec.get("buttons") or []:
        if not any(re.search(pattern(wanted), title, re.I) for title in titles):
            problems.append(f"no button /{wanted}/ among {titles}")

    slots = slots_of()
    if "screening" in spec:
        for item, allowed in _expected_screening(spec["screening"]).items():
            value = slots.get(f"screen_{item}")
            if value not in allowed:
                problems.append(f"screen_{item} is {value!r}, expected {' or '.join(map(repr, allowed))}")
    if "outcome" in spec and slots.get("screening_outcome") != spec["outcome"]:
        problems.append(f"screening_outcome is {slots.get('screening_outcome')!r}, expected {spec['outcome']!r}")
    # docs/design.md §4.3: after the clinician-review outcome the treatment is never booked.
    if slots.get("screening_outcome") == "review" and CLINIC["clinic"]["booking_url"] in text:
        problems.append("booking link offered while the outcome is clinician review")
    return problems


def _describe(turn: Turn) -> str:
    lines = []
    for reply in turn.raw:
        if isinstance(reply, str):
            lines.append(f"    bot: {reply}")
            continue
        if reply.get("text"):
            lines.append(f"    bot: {reply['text']}")
        if reply.get("buttons"):
            lines.append(f"    buttons: {[b.get('title') for b in reply['buttons']]}")
        if reply.get("custom"):
            lines.append(f"    custom: {reply['custom']}")
    if turn.handoffs and all(isinstance(r, str) for r in turn.raw):
        lines.append(f"    handoff (ticket store): {turn.handoffs}")
    return "\n".join(lines) or "    (no reply)"


def _marked(conversation: Conversation):
    if conversation.known_gap:
        return pytest.param(conversation, marks=pytest.mark.xfail(reason=conversation.known_gap, strict=True))
    return conversation


@pytest.mark.parametrize("conversation", [_marked(c) for c in CONVERSATIONS], ids=[c.id for c in CONVERSATIONS])
def test_conversation(conversation: Conversation, stack, request):
    if conversation.channel == "rest":
        target = stack
        driver = RestDriver(stack, conversation.clock)
    else:
        target, fake = request.getfixturevalue("text_channels")
        driver = TextChannelDriver(target, fake, conversation.channel)

    transcript: List[str] = [f"{conversation.id} ({conversation.channel}, conversation {driver.conversation_id})"]
    previous: Optional[Turn] = None
    for number, spec in enumerate(conversation.turns, 1):
        if "staff" in spec:
            staff_action(target, driver, spec["staff"])
            transcript.append(f"  [{number}] staff: {spec['staff']}")
            continue
        if "button" in spec:
            said = str(spec["button"])
            shown = [b.get("title") for b in (previous.buttons if previous else [])]
            try:
                turn = driver.press(said, previous) if previous else None
            except LookupError:
                turn = None
            if turn is None:
                transcript.append(f"  [{number}] button: {said}")
                pytest.fail("\n".join(transcript) + f"\n  FAILED: no button {said!r} in the previous replies (buttons: {shown})")
            label = f"button: {said}"
        else:
            said = str(spec["visitor"])
            turn = driver.send(said)
            label = f"visitor: {said}"
        transcript.append(f"  [{number}] {label}\n{_describe(turn)}")
        problems = check_turn(spec, said, turn, lambda: _slots(target, driver.conversation_id))
        if problems:
            slots = _slots(target, driver.conversation_id)
            shown = {k: v for k, v in slots.items() if k.startswith("screen_") or k == "screening_outcome" or k == "handoff_ticket"}
            pytest.fail(
                "\n".join(transcript)
                + f"\n  FAILED at turn {number} ({label}):\n    - "
                + "\n    - ".join(problems)
                + f"\n  slots: {shown}"
            )
        if turn.texts or turn.buttons:
            previous = turn
