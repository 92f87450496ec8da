"""Unit tests of channels/credentials.py: each channel on only when configured."""
from __future__ import annotations

import pytest
from rasa.shared.utils.io import read_config_file

from channels.credentials import IncompleteChannel, enabled_channels, render_credentials, write_credentials

ALWAYS_ON = "rest:\n\nchannels.socketio.ClinicSocketIOInput:\n  session_persistence: true\n"
TELEGRAM = {"TELEGRAM_ACCESS_TOKEN": "1:abc", "TELEGRAM_SECRET_TOKEN": "s3cret", "TELEGRAM_WEBHOOK_URL": "https://x/webhooks/telegram/webhook"}
TWILIO_SMS = {"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "twilio-tok-42", "TWILIO_NUMBER": "+15550100"}
MESSENGER = {"MESSENGER_PAGE_ACCESS_TOKEN": "EAA", "MESSENGER_APP_SECRET": "app", "MESSENGER_VERIFY_TOKEN": "v"}


def connectors(env):
    return [channel.connector for channel in enabled_channels(env)]


def test_nothing_configured_means_only_the_always_on_channels():
    assert connectors({"PATH": "/bin", "TELEGRAM_API_URL": "http://fake"}) == []
    assert render_credentials({}, ALWAYS_ON) == ALWAYS_ON


def test_each_configured_channel_is_switched_on():
    assert connectors(TELEGRAM) == ["channels.telegram.ClinicTelegramInput"]
    assert connectors(TWILIO_SMS) == ["channels.twilio.ClinicTwilioInput"]
    assert connectors(MESSENGER) == ["channels.messenger.ClinicMessengerInput"]
    assert len(connectors({**TELEGRAM, **TWILIO_SMS, **MESSENGER})) == 3


def test_whatsapp_alone_is_enough_for_twilio():
    env = {**TWILIO_SMS, "TWILIO_WHATSAPP_NUMBER": "+14155238886"}
    del env["TWILIO_NUMBER"]
    assert connectors(env) == ["channels.twilio.ClinicTwilioInput"]


@pytest.mark.parametrize(
    "env, missing",
    [
        ({"TELEGRAM_ACCESS_TOKEN": "1:abc"}, "TELEGRAM_SECRET_TOKEN"),
        ({"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "twilio-tok-42"}, "TWILIO_NUMBER or TWILIO_WHATSAPP_NUMBER"),
        ({"MESSENGER_PAGE_ACCESS_TOKEN": "EAA", "MESSENGER_VERIFY_TOKEN": "v"}, "MESSENGER_APP_SECRET"),
    ],
)
def test_a_half_configured_channel_is_an_error_naming_what_is_missing(env, missing):
    with pytest.raises(IncompleteChannel, match=missing):
        enabled_channels(env)


def test_the_file_names_variables_rasa_expands_and_holds_no_secret(tmp_path, monkeypatch):
    env = {**TELEGRAM, **TWILIO_SMS, **MESSENGER, "TWILIO_API_URL": "http://127.0.0.1:9"}
    always_on = tmp_path / "credentials.yml"
    always_on.write_text(ALWAYS_ON)
    path = write_credentials(env, tmp_path / "build" / "credentials.yml", always_on)
    text = path.read_text()
    assert "s3cret" not in text and "twilio-tok-42" not in text and "${TELEGRAM_SECRET_TOKEN}" in text
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    credentials = read_config_file(path)  # what `rasa run --credentials` does
    assert credentials["rest"] is None
    assert credentials["channels.socketio.ClinicSocketIOInput"] == {"session_persistence": True}
    assert credentials["channels.telegram.ClinicTelegramInput"]["secret_token"] == "s3cret"
    twilio = credentials["channels.twilio.ClinicTwilioInput"]
    assert twilio == {"account_sid": "AC1", "auth_token": "twilio-tok-42", "twilio_number": "+15550100", "api_url": "http://127.0.0.1:9"}
    assert credentials["channels.messenger.ClinicMessengerInput"]["page-access-token"] == "EAA"
