"""The age a message states: the visitor's own ("im 16 can i get it", "I am
17 years old", "aged 15") or someone else's they ask for ("my daughter is
17", "my 15 year old son").

The clinic treats adults from its `minimum_age` (clinic.yml); a younger
visitor is told so rather than walked through the checklist to a booking, and
so is a parent asking for a child. "I'm 20 weeks pregnant" or "I'm 5 minutes
late" are no ages.

After that answer, "my mum will come with me", "she can sign a consent form"
or "can't you just book me anyway" get it again, firmly
(`pushes_past_minimum_age`), not "That's outside what I can help with".
"""
from __future__ import annotations

import re
from typing import Iterable, Optional, Pattern

from clinic_assistant import clinic_config
from clinic_assistant.answer_parts import last_answer
from clinic_assistant.pressure import asks_why, kind_of

_NOT_AN_AGE = r"(?!\s*(?:weeks?|wks?|days?|months?|mos?|%|mm|cm|kg|lbs?|stone|st\b|ft|pm|am|p\.m|a\.m|o'?clock|min|minutes?|hours?|hrs?|sessions?|times?|\$|:|\.\d))"
_OWN_AGE = re.compile(
    r"\b(?:i'?m|i\s+am|im|aged?)\s+(?:only\s+|just\s+|nearly\s+|almost\s+)?(?P<n>\d{1,2})\b" + _NOT_AN_AGE
    + r"|^\W*(?P<m>\d{1,2})\s*(?:yo|y/o|yrs?\s+old|years?\s+old)\b",
    re.IGNORECASE,
)
_RELATIVE = r"(?:(?:step)?daughter|(?:step)?son|child|kid|sister|brother|friend|niece|nephew|teen|teenager|girl|boy)s?"
_SOMEONE_ELSE = re.compile(rf"\b(?:my|our|her|his|their)\s+(?:\w+\s+){{0,2}}{_RELATIVE}\b", re.IGNORECASE)
_THEIR_AGE = re.compile(
    rf"\b(?:my|our)\s+(?:\w+\s+)?{_RELATIVE}\s*(?:is|'s|who'?s|who is|turned|turns|she'?s|he'?s|they'?re|,|\(|-)\s*"
    rf"(?:only\s+|just\s+)?(?P<n>\d{{1,2}})\b"
    + _NOT_AN_AGE
    + rf"|\b(?:my|our)\s+(?P<m>\d{{1,2}})\s*[- ]?(?:yo|y/o|yrs?|years?)(?:[- ]old)?\s+(?:\w+\s+)?{_RELATIVE}\b"
    # "can i book my daughter in, shes 16"; "shes 17, 18 in march" after asking to book her.
    + rf"|\b(?:my|our)\s+(?:\w+\s+)?{_RELATIVE}\b[^.?!]{{0,30}}?\b(?:she'?s|he'?s|she is|he is|they'?re)\s+(?:only\s+|just\s+)?(?P<p>\d{{1,2}})\b"
    + _NOT_AN_AGE
    + r"|^\W*(?:she'?s|he'?s|she is|he is|they'?re|(?:she|he|they)\s+(?:just\s+)?turned)\s+(?:only\s+|just\s+)?(?P<q>\d{1,2})\b"
    + _NOT_AN_AGE
    # "its for my daughter, 16yo", "my son aged 16", "can my 14 year old come in"
    + rf"|\b(?:my|our)\s+(?:\w+\s+)?{_RELATIVE}\s*(?:,\s*|\s+aged?\s+)(?P<r>\d{{1,2}})\s*(?:yo|y/o|yrs?(?: old)?|years? old)?\b"
    + r"|\b(?:my|our)\s+(?P<s>\d{1,2})\s*[- ]?(?:yo|y/o|yrs?[- ]old|years?[- ]old|year old)\b"
    # "I'm the mum of a 16 year old"
    + r"|\b(?:mum|mom|mam|mother|dad|father|parent|guardian)\s+of\s+an?\s+(?P<pa>\d{1,2})\s*[- ]?(?:yo|y/o|yrs?[- ]old|years?[- ]old|year old)\b",
    re.IGNORECASE,
)
# An age still to come ("but im 18 in january", "i'll be 18 next month"): a year younger now.
_TURNING = re.compile(
    r"\b(?:i'?ll be|i will be|i'?m turning|im turning|i turn|turning)\s+(?P<n>\d{1,2})\b"
    r"|\b(?:i'?m|im|i am)\s+(?P<m>\d{1,2})\s+(?:in|next|on|this|by|from|after)\b",
    re.IGNORECASE,
)
# Ages a visitor could be; "I'm 1 of 3 sisters" is none.
YOUNGEST, OLDEST = 10, 99


def stated_age(text: str) -> Optional[int]:
    """The age the visitor says they are, or None."""
    text = text or ""
    if _SOMEONE_ELSE.search(text):
        return None
    turning = _first_age(_TURNING, text)
    return turning - 1 if turning is not None else _first_age(_OWN_AGE, text)


def someone_elses_age(text: str) -> Optional[int]:
    """The age of someone the visitor asks for ("my daughter is 17"), or None."""
    return _first_age(_THEIR_AGE, text or "")


# "can he have microneedling if I'm there?": a question for the person whose age was told before.
_ASKS_FOR_THEM = re.compile(r"\b(?:can|could|would|will|is|should)\s+(?:he|she|they|him|her|my (?:son|daughter|kid|child|teen|boy|girl))\b",
                            re.IGNORECASE)


def asks_for_them(text: str) -> bool:
    return bool(_ASKS_FOR_THEM.search(text or ""))


def _first_age(pattern: Pattern[str], text: str) -> Optional[int]:
    """The first number `pattern` finds that a person could be."""
    for found in pattern.finditer(text):
        age = int(next(group for group in found.groups() if group))
        if YOUNGEST <= age <= OLDEST:
            return age
    return None


UNDER_AGE_ANSWERS = ("utter_under_minimum_age", "utter_under_minimum_age_other", "utter_minimum_age_firm")
# A parent there or consenting: no way past the minimum age.
_ADULT_CONSENTS = re.compile(
    r"\b(?:mum|mom|mother|dad|father|parents?|guardian|consent|permission|sign(?:s|ed)? (?:for|off|a|the|it))\b"
    r"|\b(?:come|comes|coming|be there) with (?:her|him|them|me)\b|\baccompan\w*|\bexception\b|\bwaiver\b", re.IGNORECASE
)
# Push-back of data/lexicon/pressure.yml that asks past it ("book me anyway", "only a small patch", "why not?");
# "reassurance" is left out: "ok i'll wait then" accepts it.
_PUSHING = ("override", "partial", "booking", "about_it")
# "pls just tell me if its ok", "so can she get it done or not" (stop 40: the checklist for a 17-year-old).
_ASKS_ANYWAY = re.compile(
    r"\btell me (?:if|whether) (?:it'?s|its|it is) (?:ok|okay|fine|safe|alright)\b"
    r"|\bcan (?:she|he|they|i|my \w+) (?:get it done|have it(?: done)?|do it|book)\b.*\bor not\b", re.IGNORECASE)


def said_under_age(given: Iterable[Optional[str]]) -> bool:
    """The visitor was told they are under the minimum age (their own age,
    not someone else's): `given`, the responses so far."""
    return any(name in ("utter_under_minimum_age", "utter_minimum_age_firm") for name in given)


def pushes_past_minimum_age(text: str, given: Iterable[Optional[str]]) -> bool:
    """Right after the minimum age was given (`given`: the responses so far),
    a parent's consent or push-back; a new age of their own is read as an age."""
    if last_answer(given) not in UNDER_AGE_ANSWERS or stated_age(text) is not None:
        return False
    return (bool(_ADULT_CONSENTS.search(text or "")) or bool(_ASKS_ANYWAY.search(text or ""))
            or kind_of(text, None) in _PUSHING or asks_why(text))


# Stop 47: "what about when shes 18 next month", "can i book for when i turn 18"
# right after the minimum age: booking once old enough (it had got the list of
# what rules the treatment out).
_ONCE_OLD_ENOUGH = re.compile(
    r"\b(?:when|once|after|for when)\s+(?P<who>she|he|they|i|my \w+)(?:'?s|'re|'m| is| are| am)?\s*(?:turns?|gets?|will be|is|be|reaches)?\s*"
    r"(?:(?P<age>\d{2})|eighteen|old enough)\b"
    r"|\b(?P<who2>she|he|they|i)\s+(?:turns?|will be|'ll be|ll be)\s+(?P<age2>\d{2})\b",
    re.IGNORECASE)


def waits_for_minimum_age(text: str, given: Iterable[Optional[str]]) -> Optional[str]:
    """Right after the minimum age, booking once old enough: "you" for the
    visitor's own ("when i turn 18"), "they" for someone else's; else None."""
    if last_answer(given) not in UNDER_AGE_ANSWERS:
        return None
    found = _ONCE_OLD_ENOUGH.search(text or "")
    if found is None:
        return None
    age = found["age"] or found["age2"]
    if age is not None and int(age) < clinic_config.current().minimum_age:
        return None
    who = (found["who"] or found["who2"] or "").lower()
    return "you" if who == "i" else "they"
