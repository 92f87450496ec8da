"""Real databases for tests: a fresh SQLite file or a fresh PostgreSQL database."""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

import sqlalchemy as sa

# The local server of this machine kind (trust auth); override for others.
POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://root@127.0.0.1:5432/postgres")


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
