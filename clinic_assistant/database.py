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
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.close()

    engine.dispose()  # connections opened before this listener are not reused
