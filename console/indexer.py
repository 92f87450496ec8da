"""Keeps `console_conversations` in step with Rasa's `events` table.

Each pass reads the events after the last one indexed, in id order, and folds
them into one summary row per conversation (times, channel, turns, intents,
flags) plus the searchable message texts.

Ids are handed out when a row is inserted but become visible when its
transaction commits, so with several Rasa servers an event can appear behind
one already indexed. Each pass therefore re-reads a window of RESCAN ids
before the mark, and a conversation takes only events after its own last one
(its turns are serialised by Rasa's lock store, so they commit in order).
"""
from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Set, Tuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from console.db import (
    conversation_intents,
    conversation_tags,
    conversations,
    events,
    events_table_exists,
    get_setting,
    messages,
    put_setting,
)
from console.text import displayable

logger = logging.getLogger(__name__)
_one_pass = threading.Lock()

MARK = "indexed_event_id"
RESCAN = 500
BATCH = 5000
FALLBACK_INTENTS = {"nlu_fallback"}
FALLBACK_ACTIONS = {"action_clarify", "action_default_fallback"}
# Columns staff write (review, note); the indexer never touches them.
STAFF_COLUMNS = ("reviewed_by", "reviewed_at", "note")


@dataclass
class Summary:
    conversation_id: str
    started_at: float
    last_message_at: float
    last_event_id: int = 0
    channel: str = "unknown"
    turns: int = 0
    last_message: str = ""
    handoff: bool = False
    urgent: bool = False
    contraindication: bool = False
    fallback: bool = False
    new_intents: Set[str] = field(default_factory=set)
    new_messages: List[dict] = field(default_factory=list)

    def apply(self, event_id: int, timestamp: float, data: dict) -> None:
        kind = data.get("event")
        self.last_event_id = event_id
        timestamp = timestamp or self.last_message_at
        if kind == "user":
            intent = ((data.get("parse_data") or {}).get("intent") or {}).get("name")
            if intent:
                self.new_intents.add(intent)
                self.fallback |= intent in FALLBACK_INTENTS
            if data.get("input_channel"):
                self.channel = data["input_channel"][:64]
            self.turns += 1
            self._message(event_id, timestamp, data.get("text") or "")
        elif kind == "bot":
            handoff = ((data.get("data") or {}).get("custom") or {}).get("handoff")
            if isinstance(handoff, dict):
                self.handoff = True
                self.urgent |= bool(handoff.get("urgent"))
                self.contraindication |= handoff.get("reason") == "contraindication"
            if (data.get("metadata") or {}).get("staff"):
                self._message(event_id, timestamp, data.get("text") or "")
        elif kind == "action":
            self.fallback |= data.get("name") in FALLBACK_ACTIONS
        elif kind == "slot" and data.get("name") == "screening_outcome":
            self.contraindication |= data.get("value") == "review"

    def _message(self, event_id: int, timestamp: float, text: str) -> None:
        text = displayable(text)
        self.last_message_at = max(self.last_message_at, timestamp)
        self.last_message = text[:200]
        if text:
            self.new_messages.append({"event_id": event_id, "conversation_id": self.conversation_id, "text": text})

    def row(self) -> dict:
        return {
            column.name: getattr(self, column.name)
            for column in conversations.columns
            if hasattr(self, column.name) and column.name not in STAFF_COLUMNS
        }


def _load(connection: Connection, conversation_ids: Iterable[str]) -> Dict[str, Summary]:
    loaded = {}
    ids = list(conversation_ids)
    for start in range(0, len(ids), 500):
        query = conversations.select().where(conversations.c.conversation_id.in_(ids[start : start + 500]))
        for row in connection.execute(query):
            values = {key: value for key, value in row._mapping.items() if key not in STAFF_COLUMNS}
            loaded[row.conversation_id] = Summary(**values)
    return loaded


def index_batch(engine: Engine, after_id: int, limit: int = BATCH) -> Optional[Tuple[int, int]]:
    """Folds up to `limit` events after `after_id` into the summaries; returns
    the highest id read and how many events were new, or None when there was
    nothing."""
    with engine.begin() as connection:
        rows = connection.execute(
            sa.select(events.c.id, events.c.sender_id, events.c.timestamp, events.c.data)
            .where(events.c.id > after_id)
            .order_by(events.c.id)
            .limit(limit)
        ).all()
        if not rows:
            return None
        existing = _load(connection, {row.sender_id for row in rows})
        touched: Dict[str, Summary] = {}
        new = 0
        for row in rows:
            summary = touched.get(row.sender_id) or existing.get(row.sender_id)
            if summary is not None and row.id <= summary.last_event_id:
                continue  # already indexed (the rescan window)
            if summary is None:
                start = row.timestamp or 0.0
                summary = Summary(row.sender_id, started_at=start, last_message_at=start)
            try:
                data = json.loads(row.data or "{}")
            except ValueError:
                data = {}
            summary.apply(row.id, row.timestamp or 0.0, data)
            touched[row.sender_id] = summary
            new += 1
        _store(connection, touched, existing)
        return rows[-1].id, new


def _store(connection: Connection, touched: Dict[str, Summary], existing: Dict[str, Summary]) -> None:
    for conversation_id, summary in touched.items():
        if conversation_id in existing:
            connection.execute(
                conversations.update().where(conversations.c.conversation_id == conversation_id).values(**summary.row())
            )
        else:
            connection.execute(conversations.insert().values(**summary.row()))
    known = set()
    wanted = [(s.conversation_id, intent) for s in touched.values() for intent in s.new_intents]
    if wanted:
        ids = list({conversation_id for conversation_id, _ in wanted})
        for start in range(0, len(ids), 500):
            known.update(
                connection.execute(
                    sa.select(conversation_intents.c.conversation_id, conversation_intents.c.intent).where(
                        conversation_intents.c.conversation_id.in_(ids[start : start + 500])
                    )
                ).all()
            )
        new = [{"conversation_id": c, "intent": i} for c, i in wanted if (c, i) not in known]
        if new:
            connection.execute(conversation_intents.insert(), new)
    new_messages = [message for s in touched.values() for message in s.new_messages]
    if new_messages:
        connection.execute(messages.insert(), new_messages)


def index_new_events(engine: Engine, max_batches: Optional[int] = None) -> int:
    """Indexes what Rasa stored since the last pass; returns how many events
    were new. One pass at a time in this process (the background loop and a
    page may ask together); another process indexing the same rows makes
    this pass give way and the next one pick up."""
    with _one_pass:
        try:
            return _index(engine, max_batches)
        except IntegrityError:
            logger.info("another process indexed the same events; the next pass continues")
            return 0


def _index(engine: Engine, max_batches: Optional[int]) -> int:
    if not events_table_exists(engine):
        return 0
    mark = int(get_setting(engine, MARK, "0"))
    after, read, batches = max(0, mark - RESCAN), 0, 0
    while max_batches is None or batches < max_batches:
        batch = index_batch(engine, after)
        if batch is None:
            break
        last, new = batch
        read += new
        after, batches = last, batches + 1
        if last > mark:
            with engine.begin() as connection:
                put_setting(connection, MARK, str(last))
            mark = last
    return read


def forget(connection: Connection, conversation_ids: List[str]) -> None:
    """Removes conversations from the index (after they were deleted)."""
    for table in (conversations, conversation_intents, conversation_tags, messages):
        connection.execute(table.delete().where(table.c.conversation_id.in_(conversation_ids)))
