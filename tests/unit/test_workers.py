"""clinic_assistant/workers.py and clinic_assistant/worker_sockets.py on real
processes: a parent reserves the port, two forked children each listen on a
socket of their own once "loaded", as Sanic's workers do after install();
and a real Sanic app with two workers."""
from __future__ import annotations

import multiprocessing
import os
import socket
import subprocess
import sys
import textwrap
import time
from collections import Counter

import pytest

from clinic_assistant.worker_sockets import own_socket, reserve_port
from clinic_assistant.workers import connection_owner, listening_processes, wait_until_all_listen, worker_pids

FORK = multiprocessing.get_context("fork")


def _serve_after(reservation: socket.socket, delay: float) -> None:
    sock = own_socket(reservation)
    reservation.close()
    time.sleep(delay)  # "loading the model": not listening meanwhile
    sock.listen(100)
    held = []
    while True:
        connection, _ = sock.accept()
        held.append(connection)


def _start_workers(delays):
    reservation = reserve_port("127.0.0.1", 0)
    children = [FORK.Process(target=_serve_after, args=(reservation, delay), daemon=True) for delay in delays]
    for child in children:
        child.start()
    return reservation, children


def _stop(reservation, children) -> None:
    for child in children:
        child.kill()  # SIGKILL: a test before may have left SIGTERM ignored, and children inherit that
        child.join()
    reservation.close()


@pytest.fixture
def two_workers():
    reservation, children = _start_workers((0, 1.5))
    yield reservation.getsockname()[1], {child.pid for child in children}
    _stop(reservation, children)


def test_the_worker_holding_a_connection_is_found(two_workers):
    port, children = two_workers
    assert children <= set(worker_pids(os.getpid()))
    with socket.create_connection(("127.0.0.1", port)) as client:
        assert connection_owner(os.getpid(), port, client) in children


def test_waiting_for_every_worker_waits_for_the_slow_one(two_workers):
    port, children = two_workers
    began = time.monotonic()
    wait_until_all_listen(os.getpid(), port, 2, timeout=30)
    assert time.monotonic() - began >= 1.0
    assert listening_processes(os.getpid(), port) == children  # the parent's reservation does not listen


def test_a_worker_that_never_listens_is_reported(two_workers):
    port, _ = two_workers
    with pytest.raises(TimeoutError, match="2 of the Rasa server's 3 workers listened"):
        wait_until_all_listen(os.getpid(), port, 3, timeout=3)


def test_the_reservation_takes_no_connection_while_every_worker_loads():
    reservation, children = _start_workers((30, 30))
    try:
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", reservation.getsockname()[1]), timeout=5)
    finally:
        _stop(reservation, children)


def test_a_port_in_use_fails_at_the_reservation():
    with socket.create_server(("127.0.0.1", 0)) as taken:
        with pytest.raises(OSError):
            reserve_port("127.0.0.1", taken.getsockname()[1])


def test_a_burst_of_connections_is_shared_between_the_workers(two_workers):
    port, children = two_workers
    wait_until_all_listen(os.getpid(), port, 2, timeout=30)
    clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(40)]
    try:
        owners = Counter(connection_owner(os.getpid(), port, client) for client in clients)
    finally:
        for client in clients:
            client.close()
    assert set(owners) == children
    assert min(owners.values()) >= 8, owners  # by the addresses' hash: 40 connections, about 20 each


SANIC_APP = textwrap.dedent("""
    import os, sys
    from sanic import Sanic, response
    from clinic_assistant import worker_sockets
    worker_sockets.install()
    app = Sanic("two_workers")

    @app.get("/")
    async def pid(request):
        return response.text(str(os.getpid()))

    app.run(host="127.0.0.1", port=int(sys.argv[1]), workers=2, access_log=False)
""")


def test_a_sanic_app_with_two_workers_listens_once_per_worker(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-c", SANIC_APP, str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        wait_until_all_listen(server.pid, port, 2, timeout=60)
        workers = set(worker_pids(server.pid))
        assert len(workers) == 2 and listening_processes(server.pid, port) == workers
        served = Counter()
        for _ in range(40):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
                client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                served[int(b"".join(iter(lambda: client.recv(4096), b"")).rsplit(b"\r\n\r\n", 1)[1])] += 1
        assert set(served) == workers and min(served.values()) >= 8, served
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)
