""""can i whatsapp you" asked over WhatsApp, "can i message you on telegram"
asked on Telegram: the visitor is already writing to the clinic there, and the
team can reply in that chat (clinic_assistant/messaging_asked.py). Asked on
the website, the assistant says it has not been given those details."""
from __future__ import annotations

from testkit.channel_support import TelegramVisitor, TwilioVisitor

HERE = "messaging Willow Skin Clinic here already"


def test_asked_on_the_channel_itself_the_answer_is_this_chat(channel_stack, fake_api):
    telegram = TelegramVisitor(channel_stack.url("rasa"), fake_api)
    assert HERE in "\n".join(telegram.say("can i message you on telegram"))
    sms = TwilioVisitor(channel_stack.url("rasa"), fake_api)
    assert HERE in "\n".join(sms.say("can i text u"))


def test_asked_on_one_channel_about_another_the_details_are_not_invented(channel_stack, fake_api):
    telegram = TelegramVisitor(channel_stack.url("rasa"), fake_api)
    said = "\n".join(telegram.say("can i whatsapp you"))
    assert "haven't been given WhatsApp details" in said and HERE not in said
