"""Authenticity: a webhook without the provider's valid signature is refused
with 403 and leaves nothing behind (no tracker events, no reply sent)."""
from __future__ import annotations

import requests

from testkit.channel_support import (
    MESSENGER_VERIFY_TOKEN,
    TELEGRAM_SECRET,
    TELEGRAM_WEBHOOK_URL,
    TWILIO_AUTH_TOKEN,
    TWILIO_PUBLIC_URL,
    MessengerVisitor,
    TelegramVisitor,
    TwilioVisitor,
    hub_signatures,
    stored_events,
    twilio_signature,
)


def assert_refused_and_not_stored(answer, visitor, stack, fake_api):
    assert answer.status_code == 403, answer.text
    assert stored_events(stack.config["CLINIC_SQLITE_PATH"], visitor.conversation_id) == []
    tracker = requests.get(
        f"{stack.url('rasa')}/conversations/{visitor.conversation_id}/tracker",
        params={"token": stack.config["RASA_API_TOKEN"]},
        timeout=30,
    ).json()
    assert not [event for event in tracker["events"] if event["event"] == "user"]
    assert fake_api.sent_to(visitor.recipient) == []


def accepted_and_stored(answer, visitor, stack):
    assert answer.status_code == 200, answer.text
    return [event for event in stored_events(stack.config["CLINIC_SQLITE_PATH"], visitor.conversation_id) if event["event"] == "user"]


# --- Telegram: X-Telegram-Bot-Api-Secret-Token -------------------------------

def test_telegram_webhook_is_registered_with_the_secret_token(channel_stack, fake_api):
    calls = [call for call in fake_api.calls if call["path"].endswith("/setWebhook")]
    assert calls, "setWebhook was never called"
    assert calls[-1]["fields"] == {"url": TELEGRAM_WEBHOOK_URL, "secret_token": TELEGRAM_SECRET}


def test_telegram_update_with_the_secret_token_is_accepted(channel_stack, fake_api):
    visitor = TelegramVisitor(channel_stack.url("rasa"), fake_api)
    assert accepted_and_stored(visitor.post("Hello"), visitor, channel_stack)


def test_telegram_update_with_a_wrong_secret_token_is_refused(channel_stack, fake_api):
    visitor = TelegramVisitor(channel_stack.url("rasa"), fake_api)
    answer = visitor.post("Hello", secret=TELEGRAM_SECRET + "x")
    assert_refused_and_not_stored(answer, visitor, channel_stack, fake_api)


def test_telegram_update_without_a_secret_token_is_refused(channel_stack, fake_api):
    visitor = TelegramVisitor(channel_stack.url("rasa"), fake_api)
    assert_refused_and_not_stored(visitor.post("Hello", signed=False), visitor, channel_stack, fake_api)


# --- Twilio: X-Twilio-Signature over the public URL -------------------------

def test_twilio_message_signed_for_the_public_url_is_accepted(channel_stack, fake_api):
    visitor = TwilioVisitor(channel_stack.url("rasa"), fake_api)
    assert accepted_and_stored(visitor.post("Hello"), visitor, channel_stack)


def test_twilio_message_with_a_wrong_signature_is_refused(channel_stack, fake_api):
    visitor = TwilioVisitor(channel_stack.url("rasa"), fake_api, whatsapp=True)
    answer = visitor.post("Hello", sign=lambda fields: twilio_signature(TWILIO_PUBLIC_URL, fields, TWILIO_AUTH_TOKEN + "x"))
    assert_refused_and_not_stored(answer, visitor, channel_stack, fake_api)


def test_twilio_signature_over_another_url_is_refused(channel_stack, fake_api):
    # Signed for the URL this server sees, while Twilio calls the public one (TWILIO_WEBHOOK_URL).
    visitor = TwilioVisitor(channel_stack.url("rasa"), fake_api)
    local_url = f"{channel_stack.url('rasa')}/webhooks/twilio/webhook"
    answer = visitor.post("Hello", sign=lambda fields: twilio_signature(local_url, fields))
    assert_refused_and_not_stored(answer, visitor, channel_stack, fake_api)


def test_twilio_message_without_a_signature_is_refused(channel_stack, fake_api):
    visitor = TwilioVisitor(channel_stack.url("rasa"), fake_api)
    assert_refused_and_not_stored(visitor.post("Hello", signed=False), visitor, channel_stack, fake_api)


# --- Messenger: X-Hub-Signature-256 / X-Hub-Signature -----------------------

def test_messenger_event_with_the_sha256_signature_is_accepted(channel_stack, fake_api):
    visitor = MessengerVisitor(channel_stack.url("rasa"), fake_api)
    answer = visitor.post("Hello", sign=lambda body: {"X-Hub-Signature-256": hub_signatures(body)["X-Hub-Signature-256"]})
    assert accepted_and_stored(answer, visitor, channel_stack)


def test_messenger_event_with_only_the_legacy_sha1_signature_is_accepted(channel_stack, fake_api):
    visitor = MessengerVisitor(channel_stack.url("rasa"), fake_api)
    answer = visitor.post("Hello", sign=lambda body: {"X-Hub-Signature": hub_signatures(body)["X-Hub-Signature"]})
    assert accepted_and_stored(answer, visitor, channel_stack)


def test_messenger_event_with_a_wrong_signature_is_refused(channel_stack, fake_api):
    visitor = MessengerVisitor(channel_stack.url("rasa"), fake_api)
    answer = visitor.post("Hello", sign=lambda body: hub_signatures(body, app_secret="not-the-app-secret"))
    assert_refused_and_not_stored(answer, visitor, channel_stack, fake_api)


def test_messenger_event_signed_for_another_body_is_refused(channel_stack, fake_api):
    visitor = MessengerVisitor(channel_stack.url("rasa"), fake_api)
    answer = visitor.post("Hello", sign=lambda body: hub_signatures(visitor.body("Something harmless")))
    assert_refused_and_not_stored(answer, visitor, channel_stack, fake_api)


def test_messenger_event_without_a_signature_is_refused(channel_stack, fake_api):
    visitor = MessengerVisitor(channel_stack.url("rasa"), fake_api)
    assert_refused_and_not_stored(visitor.post("Hello", signed=False), visitor, channel_stack, fake_api)


def test_messenger_webhook_verification_needs_the_verify_token(channel_stack):
    url = f"{channel_stack.url('rasa')}/webhooks/facebook/webhook"
    good = {"hub.mode": "subscribe", "hub.verify_token": MESSENGER_VERIFY_TOKEN, "hub.challenge": "1158201444"}
    answer = requests.get(url, params=good, timeout=10)
    assert (answer.status_code, answer.text) == (200, "1158201444")
    answer = requests.get(url, params={**good, "hub.verify_token": "guess"}, timeout=10)
    assert answer.status_code == 403 and "1158201444" not in answer.text
