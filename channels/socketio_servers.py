"""socket.io messages reach a widget whichever Rasa server holds its socket.

The production profile runs several Rasa servers. The proxy keeps a
visitor's socket on one of them (docker/nginx.conf, ip_hash), but the
console's calls to Rasa's HTTP API go to either (docker/nginx-rasa-api.conf):
a staff reply sent through the other server was emitted to a room with no
socket in it, and a visitor waiting with the chat open never saw it, and
the presence answer said they were away. With this client manager
(python-socketio's Redis one) every server hands each emit to the others
over a Redis channel of the profile's Redis (the lock store's), and answers
presence queries on it (channels/socketio_presence.py).
"""
from __future__ import annotations

import asyncio
import uuid
from typing import Any, AsyncIterator, Dict, Mapping, Optional
from urllib.parse import quote

from socketio import AsyncRedisManager

from channels.socketio_presence import PRESENCE_WAIT, PresenceQueries


def redis_url(env: Mapping[str, str]) -> Optional[str]:
    """The production profile's Redis (its lock store's settings), else None."""
    if (env.get("CLINIC_PROFILE") or "development") != "production" or not env.get("REDIS_HOST"):
        return None
    password = env.get("REDIS_PASSWORD") or ""
    auth = f":{quote(password, safe='')}@" if password else ""
    return f"redis://{auth}{env['REDIS_HOST']}:{env.get('REDIS_PORT') or '6379'}/{env.get('REDIS_DB') or '0'}"


def channel_name(env: Mapping[str, str]) -> str:
    """One channel per deployment sharing the Redis (the lock store's key prefix)."""
    return f"{env.get('REDIS_KEY_PREFIX') or 'clinic'}:socketio"


class ServersPubSubManager(PresenceQueries, AsyncRedisManager):
    name = "servers"

    def initialize(self) -> None:
        # Made before Sanic forks any workers: each listener needs its own id.
        self.host_id = uuid.uuid4().hex
        self.start_presence()
        super().initialize()  # listens (_listen) in a background task

    async def ask_others(self, query: Dict[str, Any]) -> int:
        # The answers come over the channel: the asker must listen first (a server's first
        # query starts its listener). Redis then counts the asker among those reached.
        loop = asyncio.get_running_loop()
        deadline = loop.time() + PRESENCE_WAIT
        while not getattr(getattr(self, "pubsub", None), "subscribed", False) and loop.time() < deadline:
            await asyncio.sleep(0.01)
        listening = bool(getattr(getattr(self, "pubsub", None), "subscribed", False))
        reached = await self._publish({**query, "reply_to": self.host_id})
        return max(0, (reached or 0) - int(listening))

    def answer(self, query: Dict[str, Any], answer: Dict[str, Any]) -> None:
        if query.get("reply_to") != self.host_id:
            asyncio.ensure_future(self._publish(answer))

    async def _listen(self) -> AsyncIterator[Any]:
        async for message in super()._listen():
            if not self.presence_message(message):
                yield message
