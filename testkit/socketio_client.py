"""A widget's socket in tests, speaking engine.io 4 and socket.io over a raw
WebSocket (python-engineio's WebSocket client needs a newer aiohttp than Rasa's)."""
from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any, AsyncIterator, Tuple

import websockets


async def socketio_event(ws: Any, name: str, timeout: float = 15) -> Any:
    """The next socket.io event `name`, answering pings meanwhile."""
    while True:
        packet = await asyncio.wait_for(ws.recv(), timeout)
        if packet == "2":
            await ws.send("3")
        elif packet.startswith("42"):
            event, *data = json.loads(packet[2:])
            if event == name:
                return data[0] if data else None


@contextlib.asynccontextmanager
async def widget_socket(rasa_url: str, web_port: str) -> AsyncIterator[Tuple[Any, str]]:
    """A connected socket (as the widget on the clinic's page opens it) and its session id."""
    url = rasa_url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    async with websockets.connect(url, extra_headers={"Origin": f"http://localhost:{web_port}"}) as ws:
        assert (await ws.recv()).startswith("0")  # engine.io open
        await ws.send("40")
        assert (await ws.recv()).startswith("40")  # socket.io connected
        await ws.send("42" + json.dumps(["session_request", {"session_id": None}]))
        yield ws, await socketio_event(ws, "session_confirm")
