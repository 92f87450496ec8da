"""Real databases for tests: a fresh SQLite file or a fresh PostgreSQL database,
and the Redis server.

The servers' addresses come from TEST_POSTGRES_URL and TEST_REDIS_URL, which
`make test` sets (scripts/test_services.py: the machine's own servers when
they answer, else throwaway ones it starts). The defaults are the local
servers of this machine kind: PostgreSQL with trust authentication for root,
Redis without a password.
"""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from urllib.parse import urlsplit

import sqlalchemy as sa

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://root@127.0.0.1:5432/postgres")
_REDIS = urlsplit(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1"))
REDIS_HOST = _REDIS.hostname or "127.0.0.1"
REDIS_PORT = _REDIS.port or 6379
REDIS_DB = int(_REDIS.path.strip("/") or 1)


@contextmanager
def fresh_postgres_url():
    """Creates a throwaway database and drops it afterwards."""
    name = f"clinic_test_{uuid.uuid4().hex[:10]}"
    # pre-ping: the load test restarts the server while a database is in use.
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
