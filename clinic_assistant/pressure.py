"""What kind of push-back a message is, and whether it also asks to book
(data/lexicon/pressure.yml)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, List, Optional

import yaml

from clinic_assistant.availability import asks_availability
from clinic_assistant.text.vocabulary import LEXICON

PRESSURE_FILE = LEXICON / "pressure.yml"
INTENT_KINDS = {"book_appointment": "booking", "medical_advice": "medicine"}
# Read from the same file, but no push-back.
NOT_PUSH_BACK = ("book_request", "day_proposed")


@lru_cache(maxsize=1)
def _patterns() -> Dict[str, List[re.Pattern]]:
    raw = yaml.safe_load(PRESSURE_FILE.read_text(encoding="utf-8"))
    kinds = {kind: [re.compile(p) for p in patterns] for kind, patterns in raw["pressure"].items()}
    kinds["book_request"] = [re.compile(p) for p in raw["book_request"]]
    kinds["verdict"] = [re.compile(p) for p in raw["verdict"]]
    kinds["day_proposed"] = [re.compile(p) for p in raw["day_proposed"]]
    return kinds


def kind_of(text: str, intent: Optional[str]) -> Optional[str]:
    """medicine, override, partial, booking, reassurance, about_it or None."""
    lowered = (text or "").lower()
    for kind, patterns in _patterns().items():
        if kind not in NOT_PUSH_BACK and any(p.search(lowered) for p in patterns):
            return kind
    return INTENT_KINDS.get(intent or "")


# "why?", "how come", "really?" alone: the classifier heard a yes ("Great. What
# would you like to know next?"). "why not" without a question mark may be one.
_WHY = re.compile(
    r"^\W*(?:but\s+|and\s+|ok\s+|so\s+)?(?:why+|y|how come|really|for real|seriously|why not\s*\?)"
    # "why so many?", "but why tho", "why cant i", "really? that long?"
    r"(?:[\s?!.]+(?:tho|though|so many|so long|that long|that many|is that|cant i|can'?t i|so))*\W*$",
    re.IGNORECASE,
)


# Stop 48: "why cant u just tell me", "but why wont you answer it": pushed back on an
# answer not given (it had got "That's outside what I can help with here").
_WHY_NOT_TOLD = re.compile(
    r"^\W*(?:(?:but|so|ok|okay|omg|ugh|come on|seriously|like|then)\W+)*(?:why|y|how come)\s+"
    r"(?:cant|can'?t|cannot|can not|wont|won'?t|dont|don'?t|do not|will not|couldnt|couldn'?t)\s+(?:u|you|ya|it)\s+(?:just\s+)?"
    r"(?:tell|answer|say|give|explain)\b(?:\s+(?:me|it|that|this|us|the answer|an answer))?"
    r"(?:\s+(?:then|tho|though|yourself|here|now|straight|directly|lol|pls|please))*\W*$",
    re.IGNORECASE,
)


def asks_why(text: str) -> bool:
    return bool(_WHY.match(text or "")) or asks_why_not_told(text)


def asks_why_not_told(text: str) -> bool:
    """"why cant u just tell me": why an answer was not given (stop 48)."""
    return bool(_WHY_NOT_TOLD.match(text or ""))


def proposes_a_day(text: str) -> bool:
    """"could i come thursday after work?", "next tuesday afternoon?"."""
    lowered = (text or "").lower()
    return any(p.search(lowered) for p in _patterns()["day_proposed"])


# Stop 46: "do i need to book a consult first" asks whether to book, and
# books nothing (it had started the checklist after the consultation policy).
_WHETHER_TO_BOOK = re.compile(
    r"\b(?:do|would|will|should) (?:i|we|u|you) (?:need|have|got) to (?:book|make an appointment|schedule)\b[^.?!,]*"
    r"|\b(?:is it necessary|must i|do i have) to book\b[^.?!,]*|\bmust i book\b[^.?!,]*")


def asks_to_book(text: str) -> bool:
    """A booking request said beside another question ("..., I'd like to book")."""
    lowered = _WHETHER_TO_BOOK.sub(" ", (text or "").lower())
    return any(p.search(lowered) for p in _patterns()["book_request"])


# Stop 48: "ok how do i book then", "where do i book", "whats the booking link": how
# to book, asked (after a request for a person it had got "the team has your message").
_HOW_TO_BOOK = re.compile(
    r"\bhow (?:do|can|would|should|shall) (?:i|we|u|you) (?:go about )?(?:book|make (?:an|a) (?:appointment|appt|booking)"
    r"|get (?:an? )?(?:appointment|appt|booked|booking))\b|\bwhere (?:do|can|would) (?:i|we) book\b|\bhow to book\b"
    r"|\b(?:the|a|ur|your) booking (?:link|page)\b", re.IGNORECASE)


def asks_how_to_book(text: str) -> bool:
    """"ok how do i book then": the way to book asked, not only a booking pushed."""
    return bool(_HOW_TO_BOOK.search(text or ""))


def asks_for_verdict(text: str) -> bool:
    """"so can i do it or not? yes or no": a yes for them personally, asked
    after the checklist found nothing (the practitioner decides)."""
    lowered = (text or "").lower()
    return any(p.search(lowered) for p in _patterns()["verdict"])


# Stop 45: pressed for a slot today once the booking was answered ("can't see
# the diary", the link): "i really need it today" had opened a symptom
# ticket, "please its urgent i have an event" got the list of what rules it
# out. The diary is not seen from here: the phone, and the timing before a day
# that matters when one is named.
_TODAY = r"(?:today|tonight|tday|2day|this (?:afternoon|evening|morning)|asap|a\.s\.a\.p|right now|right away|same[- ]day|now)"
_PRESSES_FOR_TODAY = re.compile(
    r"\b(?:need|needs|want|wanna|get|have|do|fit|squeeze|book|come in|see me|go in)\b[^.?!]{0,25}\b" + _TODAY + r"\b"
    r"|\b(?:squeeze|fit) (?:me|us|her|him) in\b|\b(?:please|pls|plz|its|it'?s|it is|this is|really)\s+(?:really\s+)?urgent\b"
    r"|^\W*(?:but\s+|please\s+|pls\s+)*(?:urgent|asap)\b|\bany chance (?:of )?" + _TODAY + r"\b|\bcan'?t wait\b|\bcan(?:not|'?t) it be " + _TODAY,
    re.IGNORECASE,
)
# The answers after which such a message presses for the booking just answered.
BOOKING_ANSWERS = (
    "utter_booking_availability", "utter_booking_link", "utter_booking_day_hours", "utter_booking_day_after_closing",
    "utter_booking_day_closed", "utter_booking_same_day", "utter_screening_already_clear", "utter_policy_answer",
)
RECENT_ANSWERS = 3


# "anything today?": free times asked, answered as such the first time (availability.py).
_TOLD_NO_DIARY = ("utter_booking_availability", "utter_booking_same_day", "utter_policy_answer")


def presses_for_today(text: str, given: List[str]) -> bool:
    """`given`: the responses so far; one of the last few answered a booking.
    Free times asked before the visitor was told the diary is not seen from
    here are a question, not pressure."""
    recent = [name for name in given if name][-RECENT_ANSWERS:]
    if not any(name in BOOKING_ANSWERS for name in recent) or not _PRESSES_FOR_TODAY.search(text or ""):
        return False
    return not asks_availability(text) or any(name in _TOLD_NO_DIARY for name in recent)
