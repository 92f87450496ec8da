"""A staff reply sent while the visitor's widget is not connected reaches it
when it comes back (channels/socketio.py, "Messages sent while no widget
listened"): once, in order, and never again on a later reconnect. Against the
real Rasa server (tests/channels/conftest.py), through the console's own call
(console/rasa_api.py)."""
from __future__ import annotations

import asyncio
import uuid

import socketio

from console import rasa_api


async def _widget(stack, requested=None, seen=None, message=None, settle=2.0, meanwhile=None):
    """Connects as the widget does, optionally says `message`, and returns the
    confirmed session id and every bot message the socket received."""
    client = socketio.AsyncClient(reconnection=False)
    loop = asyncio.get_running_loop()
    confirmed: asyncio.Future = loop.create_future()
    received = []
    client.on("session_confirm", lambda session_id: confirmed.done() or confirmed.set_result(session_id))
    client.on("bot_uttered", lambda data: received.append(data))
    await client.connect(
        stack.url("rasa"), headers={"Origin": f"http://localhost:{stack.config['WEB_PORT']}"},
        transports=["polling"], socketio_path="socket.io",
    )
    request = {"session_id": requested}
    if seen is not None:
        request["seen"] = seen
    await client.emit("session_request", request)
    session_id = await asyncio.wait_for(confirmed, 15)
    if meanwhile:
        await meanwhile(session_id)
    if message:
        await client.call("user_uttered", {"message": message, "session_id": session_id, "metadata": {"message_id": str(uuid.uuid4())}}, timeout=60)
    await asyncio.sleep(settle)
    await client.disconnect()
    return session_id, received


def _latest_seen(messages, seen):
    stamps = [message["ts"] for message in messages if "ts" in message]
    return max(stamps, default=seen)


def test_a_staff_reply_sent_while_the_widget_was_away_is_shown_once_when_it_returns(channel_stack):
    rasa, token = channel_stack.url("rasa"), channel_stack.config["RASA_API_TOKEN"]

    async def scenario():
        session_id, replies = await _widget(channel_stack, message="I'd like to talk to a person please")
        assert replies and all("ts" not in reply for reply in replies)  # turn replies: reply_to/n
        # The visitor closed the tab; staff answer in two messages, the second of two paragraphs.
        await rasa_api.send_staff_message(rasa, token, session_id, "Hi, Dana here.", "Dana")
        await rasa_api.send_staff_message(rasa, token, session_id, "We open at 9.\n\nSee you then.", "Dana")

        again, first_return = await _widget(channel_stack, session_id, seen=0)
        assert again == session_id
        texts = [message["text"] for message in first_return]
        assert texts == ["Dana (clinic team): Hi, Dana here.", "Dana (clinic team): We open at 9.", "See you then."]
        keys = [(message["ts"], message["part"]) for message in first_return]
        assert len(set(keys)) == 3 and keys == sorted(keys)

        # Back again with what it has shown: only the newest message's own parts
        # come again (same ts/part: the widget skips them), nothing new.
        seen = _latest_seen(first_return, 0)
        _, second_return = await _widget(channel_stack, session_id, seen=seen)
        assert {(message["ts"], message["part"]) for message in second_return} <= set(keys)
        assert not [m for m in second_return if m["ts"] > seen]

        # Another reply while away: a widget back with what it has shown gets only that one.
        await rasa_api.send_staff_message(rasa, token, session_id, "Anything else?", "Dana")
        _, third_return = await _widget(channel_stack, session_id, seen=seen)
        assert [message["text"] for message in third_return if message["ts"] > seen] == ["Dana (clinic team): Anything else?"]

        # The handback, sent while away, is replayed too (after the staff replies already seen).
        newest = _latest_seen(third_return, seen)
        await rasa_api.hand_back(rasa, token, session_id)
        _, fourth_return = await _widget(channel_stack, session_id, seen=newest)
        new = [message for message in fourth_return if message["ts"] > newest]
        assert new and "handed the chat back to me" in " ".join(message.get("text", "") for message in new)
        return session_id

    asyncio.run(scenario())


def test_no_replay_for_a_new_session_or_a_client_that_names_no_seen(channel_stack):
    rasa, token = channel_stack.url("rasa"), channel_stack.config["RASA_API_TOKEN"]

    async def scenario():
        session_id, _ = await _widget(channel_stack, message="hello", settle=0.5)
        await rasa_api.send_staff_message(rasa, token, session_id, "Hello from the team.", "Dana")
        _, old_client = await _widget(channel_stack, session_id)  # no `seen`: Rasa's behaviour
        assert old_client == []
        other, fresh = await _widget(channel_stack, None, seen=0)  # a new session has no past
        assert other != session_id and fresh == []

    asyncio.run(scenario())
