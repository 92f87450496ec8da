"""Per-conversation locks in a SQLite file, shared by the processes of one machine.

Rasa's in-memory lock store serialises the turns of a conversation inside
one process only, so Rasa 3.6 runs one Sanic worker with it. This store
keeps each conversation's TicketLock (as Rasa's Redis lock store serialises
it) in a table of a SQLite file, so that the workers of `make run`'s Rasa
server take turns as two servers do on Redis (endpoints.yml, RASA_WORKERS).

Every change of a lock is one write transaction (BEGIN IMMEDIATE: the write
lock is taken before the read, so two workers cannot both issue ticket 0),
with the ticket rules of atomic_ticket_locks.py. The file holds nothing
else: Rasa calls the lock store without awaiting, so a worker waiting here
waits with its event loop stopped, and only other lock changes (a fraction
of a millisecond each) ever hold this file's write lock, never a tracker
save or the console's retention in the conversations' file.
"""
from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from typing import Callable, Iterator, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LockStore
from rasa.utils.endpoints import EndpointConfig

from clinic_assistant.database import LOCK_WAIT_SECONDS, enter_wal
from clinic_assistant.stores.atomic_ticket_locks import AtomicTicketLocks, Stored

SCHEMA = "CREATE TABLE IF NOT EXISTS conversation_locks (conversation_id TEXT PRIMARY KEY, lock TEXT NOT NULL)"
READ = "SELECT lock FROM conversation_locks WHERE conversation_id = ?"
WRITE = (
    "INSERT INTO conversation_locks (conversation_id, lock) VALUES (?, ?) "
    "ON CONFLICT (conversation_id) DO UPDATE SET lock = excluded.lock"
)
DELETE = "DELETE FROM conversation_locks WHERE conversation_id = ?"


class SQLiteLockStore(AtomicTicketLocks, LockStore):
    STORE_ERRORS = (sqlite3.Error,)

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        """endpoints.yml: `db`, the file (created with its folder when missing)."""
        path = endpoint_config.kwargs["db"]
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        # Autocommit: transactions are begun explicitly. Waits for another
        # process's write lock instead of failing.
        self.connection = sqlite3.connect(path, timeout=LOCK_WAIT_SECONDS, isolation_level=None)
        enter_wal(self.connection)
        # A lock matters only while the processes holding it live: no fsync per commit.
        self.connection.execute("PRAGMA synchronous=NORMAL")
        self.connection.execute(SCHEMA)
        super().__init__()

    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        row = self.connection.execute(READ, (conversation_id,)).fetchone()
        return TicketLock.from_dict(json.loads(row[0])) if row else None

    def save_lock(self, lock: TicketLock) -> None:
        with self._write_transaction() as db:
            db.execute(WRITE, (lock.conversation_id, lock.dumps()))

    def delete_lock(self, conversation_id: Text) -> None:
        with self._write_transaction() as db:
            deleted = db.execute(DELETE, (conversation_id,)).rowcount
        self._log_deletion(conversation_id, deleted > 0)

    def _replace(self, conversation_id: Text, update: Callable[[Stored], Stored]) -> None:
        with self._write_transaction() as db:
            row = db.execute(READ, (conversation_id,)).fetchone()
            replacement = update(row[0] if row else None)
            if replacement is not None:
                db.execute(WRITE, (conversation_id, replacement))
            elif row is not None:
                db.execute(DELETE, (conversation_id,))

    @contextlib.contextmanager
    def _write_transaction(self) -> Iterator[sqlite3.Connection]:
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")
