"""Conversations on Telegram, SMS, WhatsApp and Messenger, through the real
webhooks and the fake provider API: text only, numbered buttons read back,
the handoff in words, one conversation id per person ("<channel>:<their id>")."""
from __future__ import annotations

from testkit.channel_support import LIMITS, TWILIO_WHATSAPP_NUMBER, TwilioVisitor, numbered_options, stored_events, user_texts

NEXT_STEPS = {"1": "Book a consultation", "2": "Ask something else", "3": "Talk to a person"}


def sqlite_path(stack) -> str:
    return stack.config["CLINIC_SQLITE_PATH"]


def assert_plain_text(replies, provider):
    assert replies, "nothing reached the visitor"
    for reply in replies:
        assert len(reply) <= LIMITS[provider]
        assert '{"' not in reply and "payload" not in reply and "'handoff'" not in reply, reply


def test_an_faq_answer_arrives_as_text_with_numbered_options(channel_visitor):
    replies = channel_visitor.say("Does it hurt?")
    assert_plain_text(replies, channel_visitor.provider)
    answer = "\n".join(replies)
    assert "numbing cream" in answer
    assert numbered_options(answer) == NEXT_STEPS


def test_a_number_picks_the_button_of_the_last_message(channel_visitor, channel_stack):
    channel_visitor.say("Does it hurt?")
    replies = channel_visitor.say("2")
    assert user_texts(sqlite_path(channel_stack), channel_visitor.conversation_id)[-1] == "Ask something else"
    assert_plain_text(replies, channel_visitor.provider)


def test_the_option_words_pick_the_button_and_the_handoff_arrives_in_words(channel_visitor, channel_stack):
    channel_visitor.say("Does it hurt?")
    replies = channel_visitor.say("talk to a person!")
    assert user_texts(sqlite_path(channel_stack), channel_visitor.conversation_id)[-1] == "Talk to a person"
    assert_plain_text(replies, channel_visitor.provider)
    answer = "\n".join(replies)
    assert "passing this chat to our team" in answer
    assert "A member of the clinic team will take over this conversation here (reference T-" in answer


def test_a_number_after_a_message_without_buttons_is_left_to_the_assistant(channel_visitor, channel_stack):
    channel_visitor.say("Does it hurt?")
    channel_visitor.say("talk to a person")  # the handoff messages have no buttons
    channel_visitor.say("3")
    assert user_texts(sqlite_path(channel_stack), channel_visitor.conversation_id)[-1] == "3"


def test_an_urgent_handoff_arrives_in_words(channel_visitor):
    replies = channel_visitor.say("I can't breathe and my lips are swelling after microneedling")
    assert_plain_text(replies, channel_visitor.provider)
    answer = "\n".join(replies)
    assert "emergency" in answer.lower()
    assert "alerted and will treat this as urgent (reference T-" in answer


def test_one_conversation_per_person_keyed_by_their_channel_and_id(channel_visitor, channel_stack):
    channel_visitor.say("Hello")
    channel_visitor.say("How much does it cost?")
    events = stored_events(sqlite_path(channel_stack), channel_visitor.conversation_id)
    users = [event for event in events if event["event"] == "user"]
    assert [event["text"] for event in users] == ["Hello", "How much does it cost?"]
    assert {event["input_channel"] for event in users} == {
        {"telegram": "telegram", "twilio": "twilio", "messenger": "facebook"}[channel_visitor.provider]
    }


def test_whatsapp_replies_come_from_the_whatsapp_number(channel_stack, fake_api):
    visitor = TwilioVisitor(channel_stack.url("rasa"), fake_api, whatsapp=True)
    visitor.say("Hello")
    sent = fake_api.sent_to(visitor.address)
    assert visitor.address.startswith("whatsapp:+1555")
    assert visitor.conversation_id == "twilio:" + visitor.address
    assert sent and {message.sender for message in sent} == {"whatsapp:" + TWILIO_WHATSAPP_NUMBER}
