"""One conversation as staff read it, from Rasa's stored events.

Each item is a plain dict for the template and for exports: visitor messages
with the predicted intent and confidence, bot messages (buttons, handoff
payloads, staff replies with the staff member's name), the bot's actions and
the screening flags. Texts stay text: the templates escape them.
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Dict, FrozenSet, List, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from clinic_assistant import clinic_config
from clinic_assistant.pii import PHONE, redact, redact_keeping
from clinic_assistant.screening.items import SLOT_PREFIX
from console.db import events, events_table_exists
from console.text import displayable

# Slots worth showing; the clinic facts and form bookkeeping are noise here.
SHOWN_SLOTS = {"handoff_ticket", "screening_outcome", "contact", "contact_consent", "booking_requested"}
HIDDEN_ACTIONS = {"action_listen", "action_session_start"}


# What a slot's value means, in the words staff use; other slots read "name = value".
# `contact_consent = False` is set when the visitor is *asked* for a contact
# (actions/handoff/handoff.py) and stays so until they agree: read raw, it
# looked like a refusal (stop 47).
SLOT_WORDS = {
    ("contact_consent", True): "The visitor agreed to leave a phone number or e-mail address.",
    ("contact_consent", False): "The visitor was asked for a phone number or e-mail address (not agreed to, or not answered yet).",
    ("screening_outcome", "in_progress"): "Screening checklist started.",
    ("screening_outcome", "clear"): "Screening: nothing the visitor told rules it out (the practitioner confirms at the consultation).",
    ("screening_outcome", "review"): "Screening: a clinician needs to review this before booking.",
}


def slot_words(name: str, value: Any) -> str:
    if (name, value) in SLOT_WORDS:
        return SLOT_WORDS[(name, value)]
    if name == "handoff_ticket":
        return f"Handed to a person: ticket {value}." if value else "The assistant has the conversation again (no open ticket)."
    if name == "contact" and value:
        return f"Contact left: {value}"
    return f"{name} = {value}"


def _item(event_id: int, data: Dict) -> Optional[Dict]:
    kind = data.get("event")
    base = {"event_id": event_id, "time": data.get("timestamp") or 0.0}
    if kind == "user":
        intent = (data.get("parse_data") or {}).get("intent") or {}
        return {
            **base, "kind": "visitor", "text": displayable(data.get("text") or ""),
            "intent": intent.get("name"), "confidence": intent.get("confidence"),
            "channel": data.get("input_channel"),
        }
    if kind == "bot":
        payload = data.get("data") or {}
        handoff = (payload.get("custom") or {}).get("handoff")
        staff_name = (data.get("metadata") or {}).get("staff")
        return {
            **base, "kind": "staff" if staff_name else "bot", "text": displayable(data.get("text") or ""),
            "staff": staff_name,
            "buttons": [button.get("title", "") for button in payload.get("buttons") or []],
            "handoff": handoff if isinstance(handoff, dict) else None,
        }
    if kind == "action" and data.get("name") not in HIDDEN_ACTIONS:
        return {**base, "kind": "action", "name": data.get("name"), "policy": data.get("policy")}
    if kind == "slot":
        name, value = data.get("name") or "", data.get("value")
        if name in SHOWN_SLOTS or (name.startswith(SLOT_PREFIX) and value is not None):
            return {**base, "kind": "slot", "name": name, "value": value, "words": slot_words(name, value)}
    return None


def read(engine: Engine, conversation_id: str, after: int = 0) -> List[Dict]:
    """The conversation's items, or those after event id `after`."""
    return read_many(engine, [conversation_id], after).get(conversation_id, [])


def read_many(engine: Engine, conversation_ids: List[str], after: int = 0) -> Dict[str, List[Dict]]:
    """Items by conversation id, for several conversations in one query."""
    if not events_table_exists(engine):
        return {}
    query = (
        sa.select(events.c.id, events.c.sender_id, events.c.data)
        .where(events.c.sender_id.in_(conversation_ids))
        .where(events.c.id > after)
        .order_by(events.c.id)
    )
    items: Dict[str, List[Dict]] = {}
    with engine.connect() as connection:
        for event_id, sender_id, raw in connection.execute(query):
            try:
                data = json.loads(raw or "{}")
            except ValueError:
                continue
            item = _item(event_id, data)
            if item:
                items.setdefault(sender_id, []).append(item)
    return items


def _strings(node: Any):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


@lru_cache(maxsize=1)
def clinic_numbers() -> FrozenSet[str]:
    """Every phone number clinic.yml publishes (the clinic's phone, the
    on-call line, the crisis and abuse lines...), found in the `clinic:`
    section's text rather than listed by key, so a line a clinic adds is kept too."""
    return frozenset(match.group(0) for text in _strings(clinic_config.current().clinic) for match in PHONE.finditer(text))


# Whose text may quote the clinic's own numbers. A visitor's text is blanked
# whole: a visitor typing the clinic's number is rare, and their own number
# must never survive because it looks like one.
CLINIC_VOICES = {"bot", "staff"}


def redacted(items: List[Dict]) -> List[Dict]:
    """The same items with phone numbers and e-mail addresses blanked out of
    every message and of the contact slot; the clinic's published numbers
    stay readable in the assistant's and staff's text, so a reviewer can check
    which number the assistant gave."""
    result = []
    for item in items:
        item = dict(item)
        if "text" in item:
            item["text"] = redact_keeping(item["text"], clinic_numbers()) if item.get("kind") in CLINIC_VOICES else redact(item["text"])
        if item.get("kind") == "slot" and item["name"] == "contact" and item["value"]:
            item["value"] = redact(str(item["value"]))
        result.append(item)
    return result


def last_words(engine: Engine, conversation_ids: List[str]) -> Dict[str, Dict]:
    """Who wrote last in each conversation, the visitor or a staff member
    (the assistant's own messages do not count): {"by": "visitor" or
    "staff", "name": staff name, "at": timestamp}. For the queue, where a
    claimed ticket whose visitor wrote again looked the same as one that
    staff had just answered (stop 47)."""
    ids = list(dict.fromkeys(conversation_ids))
    if not ids or not events_table_exists(engine):
        return {}
    visitor = (
        sa.select(events.c.sender_id, sa.func.max(events.c.timestamp))
        .where(events.c.sender_id.in_(ids)).where(events.c.type_name == "user")
        .group_by(events.c.sender_id)
    )
    # A staff reply is a bot event with the staff member's name in its metadata
    # (console/rasa_api.py); json.dumps writes the key so, and a text quoting
    # it would be escaped (\"staff\"), so the LIKE cut finds only those.
    staff = (
        sa.select(events.c.sender_id, events.c.timestamp, events.c.data)
        .where(events.c.sender_id.in_(ids)).where(events.c.type_name == "bot")
        .where(events.c.data.like('%"staff": "%'))
        .order_by(events.c.id)
    )
    found: Dict[str, Dict] = {}
    with engine.connect() as connection:
        for sender_id, at in connection.execute(visitor):
            found[sender_id] = {"by": "visitor", "name": None, "at": at or 0.0}
        for sender_id, at, raw in connection.execute(staff):
            try:
                name = (json.loads(raw or "{}").get("metadata") or {}).get("staff")
            except ValueError:
                continue
            if name and (at or 0.0) >= found.get(sender_id, {}).get("at", 0.0):
                found[sender_id] = {"by": "staff", "name": name, "at": at or 0.0}
    return found
