"""Engines for the clinic's database, shared by the Rasa server, the action
server and the console.

The embedded default is one SQLite file for conversations, tickets and the
console. Three processes write to it, so every connection waits for another's
lock (15 s) instead of failing, and the file is in WAL mode: readers (the
console) never block the writer, and a commit costs an append instead of a
journal rewrite. `SQLITE_SYNCHRONOUS` (default NORMAL) is the SQLite setting:
with NORMAL a commit survives the process crashing, and the last commits may
be lost only if the machine loses power (FULL: never, at about 3 ms per
turn; docs/performance.md). The production profile is PostgreSQL.
"""
from __future__ import annotations

import os
import sqlite3
import time

import sqlalchemy as sa
from sqlalchemy.engine import Engine

LOCK_WAIT_SECONDS = 15
SYNCHRONOUS = ("OFF", "NORMAL", "FULL", "EXTRA")


def create_engine(url: str, future: bool = True) -> Engine:
    """An engine for `url`; a SQLite file's folder is created when missing."""
    if not url.startswith("sqlite"):
        return sa.create_engine(url, future=future, pool_pre_ping=True)
    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    # SQLAlchemy 1.4 opens a new SQLite connection per session (NullPool); a
    # pool keeps them, handing each to one thread at a time.
    engine = sa.create_engine(
        url, future=future, pool_pre_ping=True, poolclass=sa.pool.QueuePool,
        connect_args={"timeout": LOCK_WAIT_SECONDS, "check_same_thread": False},
    )
    use_wal(engine)
    return engine


def use_wal(engine: Engine) -> None:
    """WAL and the configured durability on every new connection of a SQLite engine."""
    synchronous = os.environ.get("SQLITE_SYNCHRONOUS", "NORMAL").upper()
    if synchronous not in SYNCHRONOUS:
        raise ValueError(f"SQLITE_SYNCHRONOUS={synchronous!r}: expected one of {', '.join(SYNCHRONOUS)}")

    @sa.event.listens_for(engine, "connect")
    def _pragmas(connection, _record):
        enter_wal(connection)
        connection.execute(f"PRAGMA synchronous={synchronous}")

    engine.dispose()  # connections opened before this listener are not reused


def enter_wal(connection: sqlite3.Connection) -> None:
    """Puts the connection's file in WAL mode (it stays so for every later connection).

    Switching fails at once ("database is locked"), without SQLite's busy
    wait, while another connection writes to the file in the old journal
    mode: two Rasa workers starting together on a new file. So a file already
    in WAL is left alone, and the switch is tried again until
    LOCK_WAIT_SECONDS have passed.
    """
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)
