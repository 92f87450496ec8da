"""Rasa's SQL tracker store with the conversations it saved kept in memory.

Rasa 3.6 reads every turn's tracker back from the database: all the events
of the conversation session, each decoded from JSON and replayed. At message
300 that was most of a turn's cost (docs/performance.md). This store keeps the
tracker it last saved per conversation and, on the next turn, asks the
database only for what came after it:

    SELECT id, type_name, data FROM events WHERE sender_id = ? AND id >= last_id

- The row `last_id` must still be there: a conversation deleted meanwhile
  (retention, erasure) is read afresh, never brought back from memory.
- Rows after it were written by another Rasa server sharing the database (the
  production profile): they are applied to the kept tracker, as a full read
  would have replayed them. The lock store serialises turns per conversation,
  so no row can arrive between a save and the id it records.
- A new conversation session, or a tracker changed in memory without being
  saved (a turn that failed half-way), makes the store read afresh.

A tracker is kept only when it holds exactly what a full read would return
(the events of the latest session, from its SessionStarted). Saving a kept
tracker inserts the events after those it knows are stored, as Rasa's rows,
and reads the last id in the same transaction; any other save is Rasa's,
which counts the session's stored events first (and is what a retried save
after a database error uses: the first attempt has taken the tracker out of
those kept).
"""
from __future__ import annotations

import copy
import copyreg
import functools
import itertools
import json
import os
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.constants import DEFAULT_SENDER_ID
from rasa.shared.core.events import (
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
)
from rasa.shared.core.slots import Slot
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from clinic_assistant.database import create_engine

# Events after which applied_events() is computed afresh.
REWRITES_HISTORY = (Restarted, SessionStarted, ActionReverted, UserUtteranceReverted, ActiveLoop)
# Conversations kept per Rasa worker (least recently used forgotten first).
# About 2.7 KB a visitor turn (docs/performance.md): 500 ten-turn
# conversations are some 14 MB; one forgotten costs a full read on its next turn.
DEFAULT_CACHE_SIZE = 500


@dataclass
class _Kept:
    tracker: DialogueStateTracker
    last_id: int
    # What the tracker held when saved: anything appended since, unsaved, is
    # a turn that failed half-way.
    length: int
    last_event: Event


def _aligned_with_store(tracker: DialogueStateTracker) -> bool:
    """True when a full read would return these very events."""
    starts = [index for index, event in enumerate(tracker.events) if isinstance(event, SessionStarted)]
    return not starts or starts == [0]


@functools.lru_cache(maxsize=None)
def _copies_plainly(cls: type) -> bool:
    """copy.copy of an instance is a new `cls` given the instance's __dict__:
    no __copy__, no pickling hooks, no __slots__ entries."""
    return (
        getattr(cls, "__copy__", None) is None
        and cls.__reduce_ex__ is object.__reduce_ex__
        and cls.__reduce__ is object.__reduce__
        and not hasattr(cls, "__setstate__")
        and not copyreg._slotnames(cls)
    )


def _copied_slot(slot: Slot) -> Slot:
    """copy.copy(slot), without its generic path (__reduce_ex__, copyreg,
    _reconstruct): 5 µs a slot, and trackers copy every slot of the domain
    each time the policies build their states."""
    cls = type(slot)
    if not _copies_plainly(cls):
        return copy.copy(slot)
    duplicate = cls.__new__(cls)
    duplicate.__dict__.update(slot.__dict__)
    return duplicate


class IncrementalTracker(DialogueStateTracker):
    """A tracker whose applied_events() is extended as events are appended,
    whose copy() does not replay the conversation, and whose init_copy()
    (every replay starts from one: the policies' states, copy()) copies the
    slots through _copied_slot and is an IncrementalTracker too.

    Rasa asks for it on every turn (is the conversation new? is the session
    over?), and each time it walked every event. Appended events that cannot
    undo earlier ones are appended to the last answer; anything else (a
    restart, a new session, a rewind, a form) recomputes it as Rasa does.
    """

    _applied: Optional[List[Event]] = None
    _applied_until: Optional[Event] = None
    _applied_count: int = 0

    def applied_events(self) -> List[Event]:
        events = self.events
        added = self._appended_since_last_answer(events)
        if added is not None and not any(isinstance(event, REWRITES_HISTORY) for event in added):
            self._applied.extend(added)
        else:
            applied = super().applied_events()
            if any(isinstance(event, ActiveLoop) for event in events):
                self._applied = None  # forms: every event counts, never extended
                return applied
            self._applied = applied
        self._applied_count, self._applied_until = len(events), (events[-1] if events else None)
        return list(self._applied)

    def copy(self) -> DialogueStateTracker:
        """The tracker Rasa's copy() gives (init_copy + every event replayed),
        taken from this tracker's state instead of replaying every event: Rasa
        copies the tracker before every action. One difference, on purpose: a
        follow-up action the processor has already cleared stays cleared."""
        duplicate = self._with_copied_slots()
        duplicate.events = deque(self.events, maxlen=self.events.maxlen)
        duplicate._paused = self._paused
        duplicate.followup_action = self.followup_action
        duplicate.latest_action = dict(self.latest_action) if self.latest_action is not None else None
        duplicate.latest_message = self.latest_message
        duplicate.latest_bot_utterance = self.latest_bot_utterance
        duplicate.active_loop = copy.copy(self.active_loop)
        return duplicate

    def init_copy(self) -> "IncrementalTracker":
        """Rasa's init_copy: the slots copied, then reset."""
        duplicate = self._with_copied_slots()
        duplicate._reset_slots()
        return duplicate

    def _with_copied_slots(self) -> "IncrementalTracker":
        duplicate = IncrementalTracker(
            self.sender_id or DEFAULT_SENDER_ID, (), self._max_event_history, is_rule_tracker=self.is_rule_tracker
        )
        duplicate.slots = {slot.name: _copied_slot(slot) for slot in self.slots.values()}
        return duplicate

    def _appended_since_last_answer(self, events: Any) -> Optional[List[Event]]:
        if self._applied is None or self._applied_count > len(events):
            return None
        if self._applied_count and events[self._applied_count - 1] is not self._applied_until:
            return None
        return list(itertools.islice(events, self._applied_count, None))


def _row(sender_id: Text, event: Event) -> Dict[Text, Any]:
    """The events table's row for an event, as Rasa's SQLTrackerStore.save writes it."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


class _DriverStatement:
    """A statement compiled once, for the store's dialect, and run with the
    driver's own SQL. Every turn runs three of these; through an ORM session,
    compiled each time, each took about 0.18 ms, this way 0.04 ms
    (docs/performance.md). SQLAlchemy still wraps the driver's errors, so the
    durable store's retries see the same exceptions."""

    def __init__(self, statement: Any, dialect: Any, column_keys: Optional[List[Text]] = None) -> None:
        compiled = statement.compile(dialect=dialect, column_keys=column_keys)
        self.sql = str(compiled)
        # Positional paramstyles (SQLite's "?") take a tuple in this order;
        # named ones (psycopg2's "%(name)s") take the dict as it is.
        self.order = compiled.positiontup

    def _parameters(self, values: Dict[Text, Any]) -> Any:
        return tuple(values[name] for name in self.order) if self.order is not None else values

    def run(self, connection: Any, **values: Any) -> Any:
        return connection.exec_driver_sql(self.sql, self._parameters(values))

    def run_many(self, connection: Any, rows: List[Dict[Text, Any]]) -> Any:
        return connection.exec_driver_sql(self.sql, [self._parameters(row) for row in rows])


class _TurnStatements:
    """The SQL of a kept conversation's turn (see the module docstring)."""

    def __init__(self, table: sa.Table, dialect: Any) -> None:
        self.rows_from = _DriverStatement(
            sa.select(table.c.id, table.c.type_name, table.c.data)
            .where(table.c.sender_id == sa.bindparam("sender_id"), table.c.id >= sa.bindparam("last_id"))
            .order_by(table.c.id),
            dialect,
        )
        self.last_id = _DriverStatement(
            sa.select(sa.func.max(table.c.id)).where(table.c.sender_id == sa.bindparam("sender_id")), dialect
        )
        # inline(): no RETURNING of the new ids (PostgreSQL), which nothing reads.
        self.insert = _DriverStatement(
            table.insert().inline(), dialect, column_keys=[column.name for column in table.columns if not column.primary_key]
        )


class CachedTrackers:
    """Mixin for SQLTrackerStore: see the module docstring."""

    def __init__(self, *args: Any, cache_size: Optional[int] = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        size = cache_size if cache_size is not None else os.environ.get("TRACKER_CACHE_SIZE", DEFAULT_CACHE_SIZE)
        self.cache_size = int(size)
        self._kept: "OrderedDict[Text, _Kept]" = OrderedDict()

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        if not fetch_events_from_all_sessions:
            kept = self._kept.pop(sender_id, None)
            if kept is not None:
                tracker = self._brought_up_to_date(sender_id, kept)
                if tracker is not None:
                    self._keep(sender_id, kept)
                    return tracker
            return self._full_read(sender_id)
        return await super()._retrieve(sender_id, fetch_events_from_all_sessions)

    def _full_read(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """Rasa's read of the latest session, kept: it is what a full read returns."""
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).all()
        if not self.domain or not rows:
            return None
        tracker = IncrementalTracker.from_dict(sender_id, [json.loads(row.data) for row in rows], self.domain.slots)
        self._keep(sender_id, _Kept(tracker, rows[-1].id, len(tracker.events), tracker.events[-1]))
        return tracker

    def _brought_up_to_date(self, sender_id: Text, kept: _Kept) -> Optional[DialogueStateTracker]:
        tracker = kept.tracker
        if len(tracker.events) != kept.length or tracker.events[-1] is not kept.last_event:
            return None
        with self.engine.connect() as connection:
            rows = self._statements.rows_from.run(connection, sender_id=sender_id, last_id=kept.last_id).all()
        if not rows or rows[0].id != kept.last_id:
            return None
        newer = rows[1:]
        if any(row.type_name == SessionStarted.type_name for row in newer):
            return None
        for row in newer:
            tracker.update(Event.from_parameters(json.loads(row.data)))
        kept.last_id, kept.length, kept.last_event = rows[-1].id, len(tracker.events), tracker.events[-1]
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        kept = self._kept.pop(tracker.sender_id, None)
        if kept is None or kept.tracker is not tracker:
            # Rasa's save: it counts the session's stored events first.
            await super().save(tracker)
            if tracker.events and _aligned_with_store(tracker):
                with self.engine.connect() as connection:
                    self._keep_saved(tracker, self._statements.last_id.run(connection, sender_id=tracker.sender_id).scalar())
            return
        # A kept tracker knows which of its events are stored: the rest are
        # inserted, and the last id read, in one transaction.
        await self.stream_events(tracker)
        added = list(itertools.islice(tracker.events, kept.length, None))
        statements = self._statements
        with self.engine.begin() as connection:
            if added:
                statements.insert.run_many(connection, [_row(tracker.sender_id, event) for event in added])
            last_id = statements.last_id.run(connection, sender_id=tracker.sender_id).scalar()
        if not any(isinstance(event, SessionStarted) for event in added):
            self._keep_saved(tracker, last_id)

    @functools.cached_property
    def _statements(self) -> "_TurnStatements":
        return _TurnStatements(self.SQLEvent.__table__, self.engine.dialect)

    def _keep_saved(self, tracker: DialogueStateTracker, last_id: Optional[int]) -> None:
        if last_id is not None:
            self._keep(tracker.sender_id, _Kept(tracker, last_id, len(tracker.events), tracker.events[-1]))

    def _keep(self, sender_id: Text, kept: _Kept) -> None:
        if self.cache_size <= 0:
            return
        self._kept[sender_id] = kept
        while len(self._kept) > self.cache_size:
            self._kept.popitem(last=False)


class CachedSQLTrackerStore(CachedTrackers, SQLTrackerStore):
    """The embedded default (SQLite, endpoints.yml), in WAL mode like the
    tickets and the console in the same file (clinic_assistant/database.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            url = self.engine.url.render_as_string(hide_password=False)
            self.engine.dispose()
            self.engine = create_engine(url, future=False)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
