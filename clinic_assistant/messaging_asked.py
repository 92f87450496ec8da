"""A way to message the clinic asked about: "can i text u", "can i whatsapp you",
"do you have instagram", "can i text that number".

Stop 46: "can i text u" was heard as a request for a person (a ticket), and
"can i whatsapp you" or "do you have instagram" got the clinic's whole contact
block, which names no such channel, as if it answered. clinic.yml gives a
phone and an e-mail, and no number for texts or WhatsApp nor any social
account, so the answer says so, gives the phone and e-mail, and offers a
person (utter_messaging_unknown). "can someone text me" stays a request for a
person: it asks the clinic to reach the visitor, not a channel to reach it.

Stop 47: clinic.yml may give these channels (`clinic: messaging:` whatsapp,
sms, instagram, facebook, telegram). One given is answered with its number
or handle (utter_messaging_known); one left out keeps the answer above.
"""
from __future__ import annotations

import re
from typing import Optional

from clinic_assistant import clinic_config

# The channel's word as the visitor may write it -> how the answer names it.
_CHANNELS = (
    (r"whats ?app|whatsap+|wa", "WhatsApp"),
    (r"text|txt|texting|sms|message|msg|imessage", "text message"),
    (r"insta(?:gram)?|ig", "Instagram"),
    (r"facebook|fb|messenger", "Facebook or Messenger"),
    (r"telegram", "Telegram"),
    (r"tik ?tok", "TikTok"),
    (r"snap(?:chat)?", "Snapchat"),
    (r"dms?", "direct message"),
)
_CHANNEL = "|".join(f"(?:{words})" for words, _ in _CHANNELS)
_US = r"(?:u|you|ya|you guys|the clinic|the team|them|that number|this number|your number|ur number|the number|it)"
_ASKS = re.compile(
    # "can i text u", "could i just whatsapp you instead", "can i message the clinic"
    rf"\b(?:can|could|may|do|should|shall) i\s+(?:just\s+|also\s+)?(?P<verb>{_CHANNEL})\s+(?:to\s+)?{_US}\b"
    # "do you have whatsapp", "are you on instagram", "do u do texts", "is there a whatsapp number"
    rf"|\bis there\s+(?:an?\s+|any\s+)?(?P<there>{_CHANNEL})\s+(?:number|line|option|contact|account|page)"
    rf"|\b(?:do|does|are|r)\s+(?:u|you|ya|you guys|the clinic)\s+(?:have\s+|got\s+|on\s+|do\s+|use\s+|take\s+|accept\s+|reply\s+(?:to|on|by)\s+)?"
    rf"(?:an?\s+|any\s+)?(?P<noun>{_CHANNEL})s?\b"
    # "whats your whatsapp", "ur insta?", "whatsapp number?"
    rf"|\b(?:whats|what's|what is)\s+(?:ur|your|the clinic'?s)\s+(?P<own>{_CHANNEL})\b"
    # "dm you on insta?", "message u on whatsapp" (stop 47: the whole contact block)
    rf"|\b(?:dm|pm|message|msg|text|txt|contact|reach)\s+{_US}\s+(?:on|via|through|over|by)\s+(?P<via>{_CHANNEL})\b"
    # a name alone: "whatsapp?", "ur insta" (not "text" or "message", which say other things alone)
    r"|^\W*(?:(?:ur|your|and|or|any|what about|how about)\s+)?(?P<alone>whats ?app|insta(?:gram)?|facebook|messenger|telegram|tik ?tok|snapchat|fb|ig)"
    r"(?:\s+(?:number|no|handle|account|page))?\W*$",
    re.IGNORECASE,
)


# The channels a visitor may already be on, as Rasa names them, and what the answer calls them:
# "can i whatsapp you" asked over WhatsApp is answered where it was asked.
_ON_IT = {"twilio": ("text message", "WhatsApp"), "telegram": ("Telegram",), "facebook": ("Facebook or Messenger",)}


def asked_where_they_are(asked: str, input_channel: Optional[str]) -> bool:
    """The channel asked about is the one the visitor is writing on."""
    return asked in _ON_IT.get(input_channel or "", ())


def messaging_asked(text: str) -> Optional[str]:
    """The channel `text` asks to reach the clinic by, as the answer names
    it, or None."""
    found = _ASKS.search(text or "")
    if found is None:
        return None
    word = next(group for group in found.groups() if group)
    # "can i dm you on insta": the platform named, not the generic "direct message".
    platform = _PLATFORM.search(text)
    if platform is not None:
        word = platform.group()
    return next(name for words, name in _CHANNELS if re.fullmatch(words, word, re.IGNORECASE))


_PLATFORM = re.compile(r"\b(?:whats ?app|whatsap+|insta(?:gram)?|facebook|messenger|telegram|tik ?tok|snap(?:chat)?)\b", re.IGNORECASE)


# How messaging_asked names a channel -> its field of clinic.yml's `messaging:`.
_FIELDS = {"WhatsApp": "whatsapp", "text message": "sms", "Instagram": "instagram",
           "Facebook or Messenger": "facebook", "Telegram": "telegram"}


def clinic_contact(channel: str) -> Optional[str]:
    """The clinic's number or handle on `channel` (as messaging_asked names
    it) from clinic.yml, or None when the clinic gives none."""
    field = _FIELDS.get(channel)
    return (clinic_config.current().messaging.get(field) or None) if field else None
