"""Unit tests of the signature checks, for what the running stack's tests
cannot vary: which URL a Twilio signature covers, and odd Meta headers."""
from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlencode

from channels.messenger import signature_is_valid
from channels.twilio import ClinicTwilioInput
from testkit.channel_support import MESSENGER_APP_SECRET, TWILIO_AUTH_TOKEN, hub_signatures, twilio_signature

FIELDS = {"AccountSid": "AC1", "From": "+15550000001", "To": "+15550100001", "Body": "2", "FromCity": ""}
LOCAL_URL = "http://10.0.0.5:5005/webhooks/twilio/webhook"
PUBLIC_URL = "https://bot.clinic.example/webhooks/twilio/webhook"


def twilio_request(url: str, signed_url: str) -> SimpleNamespace:
    signature = twilio_signature(signed_url, FIELDS)
    return SimpleNamespace(url=url, body=urlencode(FIELDS).encode(), headers={"X-Twilio-Signature": signature})


def twilio_channel(webhook_url):
    return ClinicTwilioInput("AC1", TWILIO_AUTH_TOKEN, "+15550100001", None, webhook_url, "http://127.0.0.1:9")


def test_without_a_public_url_the_request_url_is_what_twilio_signed():
    channel = twilio_channel(None)
    assert channel.is_signed_by_twilio(twilio_request(LOCAL_URL, LOCAL_URL))
    assert not channel.is_signed_by_twilio(twilio_request(LOCAL_URL, PUBLIC_URL))


def test_behind_a_proxy_the_configured_public_url_is_what_twilio_signed():
    channel = twilio_channel(PUBLIC_URL)
    assert channel.is_signed_by_twilio(twilio_request(LOCAL_URL, PUBLIC_URL))
    assert not channel.is_signed_by_twilio(twilio_request(LOCAL_URL, LOCAL_URL))


def test_empty_fields_are_part_of_the_twilio_signature():
    request = twilio_request(LOCAL_URL, LOCAL_URL)
    request.body = urlencode({name: value for name, value in FIELDS.items() if value}).encode()
    assert not twilio_channel(None).is_signed_by_twilio(request)


def test_a_wrong_sha256_signature_is_not_rescued_by_a_right_sha1_one():
    body = b'{"object": "page", "entry": []}'
    headers = {"X-Hub-Signature-256": "sha256=" + "0" * 64, "X-Hub-Signature": hub_signatures(body)["X-Hub-Signature"]}
    assert not signature_is_valid(MESSENGER_APP_SECRET, body, headers)


def test_only_sha256_and_sha1_signatures_are_accepted():
    body = b"{}"
    md5 = hub_signatures(body)["X-Hub-Signature"].replace("sha1=", "md5=")
    assert not signature_is_valid(MESSENGER_APP_SECRET, body, {"X-Hub-Signature": md5})
    assert not signature_is_valid(MESSENGER_APP_SECRET, body, {"X-Hub-Signature-256": "garbage"})
    assert signature_is_valid(MESSENGER_APP_SECRET, body, hub_signatures(body))
