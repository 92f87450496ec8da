"""The production profile's Rasa stores, on the local Redis and without servers."""
from __future__ import annotations

import asyncio
import uuid

import pytest
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy.exc import OperationalError

from clinic_assistant.stores import durable_tracker_store
from clinic_assistant.stores.failover_lock_store import FailoverRedisLockStore
from testkit.databases import REDIS_DB, REDIS_HOST, REDIS_PORT


def test_a_turn_queued_behind_a_killed_servers_ticket_is_served():
    store = FailoverRedisLockStore(
        EndpointConfig(url=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB, key_prefix=f"test{uuid.uuid4().hex}")
    )
    conversation = "visitor"
    store.issue_ticket(conversation, 1)  # left by a server that was killed mid-turn
    mine = store.issue_ticket(conversation, 1)
    # Rasa 3.6's own loop never returns here once both tickets have expired.
    lock = asyncio.run(asyncio.wait_for(store._acquire_lock(conversation, mine, 0.3), 5))
    assert lock.conversation_id == conversation
    store.delete_lock(conversation)


def _database_away(times: int):
    calls = []

    async def operation():
        calls.append(1)
        if len(calls) <= times:
            raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))
        return "stored"

    return operation, calls


def test_tracker_store_retries_while_the_database_restarts():
    operation, calls = _database_away(times=2)
    store = durable_tracker_store.DurableSQLTrackerStore.__new__(durable_tracker_store.DurableSQLTrackerStore)
    assert asyncio.run(store._retrying("save", operation)) == "stored" and len(calls) == 3


def test_tracker_store_stops_the_server_rather_than_drop_a_turn(monkeypatch):
    def exit_process(code):
        raise SystemExit(code)

    operation, _ = _database_away(times=1000)
    monkeypatch.setattr(durable_tracker_store, "RETRY_SECONDS", 0.5)
    monkeypatch.setattr(durable_tracker_store.os, "_exit", exit_process)
    store = durable_tracker_store.DurableSQLTrackerStore.__new__(durable_tracker_store.DurableSQLTrackerStore)
    with pytest.raises(SystemExit) as stopped:
        asyncio.run(store._retrying("save", operation))
    assert stopped.value.code == durable_tracker_store.EXIT_DATABASE_GONE
