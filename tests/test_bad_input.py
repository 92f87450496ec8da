"""Bad input gets a clear answer, never a 500, and nothing is lost."""
from __future__ import annotations

import concurrent.futures

import pytest
import requests

from clinic_assistant.limits import MAX_CHANNEL_CHARS  # documented in docs/input-limits.md
from testkit.helpers import Visitor, texts


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


def test_a_flood_from_one_visitor_is_limited_with_a_clear_reply_and_loses_nothing_it_accepted(stack):
    # channels/rate_limit.py: a burst of CHANNEL_SENDER_BURST (20) messages, then 30 a minute.
    visitor = Visitor(stack)
    messages = [f"how much is it, question {number}" for number in range(30)]

    def send(text):
        return text, requests.post(visitor.url, json={"sender": visitor.sender, "message": text}, timeout=60)

    with concurrent.futures.ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(send, messages))
    accepted = [text for text, answer in answers if answer.status_code == 200]
    limited = [answer for _, answer in answers if answer.status_code == 429]
    assert 20 <= len(accepted) < 30 and len(accepted) + len(limited) == 30
    assert all(answer.json() for text, answer in answers if answer.status_code == 200)
    for answer in limited:
        assert "faster than I can read" in texts(answer.json()) and int(answer.headers["Retry-After"]) >= 1
    # Everything answered is stored, once; nothing refused is.
    assert sorted(user_texts(stack, visitor.sender)) == sorted(accepted)

    # A red flag still gets through while the visitor is limited.
    emergency = requests.post(visitor.url, json={"sender": visitor.sender, "message": "I can't breathe"}, timeout=60)
    assert emergency.status_code == 200
    assert any((reply.get("custom") or {}).get("handoff", {}).get("urgent") for reply in emergency.json())


def test_a_message_longer_than_any_channel_takes_is_refused_with_a_reason(stack):
    visitor = Visitor(stack)
    answer = requests.post(visitor.url, json={"sender": visitor.sender, "message": "a" * (MAX_CHANNEL_CHARS + 1)}, timeout=60)
    assert answer.status_code == 413 and "too long" in texts(answer.json())
    assert user_texts(stack, visitor.sender) == []
