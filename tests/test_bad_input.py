"""Bad input gets a clear answer, never a 500, and nothing is lost."""
from __future__ import annotations

import concurrent.futures

import pytest
import requests
from helpers import Visitor, texts

LIMIT = 1000  # components/limits.py, documented in the README


def user_texts(stack, sender):
    token = stack.config["RASA_API_TOKEN"]
    events = requests.get(stack.url("rasa") + f"/conversations/{sender}/tracker?token={token}", timeout=10).json()["events"]
    return [event["text"] for event in events if event["event"] == "user"]


@pytest.mark.parametrize("text", ["", "   ", "\u200b\u200b", "\n\t"])
def test_empty_messages_get_a_prompt(stack, text):
    visitor = Visitor(stack)
    assert "didn't receive any text" in texts(visitor.say(text))


def test_long_message_is_refused_politely_and_stored_whole(stack):
    visitor = Visitor(stack)
    text = "tell me about microneedling " * 400  # 11,200 characters
    assert "shorter message" in texts(visitor.say(text))
    assert user_texts(stack, visitor.sender) == [text.strip()]  # Rasa strips surrounding spaces


def test_long_message_with_a_red_flag_still_gets_the_emergency_answer(stack):
    visitor = Visitor(stack)
    replies = visitor.say("so about my appointment " * 100 + " and now my throat is closing and I can't breathe")
    assert any((reply.get("custom") or {}).get("handoff", {}).get("urgent") for reply in replies)


@pytest.mark.parametrize(
    "text",
    ["😀😀😀", "<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "'; DROP TABLE events; --",
     "\ud83d", "\x00\x01\x02", "ﬁnd ｍｉｃｒｏｎｅｅｄｌｉｎｇ price"],
)
def test_odd_text_gets_a_reply_and_is_stored(stack, text):
    visitor = Visitor(stack)
    replies = visitor.say(text)
    assert replies and all(isinstance(reply, dict) for reply in replies)
    assert len(user_texts(stack, visitor.sender)) == 1


def test_invalid_utf8_body_is_a_client_error_not_a_crash(stack):
    body = b'{"sender": "bytes-visitor", "message": "\xff\xfe\xfa"}'
    response = requests.post(
        stack.url("rasa") + "/webhooks/rest/webhook", data=body,
        headers={"Content-Type": "application/json"}, timeout=30,
    )
    assert response.status_code < 500


def test_missing_message_field_is_not_a_crash(stack):
    response = requests.post(stack.url("rasa") + "/webhooks/rest/webhook", json={"sender": "no-message"}, timeout=30)
    assert response.status_code < 500


def test_a_flood_from_one_visitor_loses_nothing(stack):
    visitor = Visitor(stack)
    messages = [f"how much is it, question {number}" for number in range(30)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=10) as pool:
        replies = list(pool.map(visitor.say, messages))
    assert all(reply for reply in replies)
    assert sorted(user_texts(stack, visitor.sender)) == sorted(messages)
