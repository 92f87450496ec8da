"""Nobody writes into another visitor's conversation (issue 13): the REST
channel cannot name a messaging channel's or a widget's conversation, a body
cannot choose the input channel, and widget sessions are issued by the server.
Run against the real stack with every channel on (tests/channels/conftest.py)."""
from __future__ import annotations

import asyncio
import uuid

import pytest
import requests
import socketio

from channels.session_ids import is_signed_session_id, signing_key
from console import rasa_api
from testkit.channel_support import MessengerVisitor, TelegramVisitor, TwilioVisitor, stored_events, user_texts


def rest(stack, sender, text="hello", **extra):
    return requests.post(
        stack.url("rasa") + "/webhooks/rest/webhook", json={"sender": sender, "message": text, **extra}, timeout=60
    )


def tracker(stack, conversation_id):
    return requests.get(
        f"{stack.url('rasa')}/conversations/{conversation_id}/tracker",
        params={"token": stack.config["RASA_API_TOKEN"]}, timeout=30,
    ).json()


VISITORS = {
    "telegram": TelegramVisitor,
    "sms": TwilioVisitor,
    "whatsapp": lambda url, fake: TwilioVisitor(url, fake, whatsapp=True),
    "messenger": MessengerVisitor,
}


@pytest.mark.parametrize("kind", list(VISITORS))
def test_the_rest_channel_cannot_write_into_a_messaging_conversation(channel_stack, fake_api, kind):
    visitor = VISITORS[kind](channel_stack.url("rasa"), fake_api)
    visitor.say("Hello")
    before_events = stored_events(channel_stack.config["CLINIC_SQLITE_PATH"], visitor.conversation_id)
    before_sent = len(visitor.received())

    # The attack of issue 13: the patient's id, and the channel named in the body.
    for sender in (visitor.conversation_id, visitor.address):
        answer = rest(channel_stack, sender, "I'd like to talk to a person", input_channel=visitor.channel)
        if ":" in sender:
            assert answer.status_code == 403, answer.text
        else:  # a bare chat id or PSID is a REST conversation of its own
            assert answer.status_code == 200, answer.text
            events = [e for e in tracker(channel_stack, sender)["events"] if e["event"] == "user"]
            assert {e["input_channel"] for e in events} == {"rest"}

    assert stored_events(channel_stack.config["CLINIC_SQLITE_PATH"], visitor.conversation_id) == before_events
    assert len(visitor.received()) == before_sent  # nothing reached the patient


def test_an_input_channel_in_the_body_is_ignored_and_staff_replies_stay_on_rest(channel_stack, fake_api):
    sender = f"rest-{uuid.uuid4()}"
    assert rest(channel_stack, sender, "hello", input_channel="telegram").status_code == 200
    events = [e for e in tracker(channel_stack, sender)["events"] if e["event"] == "user"]
    assert [e["input_channel"] for e in events] == ["rest"]
    calls = len(fake_api.calls)
    asyncio.run(rasa_api.send_staff_message(channel_stack.url("rasa"), channel_stack.config["RASA_API_TOKEN"], sender, "Hi", "Dana"))
    assert len(fake_api.calls) == calls  # no provider was called


@pytest.mark.parametrize(
    "body, status",
    [
        ({"message": "hi"}, 400),
        ({"sender": 42, "message": "hi"}, 400),
        ({"sender": "a" * 129, "message": "hi"}, 400),
        ({"sender": "x/../y", "message": "hi"}, 400),
        ({"sender": "ok-sender", "message": None}, 400),
        ({"sender": "ok-sender", "message": {"text": "hi"}}, 400),
        ({"sender": "telegram:1", "message": "hi"}, 403),
    ],
)
def test_malformed_rest_requests_are_refused_with_a_reason(channel_stack, body, status):
    answer = requests.post(channel_stack.url("rasa") + "/webhooks/rest/webhook", json=body, timeout=30)
    assert answer.status_code == status and answer.json()["error"]
    # Rasa put a message without a sender into one shared conversation, "default".
    assert not [e for e in tracker(channel_stack, "default")["events"] if e["event"] == "user"]


# --- socket.io: sessions the server issues -----------------------------------

def socket_url(stack):
    return stack.url("rasa")


def test_a_named_uuid_the_server_did_not_issue_starts_a_new_session(channel_stack):
    origin_port = channel_stack.config["WEB_PORT"]
    key = signing_key({"RASA_API_TOKEN": channel_stack.config["RASA_API_TOKEN"]})

    async def scenario():
        url = socket_url(channel_stack)
        headers_origin = f"http://localhost:{origin_port}"
        first, replies = await widget_session_with_origin(url, headers_origin, None, "Does it hurt?")
        assert is_signed_session_id(first, key) and replies
        # Someone names a random UUID, or the victim's id with its signature changed.
        forged = first[:-1] + ("0" if first[-1] != "0" else "1")
        for requested in (str(uuid.uuid4()), forged, first.upper(), "not-a-uuid"):
            other, _ = await widget_session_with_origin(url, headers_origin, requested)
            assert other != first and is_signed_session_id(other, key)
        # The visitor's own id (what the widget stored) resumes the session.
        again, _ = await widget_session_with_origin(url, headers_origin, first)
        assert again == first
        return first

    first = asyncio.run(scenario())
    assert user_texts(channel_stack.config["CLINIC_SQLITE_PATH"], first) == ["Does it hurt?"]


async def widget_session_with_origin(url, origin, requested=None, message=None):
    client = socketio.AsyncClient(reconnection=False)
    loop = asyncio.get_running_loop()
    confirmed: asyncio.Future = loop.create_future()
    replies = []
    client.on("session_confirm", lambda session_id: confirmed.done() or confirmed.set_result(session_id))
    client.on("bot_uttered", lambda data: replies.append(data))
    await client.connect(url, headers={"Origin": origin}, transports=["polling"], socketio_path="socket.io")
    await client.emit("session_request", {"session_id": requested})
    session_id = await asyncio.wait_for(confirmed, 15)
    if message:
        await client.emit("user_uttered", {"message": message, "session_id": session_id})
        deadline = loop.time() + 30
        while not replies and loop.time() < deadline:
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)
    await client.disconnect()
    return session_id, replies


def test_the_rest_channel_cannot_use_a_widget_session_id(channel_stack):
    async def scenario():
        origin = f"http://localhost:{channel_stack.config['WEB_PORT']}"
        return (await widget_session_with_origin(socket_url(channel_stack), origin, None, "hello"))[0]

    session_id = asyncio.run(scenario())
    answer = rest(channel_stack, session_id, "I'd like to talk to a person")
    assert answer.status_code == 403
    assert user_texts(channel_stack.config["CLINIC_SQLITE_PATH"], session_id) == ["hello"]
