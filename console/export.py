"""Conversations as CSV (one row per message) or JSON (one object each).

Unless an admin asks for the raw text, an export is redacted: phone numbers
and e-mail addresses in the messages are blanked out, and each conversation
id (a phone number on SMS and WhatsApp, a Telegram or Messenger id) is
replaced by its pseudonym (clinic_assistant/pii.py: a keyed hash, the same in every
export, so rows of one conversation still go together). Staff notes are left
out unless asked for (and redacted too). The caller audits either way.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Dict, Iterable, List, Optional

from sqlalchemy.engine import Engine

from clinic_assistant.pii import pseudonym
from clinic_assistant.pii import redact as redact_text
from console import transcript
from console.conversations import FLAGS, get_summaries

MAX_CONVERSATIONS = 5000
BATCH = 200
CSV_COLUMNS = ("conversation_id", "channel", "time", "kind", "author", "text", "intent", "confidence", "handoff")
# What staff add to a conversation, on each of its rows (a spreadsheet filters
# rows, so every row says which conversation it belongs to and how it was
# reviewed); "note" only when the export asks for staff notes.
CSV_REVIEW_COLUMNS = ("tags", "reviewed")
CSV_NOTE_COLUMN = "note"
# The message's time in the clinic's time zone (clinic.yml's hours.timezone),
# as the console's pages show it, "2026-07-01 13:30:05": the last column,
# after every other, so that a reader of the columns before (by name or by
# position) reads what it always did. `time` stays UTC with its offset.
CSV_CLINIC_TIME_COLUMN = "clinic_time"
# A cell starting with these is a formula in spreadsheet programs; visitors'
# text must never run as one.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _iso(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp or 0, dt.timezone.utc).isoformat(timespec="seconds")


def _clinic_time(timestamp: float, tz: Optional[dt.tzinfo]) -> str:
    return dt.datetime.fromtimestamp(timestamp or 0, tz or dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def collect(engine: Engine, conversation_ids: Iterable[str], redact: bool, notes: bool = False) -> List[Dict]:
    ids = list(dict.fromkeys(conversation_ids))[:MAX_CONVERSATIONS]
    conversations = []
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        summaries = get_summaries(engine, batch)
        items = transcript.read_many(engine, batch)
        for conversation_id in batch:
            summary = summaries.get(conversation_id)
            if summary is None:
                continue
            messages = [item for item in items.get(conversation_id, []) if item["kind"] in ("visitor", "bot", "staff")]
            note = summary["note"] if notes else None
            conversations.append({
                "conversation_id": pseudonym(conversation_id) if redact else conversation_id,
                "channel": summary["channel"],
                "started": _iso(summary["started_at"]),
                "last_message": _iso(summary["last_message_at"]),
                "flags": [flag for flag in FLAGS if summary[flag]],
                "intents": summary["intents"],
                "tags": summary["tags"],
                "reviewed": summary["reviewed_at"] is not None,
                **({"note": redact_text(note) if redact else note} if notes else {}),
                "messages": transcript.redacted(messages) if redact else messages,
            })
    return conversations


def to_json(conversations: List[Dict]) -> str:
    for conversation in conversations:
        for message in conversation["messages"]:
            message["time"] = _iso(message["time"])
    return json.dumps({"conversations": conversations}, ensure_ascii=False, indent=1)


def to_csv(conversations: List[Dict], tz: Optional[dt.tzinfo] = None) -> str:
    """`tz`: the clinic's time zone, for the last column (UTC without one)."""
    out = io.StringIO()
    writer = csv.writer(out)
    with_notes = any(CSV_NOTE_COLUMN in conversation for conversation in conversations)
    writer.writerow(CSV_COLUMNS + CSV_REVIEW_COLUMNS + ((CSV_NOTE_COLUMN,) if with_notes else ()) + (CSV_CLINIC_TIME_COLUMN,))
    for conversation in conversations:
        review = [_cell(", ".join(conversation["tags"])), "yes" if conversation["reviewed"] else "no"]
        review += [_cell(conversation.get(CSV_NOTE_COLUMN))] if with_notes else []
        for message in conversation["messages"]:
            author = {"visitor": "visitor", "bot": "assistant"}.get(message["kind"], f"staff: {message.get('staff')}")
            handoff = message.get("handoff") or {}
            writer.writerow([
                _cell(conversation["conversation_id"]), _cell(conversation["channel"]), _iso(message["time"]),
                message["kind"], _cell(author), _cell(message["text"]), _cell(message.get("intent")),
                "" if message.get("confidence") is None else f"{message['confidence']:.3f}",
                _cell(handoff.get("reason")), *review, _clinic_time(message["time"], tz),
            ])
    return out.getvalue()
