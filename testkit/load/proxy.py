"""A failover HTTP proxy on loopback, standing in for nginx in the tests.

Turns go round-robin to the Rasa servers. A request that could not connect to
one (it is down) goes to the next: safe, because that server never saw it. A
request lost after it was sent (the server died mid-turn) goes to the next
server too when it names its message (`message_id`): the assistant runs a
message once and answers a repeat with the first answer
(components/exactly_once.py). Without an id it is answered 502 and never
repeated, since the turn could run twice. Each request opens its own
connection, so a dead server always shows as a refused connection, never as
a stale pooled one.
"""
from __future__ import annotations

import asyncio
import itertools
import json
from typing import List

import aiohttp
from aiohttp import web

from testkit.helpers import free_port

# Longer than Rasa's wait for a conversation lock left by a killed server (60 s).
UPSTREAM_TIMEOUT = aiohttp.ClientTimeout(total=150)


class FailoverProxy:
    def __init__(self, upstreams: List[str]) -> None:
        self.upstreams = upstreams
        self._turn = itertools.count()
        self._session: aiohttp.ClientSession
        self._runner: web.AppRunner
        self.url = ""

    async def start(self) -> str:
        self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True, limit=0), timeout=UPSTREAM_TIMEOUT)
        app = web.Application(client_max_size=1 << 20)
        app.router.add_route("*", "/{path:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        port = free_port()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    async def stop(self) -> None:
        await self._runner.cleanup()
        await self._session.close()

    async def _forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        repeatable = _names_its_message(body)
        first = next(self._turn)
        for offset in range(len(self.upstreams)):
            upstream = self.upstreams[(first + offset) % len(self.upstreams)]
            try:
                async with self._session.request(
                    request.method, upstream + request.rel_url.path_qs, data=body,
                    headers={"Content-Type": request.headers.get("Content-Type", "application/json")},
                ) as response:
                    payload = await response.read()
                    return web.Response(status=response.status, body=payload, content_type=response.content_type)
            except aiohttp.ClientConnectorError:
                continue  # the server never saw it: the next one may take it
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                # Lost on its way (not timed out: then it may still be running there).
                if repeatable and isinstance(error, aiohttp.ClientError):
                    continue
                return web.Response(status=502, text=f"{upstream} failed during the request: {error!r}")
        return web.Response(status=503, text="no Rasa server reachable")


def _names_its_message(body: bytes) -> bool:
    try:
        parsed = json.loads(body)
    except ValueError:
        return False
    return isinstance(parsed, dict) and parsed.get("message_id") is not None
