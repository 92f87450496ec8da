"""How long a staff reply may be on each channel, and how many SMS it makes.

A reply used to be cut at 2,000 characters without a word (the form's
`maxlength` and the server's slice). Now a reply over its channel's limit is
refused, kept for staff to shorten, and the reply box counts as staff type
(console/static/console.js reads `data-limit` and `data-sms`).

Every text channel splits a long message (channels/text_output.py), but over
Twilio (SMS and WhatsApp) the parts of one reply can arrive in any order, so a
reply there must fit one Twilio message: 1,600 characters with the staff
member's signature ("Ada (clinic team): ", a name of at most 60 characters).
An SMS of that length is still sent as several segments of 153 plain (GSM)
characters, or 67 when it holds a character outside that alphabet (an emoji):
the counter (console.js) says how many, since the visitor may pay for each.
"""
from __future__ import annotations

from channels.namespace import channel_of

REPLY_LIMIT = 2000  # web chat, Telegram (4,096 a message), Messenger (2,000 a message, split in order)
TWILIO_LIMIT = 1500  # one Twilio message of 1,600 with the signature of a 60-character name


def is_sms(conversation_id: str) -> bool:
    return channel_of(conversation_id) == "twilio" and not conversation_id.startswith("twilio:whatsapp:")


def limit_for(conversation_id: str) -> int:
    return TWILIO_LIMIT if channel_of(conversation_id) == "twilio" else REPLY_LIMIT


def too_long(conversation_id: str, text: str) -> bool:
    return len(text) > limit_for(conversation_id)
