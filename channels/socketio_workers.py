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
nothing to configure or clean up. Several Rasa servers (the production
profile) share Redis instead: channels/socketio_servers.py.
A worker no widget ever connected to has no socket to listen on and nobody
to deliver to; sending to it is skipped.

Presence (channels/socketio_presence.py): a query datagram to the siblings;
each answers to the asker's address.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
from typing import Any, AsyncIterator, Dict

from socketio.async_pubsub_manager import AsyncPubSubManager

from channels.socketio_presence import PresenceQueries
from clinic_assistant.workers import worker_pids

logger = logging.getLogger(__name__)

# Larger than any message the channel sends (a staff reply is at most a few thousand characters).
MAX_MESSAGE_BYTES = 256 * 1024


def _address(pid: int) -> str:
    return f"\0clinic-socketio-{pid}"  # the abstract namespace: no file


class WorkerPubSubManager(PresenceQueries, AsyncPubSubManager):
    name = "workers"

    def initialize(self) -> None:
        # The manager was made before Sanic forked the workers: each needs its own id.
        self.host_id = str(os.getpid())
        self._inbox = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._inbox.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, MAX_MESSAGE_BYTES * 4)
        self._inbox.bind(_address(os.getpid()))
        self._inbox.setblocking(False)
        self.start_presence()
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

    async def ask_others(self, query: Dict[str, Any]) -> int:
        return await self._publish({**query, "reply_to": os.getpid()})

    def answer(self, query: Dict[str, Any], answer: Dict[str, Any]) -> None:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as outbox:
            outbox.setblocking(False)
            try:
                outbox.sendto(json.dumps(answer).encode(), _address(int(query["reply_to"])))
            except (OSError, KeyError, ValueError):
                pass  # the asker stopped waiting or is gone

    async def _listen(self) -> AsyncIterator[bytes]:
        loop = asyncio.get_running_loop()
        while True:
            message = await loop.sock_recv(self._inbox, MAX_MESSAGE_BYTES)
            if not self.presence_message(message):
                yield message
