"""Which urgent tickets are a crisis, for the queue and the transcript.

The handoff payload's reason for a crisis is `urgent_symptom`, fixed by the
product contract (/work/shared/CONTRACT.md §3), so in the console an overdose
read the same as a swollen lip. The crisis classifier's kind (self_harm,
poisoning, abuse) is in the visitor message's parse (`crisis`), stored by
Rasa with the event: the console reads it from there and labels the ticket,
without changing the ticket or the payload.
"""
from __future__ import annotations

import json
from typing import Dict, Iterable, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from clinic_assistant import notify
from clinic_assistant.notify import CRISIS_LABELS
from clinic_assistant.safety.crisis import CRISIS, KINDS
from console.db import events, events_table_exists

# The same words as the clinic's e-mail and webhook (clinic_assistant/notify.py).
LABELS = CRISIS_LABELS


def crisis_kind(parse_data: Optional[Dict]) -> Optional[str]:
    kind = (parse_data or {}).get(CRISIS)
    return kind if kind in KINDS else None


def crisis_kinds(engine: Engine, conversation_ids: Iterable[str]) -> Dict[str, str]:
    """The latest crisis kind read in each conversation that has one."""
    ids = list(dict.fromkeys(conversation_ids))
    if not ids or not events_table_exists(engine):
        return {}
    query = (
        sa.select(events.c.sender_id, events.c.data)
        .where(events.c.sender_id.in_(ids))
        .where(events.c.type_name == "user")
        .where(events.c.data.like(f'%"{CRISIS}"%'))  # a cheap first cut; the JSON decides
        .order_by(events.c.id)
    )
    found: Dict[str, str] = {}
    with engine.connect() as connection:
        for sender_id, raw in connection.execute(query):
            try:
                kind = crisis_kind(json.loads(raw or "{}").get("parse_data"))
            except (ValueError, AttributeError):
                continue
            if kind:
                found[sender_id] = kind
    return found


def reason_label(ticket, kind: Optional[str]) -> str:
    """"urgent: crisis (self-harm or suicide risk)" for an urgent ticket in a
    conversation read as a crisis; otherwise the reason in words with the
    contract's name, as in the clinic's e-mail: "emergency signs (urgent_symptom)"."""
    if ticket.urgent and kind:
        return f"urgent: {notify.reason_label(ticket.reason, kind)}"
    words = notify.reason_label(ticket.reason)
    return ticket.reason if words == ticket.reason else f"{words} ({ticket.reason})"
