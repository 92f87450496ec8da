"""Checks Rasa's `events` table against what the visitors sent and received.

For every conversation, the stored user messages and bot replies must be
exactly the acknowledged turns, each once and in order, each followed by the
very replies the visitor got. A turn that got no answer (its server was killed
while working on it) may be stored once or not at all, never in part. A
message id (testkit/load/client.py) is stored on one user event at most, however
often its turn was sent.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Dict, List, Optional, Tuple

import sqlalchemy as sa

from .client import Turn

Event = Tuple[str, Optional[str]]  # ("user" | "bot", text)


def stored_events(database_url: str, senders: List[str]) -> Dict[str, List[Event]]:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT sender_id, type_name, data FROM events WHERE sender_id = ANY(:senders) "
                        "AND type_name IN ('user', 'bot') ORDER BY id"),
                {"senders": senders},
            )
            events: Dict[str, List[Event]] = defaultdict(list)
            for sender, kind, data in rows:
                events[sender].append((kind, json.loads(data).get("text")))
            return events
    finally:
        engine.dispose()


def duplicated(database_url: str, turns: List[Turn]) -> int:
    """How many user events repeat a message id already stored (a turn run twice)."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT sender_id, data FROM events WHERE sender_id = ANY(:senders) AND type_name = 'user'"),
                {"senders": sorted({turn.sender for turn in turns})},
            )
            stored = Counter((sender, json.loads(data).get("message_id")) for sender, data in rows)
    finally:
        engine.dispose()
    return sum(count - 1 for count in stored.values())


def problems(database_url: str, turns: List[Turn]) -> List[str]:
    """One line per conversation whose stored events do not match its turns."""
    sent: Dict[str, List[Turn]] = defaultdict(list)
    for turn in sorted(turns, key=lambda t: t.started):
        sent[turn.sender].append(turn)
    events = stored_events(database_url, list(sent))
    found = []
    for sender, conversation in sent.items():
        if not _matches(conversation, events.get(sender, [])):
            acknowledged = [turn.text for turn in conversation if turn.acknowledged]
            stored = [text for kind, text in events.get(sender, []) if kind == "user"]
            found.append(f"{sender}: acknowledged {acknowledged}, stored {stored}")
    return found


def _matches(turns: List[Turn], events: List[Event]) -> bool:
    if not turns:
        return not events
    turn, rest = turns[0], turns[1:]
    stored_here = bool(events) and events[0] == ("user", turn.text)
    # The turn's block runs up to the next user message.
    end = next((i for i, (kind, _) in enumerate(events) if kind == "user" and i > 0), len(events))
    replies = [text for _, text in events[1:end]]
    if turn.acknowledged:
        return stored_here and replies == [reply.get("text") for reply in turn.replies] and _matches(rest, events[end:])
    return (stored_here and _matches(rest, events[end:])) or _matches(rest, events)
