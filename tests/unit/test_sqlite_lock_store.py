"""The embedded profile's lock store (clinic_assistant/stores/sqlite_lock_store.py)
on a temporary SQLite file, in this process and in several forked ones, as
Sanic forks the Rasa server's workers."""
from __future__ import annotations

import asyncio
import multiprocessing
import sqlite3
import threading
import time
from pathlib import Path

from rasa.core.lock_store import LockStore
from rasa.core.utils import number_of_sanic_workers, read_endpoints_from_path
from rasa.utils.endpoints import EndpointConfig

from clinic_assistant.stores.sqlite_lock_store import SQLiteLockStore

ROOT = Path(__file__).resolve().parents[2]
FORK = multiprocessing.get_context("fork")


def _store(path: Path) -> SQLiteLockStore:
    return SQLiteLockStore(EndpointConfig(db=str(path)))


def test_tickets_are_served_in_the_order_they_were_issued(tmp_path):
    store = _store(tmp_path / "locks.db")
    first, second, third = (store.issue_ticket("visitor", 30) for _ in range(3))
    assert (first, second, third) == (0, 1, 2)
    assert not store.get_lock("visitor").is_locked(first)
    assert store.get_lock("visitor").is_locked(second)
    store.cleanup("visitor", first)
    assert not store.get_lock("visitor").is_locked(second) and store.get_lock("visitor").is_locked(third)
    store.cleanup("visitor", second)
    store.cleanup("visitor", third)
    assert store.get_lock("visitor") is None  # the last turn removes the lock


def test_a_turn_queued_behind_a_dead_workers_ticket_is_served(tmp_path):
    store = _store(tmp_path / "locks.db")
    store.issue_ticket("visitor", 0.5)  # left by a worker that died mid-turn
    mine = store.issue_ticket("visitor", 0.5)
    began = time.monotonic()
    lock = asyncio.run(asyncio.wait_for(store._acquire_lock("visitor", mine, 0.1), 5))
    assert lock.conversation_id == "visitor" and time.monotonic() - began >= 0.4


def test_an_expired_ticket_is_dropped_when_the_next_one_is_issued(tmp_path):
    store = _store(tmp_path / "locks.db")
    store.issue_ticket("visitor", 0.1)
    time.sleep(0.2)
    fresh = store.issue_ticket("visitor", 30)
    assert [ticket.number for ticket in store.get_lock("visitor").tickets] == [fresh]
    assert not store.get_lock("visitor").is_locked(fresh)


def _issue(path: str, count: int, start, results) -> None:
    store = _store(Path(path))
    start.wait()
    results.put([store.issue_ticket("visitor", 60) for _ in range(count)])


def test_tickets_issued_at_once_by_four_processes_are_all_distinct_and_kept(tmp_path):
    path = str(tmp_path / "locks.db")
    start, results = FORK.Event(), FORK.Queue()
    processes = [FORK.Process(target=_issue, args=(path, 25, start, results)) for _ in range(4)]
    for process in processes:
        process.start()
    start.set()
    tickets = sorted(number for _ in processes for number in results.get(timeout=60))
    for process in processes:
        process.join(timeout=30)
    assert tickets == list(range(100))
    assert [ticket.number for ticket in _store(Path(path)).get_lock("visitor").tickets] == tickets


def _take_turns(path: str, log: str, turns: int, start) -> None:
    """Each turn appends "begin" and "end" with a pause between, inside the lock."""
    store = _store(Path(path))

    async def turns_of_this_worker() -> None:
        for _ in range(turns):
            async with store.lock("visitor", lock_lifetime=30, wait_time_in_seconds=0.01):
                with open(log, "a") as handle:
                    handle.write("begin\n")
                await asyncio.sleep(0.005)
                with open(log, "a") as handle:
                    handle.write("end\n")

    start.wait()
    asyncio.run(turns_of_this_worker())


def test_two_processes_never_hold_a_conversation_at_once(tmp_path):
    path, log = str(tmp_path / "locks.db"), tmp_path / "turns.log"
    start = FORK.Event()
    processes = [FORK.Process(target=_take_turns, args=(path, str(log), 20, start)) for _ in range(2)]
    for process in processes:
        process.start()
    start.set()
    for process in processes:
        process.join(timeout=60)
    assert [process.exitcode for process in processes] == [0, 0]
    assert log.read_text().split() == ["begin", "end"] * 40
    assert _store(Path(path)).get_lock("visitor") is None


def test_endpoints_yml_selects_it_and_rasa_then_forks_several_workers(tmp_path, monkeypatch):
    monkeypatch.setenv("CLINIC_SQLITE_PATH", str(tmp_path / "clinic.db"))
    monkeypatch.setenv("ACTION_PORT", "5055")
    monkeypatch.setenv("ACTION_SERVER_TOKEN", "t")
    monkeypatch.setenv("SANIC_WORKERS", "2")
    endpoints = read_endpoints_from_path(ROOT / "endpoints.yml")
    store = LockStore.create(endpoints.lock_store)
    assert isinstance(store, SQLiteLockStore)
    assert number_of_sanic_workers(endpoints.lock_store) == 2
    store.issue_ticket("visitor", 30)
    assert (tmp_path / "clinic.db.locks").exists() and not (tmp_path / "clinic.db").exists()




def test_a_worker_starting_while_another_writes_to_the_new_file_waits_for_it(tmp_path):
    """Sanic starts the workers together. Switching a file to WAL while another
    connection writes to it in the old journal mode fails at once ("database is
    locked"), without SQLite's busy wait: the store tries again instead."""
    path = tmp_path / "locks.db"
    other_worker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other_worker.execute("BEGIN IMMEDIATE")
    other_worker.execute("CREATE TABLE its_schema (x)")
    threading.Timer(0.3, other_worker.execute, ("COMMIT",)).start()
    began = time.monotonic()
    store = _store(path)
    assert time.monotonic() - began >= 0.25
    assert store.issue_ticket("visitor", 30) == 0
    assert store.connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
