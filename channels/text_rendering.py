"""How the assistant's messages look on text-only channels (Telegram, SMS,
WhatsApp, Messenger), and how a typed reply is read back as a button.

Pure functions, shared by every text channel (channels/text_output.py sends
what they produce; the input channels call `chosen_payloads`).
"""
from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from typing import Any, List, Mapping, Optional, Sequence

HANDOFF_WORDS = "A member of the clinic team will take over this conversation here (reference {ticket})."
URGENT_HANDOFF_WORDS = (
    "The clinic team has been alerted and will treat this as urgent (reference {ticket}). "
    "If you need help now, don't wait for a reply here."
)

# Where a long message may be cut, best first: between paragraphs, between
# lines, after a sentence, between words.
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"(?<=[.!?…])\s+"), re.compile(r"\s+"))


def numbered_options(text: str, buttons: Sequence[Mapping[str, Any]]) -> str:
    """The message text followed by its buttons as "1. Title" lines."""
    options = "\n".join(f"{number}. {button.get('title', '')}" for number, button in enumerate(buttons, 1))
    return f"{text}\n\n{options}" if text else options


def _comparable(text: str) -> str:
    """Case, accents' compatibility forms, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


# How people on a phone point at a numbered option: "2", "#2", "2️⃣", "the second
# one", "2nd", "option 2", "number two", "the last one", "2 please", "1 and 3".
_ORDINALS = {
    word: number
    for number, word in enumerate(
        ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"), 1
    )
}
_NUMBER_WORDS = {
    word: number
    for number, word in enumerate(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"), 1)
}
_NUMERAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")
LAST = -1
# Words that may surround the option references without changing what is meant.
_FILLERS = frozenset(
    "the option options number numbers no nr num choice please pls plz thanks thank you thx ok okay "
    "yes yeah yep sure and plus i id d ll like want take would go with just".split()
)
# Keycap digits ("2️⃣" is "2", U+FE0F, U+20E3) and the keycap ten.
_KEYCAP_MARKS = re.compile("[\ufe0f\u20e3]")
_FUZZY_RATIO = 0.88  # a typed title this close to one option (and only one) picks it


def _option_references(reply: str) -> Optional[List[int]]:
    """The option numbers a reply consists of (LAST for "the last one"), in
    order, or None when it says anything besides pointing at options."""
    words = _comparable(_KEYCAP_MARKS.sub("", reply).replace("\U0001f51f", " 10 ")).split()
    references: List[int] = []
    previous_was_reference = False
    for word in words:
        numeral = _NUMERAL.match(word)
        if numeral:
            references.append(int(numeral.group(1)))
        elif word in _ORDINALS:
            references.append(_ORDINALS[word])
        elif word == "last":
            references.append(LAST)
        elif word in ("one", "ones") and previous_was_reference:
            pass  # "the second one"
        elif word in _NUMBER_WORDS:
            references.append(_NUMBER_WORDS[word])
        elif word in _FILLERS:
            previous_was_reference = False
            continue
        else:
            return None
        previous_was_reference = True
    return references or None


def chosen_payloads(reply: str, buttons: Sequence[Mapping[str, Any]]) -> List[Any]:
    """The payloads of the buttons a typed reply picks, in the order named:
    one or several numbers ("2", "the second one", "1 and 3"), or one
    option's own words, typed exactly or with a slip ("talk to a persn").
    Empty when the reply is something else, or names a number that is not
    an option: then it is read as a normal message."""
    if not buttons:
        return []
    references = _option_references(reply)
    if references is not None:
        indexes = [len(buttons) - 1 if number == LAST else number - 1 for number in references]
        if not all(0 <= index < len(buttons) for index in indexes):
            return []
        picked = list(dict.fromkeys(indexes))  # "2 and 2" is one pick
        return [buttons[index].get("payload") for index in picked]
    wanted = _comparable(reply)
    if not wanted:
        return []
    titles = [_comparable(str(button.get("title", ""))) for button in buttons]
    if wanted in titles:
        return [buttons[titles.index(wanted)].get("payload")]
    ratios = sorted(
        ((SequenceMatcher(None, wanted, title).ratio(), index) for index, title in enumerate(titles) if len(title) >= 8),
        reverse=True,
    )
    if ratios and ratios[0][0] >= _FUZZY_RATIO and (len(ratios) == 1 or ratios[1][0] < _FUZZY_RATIO):
        return [buttons[ratios[0][1]].get("payload")]
    return []


def chosen_payload(reply: str, buttons: Sequence[Mapping[str, Any]]) -> Optional[str]:
    """The payload of the one button a typed reply picks, else None."""
    payloads = chosen_payloads(reply, buttons)
    return payloads[0] if len(payloads) == 1 else None


# What a visitor sent that is not text, named as the visitor would name it.
# Keys are the providers' own kinds (Telegram message fields, Twilio
# MessageType and media types, Messenger attachment types).
ATTACHMENT_NAMES = {
    "photo": "photo", "image": "photo", "sticker": "sticker", "animation": "GIF",
    "voice": "voice message", "audio": "voice message",
    "video": "video", "video_note": "video message",
    "document": "file", "file": "file",
    "location": "location", "venue": "location",
    "contact": "contact card", "contacts": "contact card",
    "poll": "poll",
}


def attachment_name(kind: Any) -> str:
    """"photo", "voice message", ... for a provider's kind of attachment."""
    return ATTACHMENT_NAMES.get(str(kind or "").lower(), "attachment")


# Typographic characters outside the GSM 03.38 alphabet, and what SMS sends for
# them (as Twilio's "smart encoding" would): one of them makes a whole SMS UCS-2,
# 70 characters a segment instead of 160.
_SMS_PLAIN = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u2026": "...", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ",
    "\u2022": "-", "\u00b7": "-", "\u00d7": "x",
})


def sms_plain(text: str) -> str:
    """`text` with curly quotes, dashes, ellipses and odd spaces in plain GSM characters."""
    return text.translate(_SMS_PLAIN)


def handoff_words(custom: Any) -> Optional[str]:
    """docs/design.md §3's handoff payload in plain words; None for anything else."""
    handoff = custom.get("handoff") if isinstance(custom, dict) else None
    if not isinstance(handoff, dict):
        return None
    template = URGENT_HANDOFF_WORDS if handoff.get("urgent") else HANDOFF_WORDS
    return template.format(ticket=handoff.get("ticket") or "pending")


def staff_signed(text: str, message: Mapping[str, Any]) -> str:
    """A staff reply (bot event with metadata {"staff": name}) names its author,
    so the visitor knows a person is writing."""
    staff = message.get("staff")
    return f"{staff} (clinic team): {text}" if isinstance(staff, str) and staff.strip() else text


def split_message(text: str, limit: int) -> List[str]:
    """Parts of at most `limit` characters, cut at the best boundary available."""
    text = text.strip()
    parts: List[str] = []
    while len(text) > limit:
        cut = _cut_position(text, limit)
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        parts.append(text)
    return parts


def _cut_position(text: str, limit: int) -> int:
    """The end of the longest head of `text` within `limit` that ends at a break."""
    window = text[: limit + 1]  # a break right after the limit still counts
    for pattern in _BREAKS:
        ends = [match.start() for match in pattern.finditer(window) if 0 < match.start() <= limit]
        if ends and ends[-1] >= limit // 4:  # never leave a tiny first part
            return ends[-1]
    return limit

