"""The stack with every messaging channel switched on, talking to a fake
provider API (channel_support.FakeProviderAPI) instead of Telegram, Twilio and
Meta. Its credentials file is the one channels/credentials.py writes from the
environment, passed to Rasa through RASA_CREDENTIALS."""
from __future__ import annotations

import pytest

from channels.credentials import write_credentials
from testkit.channel_support import (
    MESSENGER_APP_SECRET,
    MESSENGER_PAGE_TOKEN,
    MESSENGER_VERIFY_TOKEN,
    TELEGRAM_SECRET,
    TELEGRAM_TOKEN,
    TELEGRAM_WEBHOOK_URL,
    TWILIO_AUTH_TOKEN,
    TWILIO_PUBLIC_URL,
    TWILIO_SID,
    TWILIO_SMS_NUMBER,
    TWILIO_WHATSAPP_NUMBER,
    FakeProviderAPI,
    MessengerVisitor,
    TelegramVisitor,
    TwilioVisitor,
)
from testkit.helpers import start_test_stack


@pytest.fixture(scope="session")
def fake_api() -> FakeProviderAPI:
    fake = FakeProviderAPI()
    yield fake
    fake.close()


@pytest.fixture(scope="session")
def channel_stack(tmp_path_factory, fake_api, webhook):
    workdir = tmp_path_factory.mktemp("channel-stack")
    channels = dict(
        TELEGRAM_ACCESS_TOKEN=TELEGRAM_TOKEN,
        TELEGRAM_SECRET_TOKEN=TELEGRAM_SECRET,
        TELEGRAM_WEBHOOK_URL=TELEGRAM_WEBHOOK_URL,
        TELEGRAM_API_URL=fake_api.url,
        TWILIO_ACCOUNT_SID=TWILIO_SID,
        TWILIO_AUTH_TOKEN=TWILIO_AUTH_TOKEN,
        TWILIO_NUMBER=TWILIO_SMS_NUMBER,
        TWILIO_WHATSAPP_NUMBER=TWILIO_WHATSAPP_NUMBER,
        TWILIO_WEBHOOK_URL=TWILIO_PUBLIC_URL,
        TWILIO_API_URL=fake_api.url,
        MESSENGER_PAGE_ACCESS_TOKEN=MESSENGER_PAGE_TOKEN,
        MESSENGER_APP_SECRET=MESSENGER_APP_SECRET,
        MESSENGER_VERIFY_TOKEN=MESSENGER_VERIFY_TOKEN,
        MESSENGER_API_URL=fake_api.url,
    )
    credentials = write_credentials(channels, workdir / "credentials.yml")
    running = start_test_stack(workdir, webhook, RASA_CREDENTIALS=str(credentials), **channels)
    yield running
    running.stop_all()


VISITORS = {
    "telegram": TelegramVisitor,
    "sms": TwilioVisitor,
    "whatsapp": lambda url, fake: TwilioVisitor(url, fake, whatsapp=True),
    "messenger": MessengerVisitor,
}


@pytest.fixture(params=list(VISITORS))
def channel_visitor(request, channel_stack, fake_api):
    """A new person on each messaging channel in turn."""
    return VISITORS[request.param](channel_stack.url("rasa"), fake_api)
