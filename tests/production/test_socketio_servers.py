"""A staff reply reaches the visitor's open chat whichever Rasa server the
console's call reaches, and presence is answered for every server
(channels/socketio_servers.py): the production profile's two servers share
the profile's Redis for socket.io, as they share it for locks."""
from __future__ import annotations

import asyncio
import json
import urllib.request

import pytest
from test_profile import production  # noqa: F401 - the two-server fixture

from testkit.socketio_client import socketio_event, widget_socket


def _api(server: str, token: str, method: str, path: str, body=None):
    request = urllib.request.Request(f"{server}{path}", method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_a_staff_reply_through_either_server_reaches_the_open_chat(production):  # noqa: F811
    cluster, _ = production
    first, second = cluster.rasa_urls
    config = cluster.rasa[0].config
    token = config["RASA_API_TOKEN"]
    query = f"token={token}&output_channel=socketio&execute_side_effects=true"

    async def scenario():
        async with widget_socket(first, config["WEB_PORT"]) as (ws, session_id):
            received = []
            for number, server in enumerate((second, first, second)):
                text = f"Staff here, reply {number}."
                await asyncio.to_thread(_api, server, token, "POST", f"/conversations/{session_id}/tracker/events?{query}",
                                        [{"event": "bot", "text": text}])
                received.append((text, (await socketio_event(ws, "bot_uttered"))["text"]))
            present = [await asyncio.to_thread(_api, server, token, "GET", f"/webhooks/socketio/presence?session_id={session_id}&token={token}")
                       for server in (first, second)]
        return received, present, session_id

    received, present, session_id = asyncio.run(scenario())
    assert all(sent in arrived for sent, arrived in received)
    assert present == [{"connected": True}, {"connected": True}]
    # The chat closed: neither server finds it.
    gone = [_api(server, token, "GET", f"/webhooks/socketio/presence?session_id={session_id}&token={token}") for server in (first, second)]
    assert gone == [{"connected": False}, {"connected": False}]


@pytest.mark.parametrize("env, expected", [
    ({"CLINIC_PROFILE": "production", "REDIS_HOST": "redis", "REDIS_PORT": "6379", "REDIS_DB": "1", "REDIS_PASSWORD": "p@ss/word"},
     "redis://:p%40ss%2Fword@redis:6379/1"),
    ({"CLINIC_PROFILE": "production", "REDIS_HOST": "127.0.0.1"}, "redis://127.0.0.1:6379/0"),
    ({"CLINIC_PROFILE": "development", "REDIS_HOST": "redis"}, None),
])
def test_the_socketio_redis_is_the_profiles(env, expected):
    from channels.socketio_servers import redis_url

    assert redis_url(env) == expected
