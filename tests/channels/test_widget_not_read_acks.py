"""The widget's socket acknowledges a message the server did not read (over
the conversation's rate, or longer than any channel takes) with
{"read": false, "reason": ...}, so the widget can mark that message as not
read instead of showing it as sent (channels/socketio.py). Before, every
acknowledgement was empty, and of a flood only the first limited message was
named, by the rate notice ("I didn't read your last one"): the visitor's
later bubbles looked sent but were lost. Against the real Rasa server with
its default rate (a burst of 20, tests/channels/conftest.py)."""
from __future__ import annotations

import asyncio
import uuid

import socketio

from clinic_assistant.limits import MAX_CHANNEL_CHARS


async def _session(stack):
    client = socketio.AsyncClient(reconnection=False)
    confirmed: asyncio.Future = asyncio.get_running_loop().create_future()
    client.on("session_confirm", lambda session_id: confirmed.done() or confirmed.set_result(session_id))
    await client.connect(
        stack.url("rasa"), headers={"Origin": f"http://localhost:{stack.config['WEB_PORT']}"},
        transports=["polling"], socketio_path="socket.io",
    )
    await client.emit("session_request", {"session_id": None})
    return client, await asyncio.wait_for(confirmed, 15)


def _say(client, session_id, text):
    return client.call("user_uttered", {"message": text, "session_id": session_id,
                                        "metadata": {"message_id": str(uuid.uuid4())}}, timeout=120)


def test_a_message_the_server_did_not_read_is_acknowledged_as_not_read(channel_stack):
    async def scenario():
        client, session_id = await _session(channel_stack)
        try:
            first = await _say(client, session_id, "how much is it")
            too_long = await _say(client, session_id, "a" * (MAX_CHANNEL_CHARS + 1))
            # One after another, each as soon as the last is answered: over the
            # burst (20) within seconds, so some are over the rate.
            flood = []
            for n in range(45):
                flood.append(await _say(client, session_id, f"how long does it take, {n}"))
                if len(flood) > 3 and flood[-1] is not None and flood[-2] is not None:
                    break
        finally:
            await client.disconnect()
        return first, too_long, flood

    first, too_long, flood = asyncio.run(scenario())
    assert first is None  # read: acknowledged with nothing, as before
    assert too_long == {"read": False, "reason": "too_long"}
    read = [ack for ack in flood if ack is None]
    limited = [ack for ack in flood if ack is not None]
    assert read and limited, flood
    assert all(ack == {"read": False, "reason": "too_fast"} for ack in limited), limited
