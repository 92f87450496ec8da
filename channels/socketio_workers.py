"""socket.io messages reach a widget whichever Sanic worker holds its socket.

With RASA_WORKERS > 1 (clinic_assistant/profile.py) a widget's socket lives
in one worker of the Rasa server, while a staff reply or a handback arrives
through Rasa's HTTP API at whichever worker accepted the console's request:
that worker's socket.io server emitted it to a room with no socket in it,
and the visitor never saw it. This client manager (python-socketio's pub/sub
base) also hands each emit to the other workers of the same server, which
deliver it to their sockets in the room.

The workers are siblings (children of the process Sanic forked them from),
so each listens on a Linux abstract UNIX datagram socket named by its pid:
nothing to configure or clean up, no Redis (the production profile runs one
worker per server and keeps visitors on one server, docker/nginx.conf).
A worker no widget ever connected to has no socket to listen on and nobody
to deliver to; sending to it is skipped.

Presence. The console asks whether a widget is connected to a conversation
(channels/socketio.py ``/presence``), so that staff are told whether their
reply was seen live or waits for the visitor's return. A worker knows only
its own sockets: `present` asks its siblings too (a query datagram; each
answers to the asker's address) and waits at most PRESENCE_WAIT seconds.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import uuid
from typing import Any, AsyncIterator, Dict

from socketio.async_pubsub_manager import AsyncPubSubManager

from clinic_assistant.workers import worker_pids

logger = logging.getLogger(__name__)

# Larger than any message the channel sends (a staff reply is at most a few thousand characters).
MAX_MESSAGE_BYTES = 256 * 1024
PRESENCE_WAIT = 0.5  # seconds a presence query waits for the sibling workers' answers
_QUERY, _ANSWER = "clinic_presence", "clinic_presence_answer"  # never python-socketio's own methods


def _address(pid: int) -> str:
    return f"\0clinic-socketio-{pid}"  # the abstract namespace: no file


class WorkerPubSubManager(AsyncPubSubManager):
    name = "workers"

    def initialize(self) -> None:
        # The manager was made before Sanic forked the workers: each needs its own id.
        self.host_id = str(os.getpid())
        self._inbox = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._inbox.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, MAX_MESSAGE_BYTES * 4)
        self._inbox.bind(_address(os.getpid()))
        self._inbox.setblocking(False)
        self._presence_queries: Dict[str, "asyncio.Queue[bool]"] = {}
        super().initialize()  # listens (_listen) in a background task

    async def _publish(self, data: Dict[str, Any]) -> int:
        """Sends `data` to every sibling worker that listens; returns how many took it."""
        payload = self.json.dumps(data).encode()
        sent = 0
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as outbox:
            outbox.setblocking(False)
            for pid in worker_pids(os.getppid()):
                if pid == os.getpid():
                    continue
                try:
                    outbox.sendto(payload, _address(pid))
                    sent += 1
                except (ConnectionRefusedError, FileNotFoundError):
                    continue  # no widget has connected to that worker
                except BlockingIOError:
                    logger.warning("socket.io: worker %s is not reading its messages; one was dropped", pid)
        return sent

    def present_here(self, namespace: str, room: str) -> bool:
        return any(True for _ in self.get_participants(namespace, room))

    async def present(self, namespace: str, room: str) -> bool:
        """Whether a socket of any worker of this server is in `room`."""
        if self.present_here(namespace, room):
            return True
        query_id = uuid.uuid4().hex
        answers: "asyncio.Queue[bool]" = asyncio.Queue()
        self._presence_queries[query_id] = answers
        try:
            asked = await self._publish(
                {"method": _QUERY, "query": query_id, "namespace": namespace, "room": room, "reply_to": os.getpid()}
            )
            loop = asyncio.get_running_loop()
            deadline = loop.time() + PRESENCE_WAIT
            for _ in range(asked):
                try:
                    if await asyncio.wait_for(answers.get(), max(0.0, deadline - loop.time())):
                        return True
                except asyncio.TimeoutError:
                    return False  # a worker that does not answer holds no socket we could reach
            return False
        finally:
            self._presence_queries.pop(query_id, None)

    def _presence_message(self, message: bytes) -> bool:
        """Handles a presence query or answer; False for python-socketio's own messages."""
        if b'"clinic_presence' not in message:
            return False
        try:
            data = json.loads(message)
        except ValueError:
            return False
        method = data.get("method") if isinstance(data, dict) else None
        if method == _QUERY:
            answer = {"method": _ANSWER, "query": data["query"], "present": self.present_here(data["namespace"], data["room"])}
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as outbox:
                outbox.setblocking(False)
                try:
                    outbox.sendto(json.dumps(answer).encode(), _address(int(data["reply_to"])))
                except OSError:
                    pass  # the asker stopped waiting or is gone
            return True
        if method == _ANSWER:
            waiting = self._presence_queries.get(data.get("query"))
            if waiting is not None:
                waiting.put_nowait(bool(data.get("present")))
            return True
        return False

    async def _listen(self) -> AsyncIterator[bytes]:
        loop = asyncio.get_running_loop()
        while True:
            message = await loop.sock_recv(self._inbox, MAX_MESSAGE_BYTES)
            if not self._presence_message(message):
                yield message
