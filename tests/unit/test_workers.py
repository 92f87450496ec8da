"""clinic_assistant/workers.py on real processes: two forked children accept
on one shared listening socket, as Sanic's workers do."""
from __future__ import annotations

import multiprocessing
import os
import socket
import time

import pytest

from clinic_assistant.workers import connection_owner, wait_until_all_accept, worker_pids

FORK = multiprocessing.get_context("fork")


def _accept_forever(listener: socket.socket, delay: float) -> None:
    time.sleep(delay)  # "loading the model": accepts nothing meanwhile
    held = []
    while True:
        connection, _ = listener.accept()
        held.append(connection)


@pytest.fixture
def two_workers():
    listener = socket.create_server(("127.0.0.1", 0))
    children = [FORK.Process(target=_accept_forever, args=(listener, delay), daemon=True) for delay in (0, 1.5)]
    for child in children:
        child.start()
    yield listener.getsockname()[1], {child.pid for child in children}
    for child in children:
        child.kill()  # SIGKILL: a test before may have left SIGTERM ignored, and children inherit that
        child.join()
    listener.close()


def test_the_worker_holding_a_connection_is_found(two_workers):
    port, children = two_workers
    assert children <= set(worker_pids(os.getpid()))
    with socket.create_connection(("127.0.0.1", port)) as client:
        assert connection_owner(os.getpid(), port, client) in children


def test_waiting_for_every_worker_waits_for_the_slow_one(two_workers):
    port, _ = two_workers
    began = time.monotonic()
    wait_until_all_accept(os.getpid(), port, 2, timeout=30)
    assert time.monotonic() - began >= 1.0


def test_a_worker_that_never_accepts_is_reported(two_workers):
    port, _ = two_workers
    with pytest.raises(TimeoutError, match="of the Rasa server's 3 workers"):
        wait_until_all_accept(os.getpid(), port, 3, timeout=3)
