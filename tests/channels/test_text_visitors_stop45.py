"""Stop 45: people texting from a phone, through the real webhooks (signed as
each provider signs them) and the fake provider API, read as the phone shows
what the assistant sent.

- An option is picked the way people answer a numbered list: "the second
  one", "option 3", "2 please", "2️⃣", "1 and 3", its words with a slip.
- A photo, voice message, sticker or location is answered with a note that
  it was not read, and a photo's caption is read as text.
- SMS opt-out keywords (STOP...) are Twilio's: not answered, not stored;
  START greets.
- An SMS carries plain GSM characters (no curly quotes, dashes, ellipses),
  so one typographic character does not make every segment 70 characters.
"""
from __future__ import annotations

import json
import random

import pytest
import requests

from testkit.channel_support import (
    PAGE_ID,
    TELEGRAM_SECRET,
    TWILIO_PUBLIC_URL,
    MessengerVisitor,
    TelegramVisitor,
    TwilioVisitor,
    hub_signatures,
    numbered_options,
    stored_events,
    twilio_signature,
    user_texts,
)

GREETING_OPTIONS = {"1": "Does it hurt?", "2": "What's the downtime?", "3": "How much does it cost?", "4": "Check if it's right for me"}
NOT_READ = "I can only read text here, so I couldn't open your"
# Characters outside the GSM 03.38 alphabet that the clinic's texts use.
TYPOGRAPHIC = "‘’“”–—…\u00a0"


def sqlite_path(stack) -> str:
    return stack.config["CLINIC_SQLITE_PATH"]


def last_user_texts(stack, visitor, count):
    return user_texts(sqlite_path(stack), visitor.conversation_id)[-count:]


def received_after(visitor, before):
    return visitor.received()[before:]


# --- picking an option the way people text -------------------------------------------------


@pytest.mark.parametrize("reply", ["the second one", "option 2", "2 please", "2️⃣", "2nd", "number two"])
def test_an_option_named_in_words_or_with_a_keycap_picks_it_on_sms(reply, channel_stack, fake_api):
    visitor = TwilioVisitor(channel_stack.url("rasa"), fake_api)
    assert numbered_options("\n".join(visitor.say("Hello"))) == GREETING_OPTIONS
    replies = visitor.say(reply)
    assert last_user_texts(channel_stack, visitor, 1) == ["What's the downtime?"]
    assert "within a day or two" in "\n".join(replies)


def test_the_last_one_and_a_slip_in_the_words_pick_options_on_every_channel(channel_visitor, channel_stack):
    channel_visitor.say("Does it hurt?")
    channel_visitor.say("the last one")
    assert last_user_texts(channel_stack, channel_visitor, 1) == ["Talk to a person"]

    other = type(channel_visitor)(channel_visitor.rasa_url, channel_visitor.fake)
    other.say("Does it hurt?")
    replies = other.say("ask somthing else")
    assert last_user_texts(channel_stack, other, 1) == ["Ask something else"]
    assert numbered_options("\n".join(replies)) == GREETING_OPTIONS


def test_two_numbers_pick_both_options_and_both_are_answered_in_order(channel_visitor, channel_stack):
    channel_visitor.say("Hi")
    replies = channel_visitor.say("1 and 3")
    assert last_user_texts(channel_stack, channel_visitor, 2) == ["Does it hurt?", "How much does it cost?"]
    answer = "\n".join(replies)
    assert "numbing cream" in answer and "$300" in answer
    assert answer.index("numbing cream") < answer.index("$300")


def test_words_that_are_more_than_a_choice_still_reach_the_assistant_as_typed(channel_stack, fake_api):
    visitor = TwilioVisitor(channel_stack.url("rasa"), fake_api, whatsapp=True)
    visitor.say("Hi")
    visitor.say("2 sessions or 3?")
    visitor.say("none of them")
    visitor.say("the first one")  # picks, where the old reader took only "1"
    assert last_user_texts(channel_stack, visitor, 3) == ["2 sessions or 3?", "none of them", "Book a consultation"]


def test_the_reader_of_typed_choices():
    from channels.text_rendering import chosen_payloads

    buttons = [{"title": title, "payload": title} for title in ("Book a consultation", "Ask something else", "Talk to a person")]
    picks = {
        "2️⃣": ["Ask something else"], "I want 2": ["Ask something else"], "yes 1": ["Book a consultation"],
        "3, 1": ["Talk to a person", "Book a consultation"], "2 and 2": ["Ask something else"],
        "talk to a persn": ["Talk to a person"], "book a consultaion": ["Book a consultation"],
    }
    for reply, payloads in picks.items():
        assert chosen_payloads(reply, buttons) == payloads, reply
    for reply in ("4", "1 and 4", "2 sessions?", "one more question", "yes", "no", "book", "2 pm", "I'd like to book a consultation please"):
        assert chosen_payloads(reply, buttons) == [], reply
    # A slip is forgiven only when it points at one option.
    alike = [{"title": "Book a session", "payload": "a"}, {"title": "Book a sessions", "payload": "b"}]
    assert chosen_payloads("book a sesion", alike) == []


# --- photos, voice messages, stickers, locations --------------------------------------------


def post_telegram(visitor: TelegramVisitor, **content) -> requests.Response:
    update = visitor.update("")
    del update["message"]["text"]
    update["message"].update(content)
    return requests.post(
        f"{visitor.rasa_url}/webhooks/telegram/webhook",
        json=update,
        headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
        timeout=60,
    )


def post_twilio(visitor: TwilioVisitor, body: str = "", **extra) -> requests.Response:
    fields = {**visitor.fields(body), **extra}
    headers = {"X-Twilio-Signature": twilio_signature(TWILIO_PUBLIC_URL, fields)}
    return requests.post(f"{visitor.rasa_url}/webhooks/twilio/webhook", data=fields, headers=headers, timeout=60)


def post_messenger(visitor: MessengerVisitor, message: dict) -> requests.Response:
    event = {"sender": {"id": visitor.address}, "recipient": {"id": PAGE_ID}, "timestamp": 1767000000000,
             "message": {"mid": f"m_{random.getrandbits(64):x}", **message}}
    body = json.dumps({"object": "page", "entry": [{"id": PAGE_ID, "time": 1767000000000, "messaging": [event]}]}).encode()
    headers = {"Content-Type": "application/json", **hub_signatures(body)}
    return requests.post(f"{visitor.rasa_url}/webhooks/facebook/webhook", data=body, headers=headers, timeout=60)


def assert_told_not_read(replies, name, with_words=False):
    note = [reply for reply in replies if NOT_READ in reply]
    assert len(note) == 1, replies
    assert ("I've read your words" in note[0]) is with_words and ("Please type your message" in note[0]) is not with_words
    assert f"couldn't open your {name}," in note[0]
    assert "(555) 010-4477" in note[0] and "911" in note[0]


def test_a_telegram_photo_voice_message_sticker_and_location_are_answered(channel_stack, fake_api):
    visitor = TelegramVisitor(channel_stack.url("rasa"), fake_api)
    for content, name in [
        ({"photo": [{"file_id": "AgAD", "file_unique_id": "u1", "width": 90, "height": 90}]}, "photo"),
        ({"voice": {"file_id": "AwAD", "file_unique_id": "u2", "duration": 4}}, "voice message"),
        ({"sticker": {"file_id": "CAAD", "file_unique_id": "u3", "width": 512, "height": 512, "emoji": "👍"}}, "sticker"),
        ({"location": {"latitude": 51.5, "longitude": -0.12}}, "location"),
    ]:
        before = len(visitor.received())
        assert post_telegram(visitor, **content).status_code == 200
        assert_told_not_read(received_after(visitor, before), name)
    # The conversation itself is untouched: nothing was read as a message.
    assert user_texts(sqlite_path(channel_stack), visitor.conversation_id) == []


def test_a_telegram_photo_caption_is_read_and_the_photo_named_unread(channel_stack, fake_api):
    visitor = TelegramVisitor(channel_stack.url("rasa"), fake_api)
    before = len(visitor.received())
    photo = [{"file_id": "AgAD", "file_unique_id": "u1", "width": 90, "height": 90}]
    assert post_telegram(visitor, photo=photo, caption="Does it hurt?").status_code == 200
    replies = received_after(visitor, before)
    assert_told_not_read(replies, "photo", with_words=True)
    assert NOT_READ in replies[0] and "numbing cream" in "\n".join(replies[1:])
    assert replies[0].startswith("I've read your words") and "Please type" not in replies[0]
    assert user_texts(sqlite_path(channel_stack), visitor.conversation_id) == ["Does it hurt?"]


def test_an_mms_photo_with_words_and_a_whatsapp_voice_note_and_location(channel_stack, fake_api):
    sms = TwilioVisitor(channel_stack.url("rasa"), fake_api)
    before = len(sms.received())
    post_twilio(sms, "How much does it cost?", NumMedia="1", MediaContentType0="image/jpeg",
                MediaUrl0="https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM1/Media/ME1")
    replies = received_after(sms, before)
    assert_told_not_read(replies, "photo", with_words=True)
    assert "$300" in "\n".join(replies)
    assert user_texts(sqlite_path(channel_stack), sms.conversation_id) == ["How much does it cost?"]

    whatsapp = TwilioVisitor(channel_stack.url("rasa"), fake_api, whatsapp=True)
    before = len(whatsapp.received())
    post_twilio(whatsapp, MessageType="audio", NumMedia="1", MediaContentType0="audio/ogg",
                MediaUrl0="https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM2/Media/ME2")
    assert_told_not_read(received_after(whatsapp, before), "voice message")
    before = len(whatsapp.received())
    post_twilio(whatsapp, MessageType="location", Latitude="51.5", Longitude="-0.12")
    assert_told_not_read(received_after(whatsapp, before), "location")
    assert user_texts(sqlite_path(channel_stack), whatsapp.conversation_id) == []


def test_a_messenger_sticker_and_voice_message_are_answered(channel_stack, fake_api):
    visitor = MessengerVisitor(channel_stack.url("rasa"), fake_api)
    before = len(visitor.received())
    post_messenger(visitor, {"sticker_id": 369239263222822,
                             "attachments": [{"type": "image", "payload": {"url": "https://x.example/s.png", "sticker_id": 369239263222822}}]})
    assert_told_not_read(received_after(visitor, before), "sticker")
    before = len(visitor.received())
    post_messenger(visitor, {"attachments": [{"type": "audio", "payload": {"url": "https://x.example/v.mp4"}}]})
    assert_told_not_read(received_after(visitor, before), "voice message")
    assert user_texts(sqlite_path(channel_stack), visitor.conversation_id) == []


# --- SMS keywords and characters ------------------------------------------------------------


@pytest.mark.parametrize("keyword", ["STOP", "stop", "Unsubscribe", "CANCEL"])
def test_an_sms_opt_out_keyword_is_not_answered_nor_stored(keyword, channel_stack, fake_api):
    visitor = TwilioVisitor(channel_stack.url("rasa"), fake_api)
    visitor.say("Hi")
    assert visitor.say(keyword) == []  # Twilio confirms the opt-out itself and refuses anything after it
    assert user_texts(sqlite_path(channel_stack), visitor.conversation_id) == ["Hi"]


def test_sms_start_greets_and_whatsapp_has_no_sms_keywords(channel_stack, fake_api):
    visitor = TwilioVisitor(channel_stack.url("rasa"), fake_api)
    replies = visitor.say("START")
    assert numbered_options("\n".join(replies)) == GREETING_OPTIONS
    assert user_texts(sqlite_path(channel_stack), visitor.conversation_id) == ["Hi"]

    whatsapp = TwilioVisitor(channel_stack.url("rasa"), fake_api, whatsapp=True)
    assert whatsapp.say("stop")
    assert user_texts(sqlite_path(channel_stack), whatsapp.conversation_id) == ["stop"]


def test_an_sms_carries_plain_characters_and_whatsapp_keeps_the_typography(channel_stack, fake_api):
    sms = TwilioVisitor(channel_stack.url("rasa"), fake_api)
    whatsapp = TwilioVisitor(channel_stack.url("rasa"), fake_api, whatsapp=True)
    question = "What are your opening hours?"
    on_sms, on_whatsapp = "\n".join(sms.say(question)), "\n".join(whatsapp.say(question))
    assert "–" in on_whatsapp  # "Mon–Tue 09:00–18:00"
    assert not any(character in on_sms for character in TYPOGRAPHIC), on_sms
    assert on_sms == on_whatsapp.replace("–", "-").replace("’", "'").replace("…", "...")
    # Only what goes over SMS changes: the transcript staff read keeps the clinic's own text.
    stored = [event["text"] for event in stored_events(sqlite_path(channel_stack), sms.conversation_id) if event["event"] == "bot"]
    assert any("–" in text for text in stored)


# --- one message per turn on Twilio ---------------------------------------------------------


def test_a_handoff_over_sms_and_whatsapp_arrives_as_one_message_in_order(channel_stack, fake_api):
    for whatsapp in (False, True):
        visitor = TwilioVisitor(channel_stack.url("rasa"), fake_api, whatsapp=whatsapp)
        visitor.say("Does it hurt?")
        replies = visitor.say("3")
        # Three replies sent as three messages could reach the phone in any order.
        assert len(replies) == 1, replies
        (message,) = replies
        assert message.index("passing this chat to our team") < message.index("reference T-")
        assert "\n\n" in message and len(message) <= 1600


def test_a_photo_note_and_the_answer_to_its_words_come_in_one_sms(channel_stack, fake_api):
    visitor = TwilioVisitor(channel_stack.url("rasa"), fake_api)
    before = len(visitor.received())
    post_twilio(visitor, "Does it hurt?", NumMedia="1", MediaContentType0="image/png",
                MediaUrl0="https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM3/Media/ME3")
    (message,) = received_after(visitor, before)
    assert message.index(NOT_READ) < message.index("numbing cream")


def test_two_picks_over_sms_come_in_one_message_with_only_the_live_options(channel_stack, fake_api):
    visitor = TwilioVisitor(channel_stack.url("rasa"), fake_api)
    visitor.say("Hi")
    (message,) = visitor.say("1 and 3")
    assert message.index("numbing cream") < message.index("$300")
    # The first answer's options were stale before the phone showed them: only the last list is answered.
    assert message.count("1. Book a consultation") == 1
    assert message.rstrip().endswith("3. Talk to a person")
    visitor.say("2")
    assert last_user_texts(channel_stack, visitor, 1) == ["Ask something else"]


def test_a_held_turn_lists_only_the_last_bot_texts_options():
    import asyncio

    from channels.text_output import TextOutput

    class Recorder(TextOutput):
        max_chars = 60

        def __init__(self):
            self.sent = []

        @classmethod
        def name(cls):
            return "twilio"

        async def send_text_part(self, recipient_id, text):
            self.sent.append((recipient_id, text))

    async def turn(output):
        output.hold()
        await output.send_text_with_buttons("twilio:+1", "First.", [{"title": "A", "payload": "a"}])
        await output.send_text_with_buttons("twilio:+1", "Second.", [{"title": "B", "payload": "b"}])
        await output.send_custom_json("twilio:+1", {"handoff": {"ticket": "T-1"}})
        await output.release()

    output = Recorder()
    asyncio.run(turn(output))
    texts = [text for _, text in output.sent]
    assert {recipient for recipient, _ in output.sent} == {"+1"}
    assert all(len(text) <= 60 for text in texts)
    joined = "\n\n".join(texts)
    assert joined.startswith("First.\n\nSecond.\n\n1. B") and "1. A" not in joined and "T-1" in joined
