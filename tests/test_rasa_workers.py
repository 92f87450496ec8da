"""`make run`'s Rasa server with two Sanic workers (RASA_WORKERS=2) on SQLite:
the turns of one conversation sent to alternate workers, each of which keeps
trackers in memory (clinic_assistant/stores/tracker_cache.py) and takes the
conversation's lock in the shared SQLite lock store
(clinic_assistant/stores/sqlite_lock_store.py). Nothing lost, nothing stale,
nothing stored twice; the production profile's two-server tests
(tests/production/test_profile.py, test_exactly_once.py), on one machine."""
from __future__ import annotations

import asyncio
import json
import sqlite3
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import List

import pytest

from clinic_assistant.workers import listening_processes
from testkit.forked_memory import library_private_clean_kib
from testkit.helpers import start_test_stack
from testkit.socketio_client import socketio_event, widget_socket
from testkit.worker_connections import WorkerConnections

WEBHOOK = "/webhooks/rest/webhook"


@pytest.fixture(scope="module")
def workers_stack(tmp_path_factory, webhook):
    # Kept-alive connections choose the worker: Sanic's 5 s would close them between turns.
    running = start_test_stack(tmp_path_factory.mktemp("workers"), webhook, RASA_WORKERS="2", SANIC_KEEP_ALIVE_TIMEOUT="300")
    yield running
    running.stop_all()


@pytest.fixture
def workers(workers_stack):
    connections = WorkerConnections(workers_stack)
    assert len(connections.workers) == 2
    yield connections
    connections.close()


def _stored(stack, sender: str) -> List[tuple]:
    with sqlite3.connect(stack.config["CLINIC_SQLITE_PATH"]) as db:
        return db.execute("SELECT type_name, data FROM events WHERE sender_id = ? ORDER BY id", (sender,)).fetchall()


def _user_messages(stack, sender: str) -> List[tuple]:
    users = [json.loads(data) for kind, data in _stored(stack, sender) if kind == "user"]
    return [(user["text"], user.get("message_id")) for user in users]


def test_each_worker_listens_on_a_socket_of_its_own(workers_stack, workers):
    # The master only reserves the port (clinic_assistant/worker_sockets.py): no connection waits on a socket nobody accepts from.
    assert listening_processes(workers.server_pid, workers.port) == set(workers.workers)


def _memory_kib(pid: int, name: str) -> int:
    for line in open(f"/proc/{pid}/smaps_rollup"):
        if line.startswith(f"{name}:"):
            return int(line.split()[1])
    raise AssertionError(f"no {name} in /proc/{pid}/smaps_rollup")


def test_the_workers_share_one_copy_of_the_model(workers_stack, workers):
    # Loaded before the fork (clinic_assistant/shared_model.py): a worker's
    # memory is mostly pages it shares, not its own copy of the model.
    for worker in workers.workers:
        workers.request(worker, "POST", WEBHOOK, {"sender": f"memory-{worker}", "message": "does it hurt"})
        assert _memory_kib(worker, "Private_Dirty") < _memory_kib(worker, "Shared_Dirty"), worker


def test_the_first_process_gives_back_the_library_pages_only_it_used(workers_stack, workers):
    # Loading read some 50 MB of library pages the workers never use (clinic_assistant/library_pages.py).
    deadline = time.monotonic() + 30
    while library_private_clean_kib(workers.server_pid) > 8_000 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert library_private_clean_kib(workers.server_pid) <= 8_000


def test_turns_alternating_between_workers_see_each_others_turns(workers_stack, workers):
    token = workers_stack.config["RASA_API_TOKEN"]
    sender = f"alternating-{uuid.uuid4().hex[:8]}"
    questions = ["hi", "does it hurt", "how long is the downtime", "how many sessions do i need", "is it safe"] * 4
    messages = [*questions, "i want to book a microneedling session", "none of these apply", "thanks"]
    seen = []
    for number, text in enumerate(messages):
        here, there = workers.workers[number % 2], workers.workers[(number + 1) % 2]
        status, answer = workers.request(here, "POST", WEBHOOK, {"sender": sender, "message": text})
        assert status == 200 and answer, answer
        status, tracker = workers.request(there, "GET", f"/conversations/{sender}/tracker?token={token}")
        assert status == 200
        seen.append(tracker["slots"].get("screening_outcome"))
    assert seen[-3:] == ["in_progress", "clear", "clear"]
    rows = _stored(workers_stack, sender)
    assert [text for text, _ in _user_messages(workers_stack, sender)] == messages
    assert len({data for _, data in rows}) == len(rows)


def test_a_message_sent_again_to_the_other_worker_gets_the_first_answer(workers_stack, workers):
    first, second = workers.workers
    sender = f"once-{uuid.uuid4().hex[:10]}"

    def say(worker, text, message_id):
        status, answer = workers.request(worker, "POST", WEBHOOK, {"sender": sender, "message": text, "message_id": message_id})
        assert status == 200, answer
        return answer

    say(second, "hi", "m-0")  # the second worker keeps this conversation in memory...
    answer = say(first, "am I a good candidate for microneedling?", "m-1")  # ...the first runs the next turn...
    again = say(second, "am I a good candidate for microneedling?", "m-1")  # ...and the re-send reaches the second
    following = say(second, "no", "m-2")
    assert answer and again == answer
    assert following and following != answer
    assert _user_messages(workers_stack, sender) == [
        ("hi", "m-0"), ("am I a good candidate for microneedling?", "m-1"), ("no", "m-2"),
    ]


def test_the_same_message_on_both_workers_at_once_runs_once(workers_stack):
    """The later delivery waits for the conversation's lock in the SQLite lock store, then finds the turn."""
    sender = f"once-{uuid.uuid4().hex[:10]}"
    pools = [WorkerConnections(workers_stack) for _ in range(2)]  # one connection per thread and worker
    try:
        pools[0].request(pools[0].workers[0], "POST", WEBHOOK, {"sender": sender, "message": "hi", "message_id": "m-0"})
        body = {"sender": sender, "message": "how much does it cost", "message_id": "m-1"}
        deliveries = [(pool, worker) for pool in pools for worker in pool.workers]
        with ThreadPoolExecutor(len(deliveries)) as threads:
            answers = list(threads.map(lambda delivery: delivery[0].request(delivery[1], "POST", WEBHOOK, body), deliveries))
    finally:
        for pool in pools:
            pool.close()
    assert all(status == 200 for status, _ in answers)
    assert answers[0][1] and all(answer == answers[0][1] for _, answer in answers)
    assert _user_messages(workers_stack, sender) == [("hi", "m-0"), ("how much does it cost", "m-1")]


def test_a_staff_message_reaches_the_widget_whichever_worker_sends_it(workers_stack, workers):
    """The console's call may reach either worker; the widget's socket is in one of them
    (channels/socketio_workers.py). Sent through each worker in turn, both arrive."""
    config = workers_stack.config

    async def scenario():
        async with widget_socket(f"http://127.0.0.1:{config['RASA_PORT']}", config["WEB_PORT"]) as (ws, session_id):
            query = f"token={config['RASA_API_TOKEN']}&output_channel=socketio&execute_side_effects=true"
            received = []
            for worker in workers.workers:
                text = f"Staff here, through worker {worker}."
                status, _ = await asyncio.to_thread(
                    workers.request, worker, "POST", f"/conversations/{session_id}/tracker/events?{query}", [{"event": "bot", "text": text}]
                )
                assert status == 200
                received.append((text, (await socketio_event(ws, "bot_uttered"))["text"]))
        return received

    for sent, arrived in asyncio.run(scenario()):
        assert sent in arrived


def test_long_polling_is_refused_rather_than_split_among_the_workers(workers_stack):
    config = workers_stack.config
    request = urllib.request.Request(
        f"{workers_stack.url('rasa')}/socket.io/?EIO=4&transport=polling", headers={"Origin": f"http://localhost:{config['WEB_PORT']}"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 400
