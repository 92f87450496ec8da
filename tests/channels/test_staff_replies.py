"""Live staff replies and the handback reach the visitor on the channel they
used, through Rasa's HTTP API, called as the console calls it (console/rasa_api.py)."""
from __future__ import annotations

import asyncio

from console import rasa_api
from testkit.channel_support import LIMITS, numbered_options, stored_events


def api(stack):
    return stack.url("rasa"), stack.config["RASA_API_TOKEN"]


def send_staff_message(*args) -> None:
    asyncio.run(rasa_api.send_staff_message(*args))


def hand_back(*args) -> None:
    asyncio.run(rasa_api.hand_back(*args))


def webhook_registrations(fake_api) -> int:
    return len([call for call in fake_api.calls if call["path"].endswith("/setWebhook")])


def test_a_staff_reply_and_the_handback_reach_the_visitor(channel_visitor, channel_stack, fake_api):
    channel_visitor.say("I'd like to talk to a person please")
    before, registrations = len(channel_visitor.received()), webhook_registrations(fake_api)

    send_staff_message(*api(channel_stack), channel_visitor.conversation_id, "Hi Sam, Dana here. How can I help?", "Dana")
    assert channel_visitor.received()[before:] == ["Dana (clinic team): Hi Sam, Dana here. How can I help?"]
    # Rasa 3.6's Telegram output set the webhook again for each message sent outside a webhook call.
    assert webhook_registrations(fake_api) == registrations
    staff_events = [
        event
        for event in stored_events(channel_stack.config["CLINIC_SQLITE_PATH"], channel_visitor.conversation_id)
        if event["event"] == "bot" and event.get("metadata", {}).get("staff") == "Dana"
    ]
    assert [event["text"] for event in staff_events] == ["Hi Sam, Dana here. How can I help?"]

    held = channel_visitor.say("Can I come on Friday?")
    assert any("the team has your message" in reply for reply in held)

    before = len(channel_visitor.received())
    hand_back(*api(channel_stack), channel_visitor.conversation_id)
    back = "\n".join(channel_visitor.received()[before:])
    assert "handed the chat back to me" in back
    assert numbered_options(back)["1"] == "Book a consultation"

    assert "numbing cream" in "\n".join(channel_visitor.say("Does it hurt?"))


def test_a_long_staff_reply_is_split_at_the_channel_limit(channel_visitor, channel_stack):
    channel_visitor.say("Hello")
    paragraphs = [" ".join(f"Paragraph {p}, sentence {s} of the aftercare notes." for s in range(25)) for p in range(6)]
    text = "\n\n".join(paragraphs)  # about 6,500 characters
    before = len(channel_visitor.received())
    send_staff_message(*api(channel_stack), channel_visitor.conversation_id, text, "Dana")
    parts = channel_visitor.received()[before:]
    limit = LIMITS[channel_visitor.provider]
    assert len(parts) >= len(text) // limit + 1
    assert all(len(part) <= limit for part in parts)
    assert parts[0].startswith("Dana (clinic team): Paragraph 0, sentence 0")
    assert all(part.endswith(".") for part in parts)  # cut at sentence or paragraph ends
    squeezed = "".join("".join(parts).split())
    assert squeezed == "".join(("Dana (clinic team): " + text).split())
