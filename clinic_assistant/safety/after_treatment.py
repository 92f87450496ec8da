""""had it done yesterday", "got microneedling on monday", "day 3", "2
days post", "treatment was last thursday": the visitor has had the
treatment already.

What they ask or tell next is about the time after it: what to do
(aftercare, not the list of what rules it out, answer_parts.py), and a
problem they then name ("theres pus coming out of a few spots") is a
problem after treatment, not a condition to check before booking one
(components/policies.py).
"""
from __future__ import annotations

import re
from typing import Iterable

_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
# "on sat", "last thurs" on a phone (stop 46: "had mn on sat, now got a cold
# sore on my lip" was a condition to check before booking, not a flare after
# the treatment). Not "sun": "on sun spots".
_DAY_SHORT = r"(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat)"
# When it was done: "yesterday", "on monday", "3 days ago".
_WHEN_DONE = (
    r"(?:yesterday|earlier(?: today| on)?|today|this (?:morning|afternoon|evening|lunchtime)|last night|at lunch(?:time)?"
    r"|(?:(?:like|about|around|roughly|maybe)\s+)?(?:\d+|an?|one|two|three|a few|a couple(?: of)?)\s+(?:hours?|hrs?)\s+ago"
    rf"|(?:on|last|this past)\s+(?:{_DAY}|{_DAY_SHORT})|(?:\d+|a|one|two|three|four|five|a few|a couple(?: of)?)\s+days?\s+ago)\b"
)
# Weeks back only with the treatment named: "had mine 3 weeks ago" may be Botox.
_WEEKS_AGO = r"(?:last (?:week|wk)|(?:\d+|a|one|two|three|a few|a couple(?: of)?)\s+weeks?\s+ago)\b"
_TREATED_ALREADY = re.compile(
    r"\b(?:had|got|did|finished)\s+(?:it|mine|microneedling|mn|(?:(?:my|the|a)\s+)?(?:(?:first|second|third|last|1st|2nd|3rd|4th)\s+)?"
    r"(?:session|treatment|microneedling|appointment))(?:\s+done)?(?:\s+\w+){0,3}?\s+" + _WHEN_DONE
    + r"|\b(?:got|was|been|had it|had my face|got my face)\s+(?:micro-?needled|needled|done)\s+" + _WHEN_DONE
    + r"|\b(?:session|treatment|microneedling|appointment)\s+was\s+(?:" + _WHEN_DONE + rf"|{_DAY}\b)"
    + rf"|\bmicro-?needled\s+(?:on\s+|last\s+)?{_DAY}\b"
    # "had microneedling done sunday", "got my treatment monday"
    # "had my 2nd session thurs" (stop 48: a short day after an ordinal session had told nothing)
    + rf"|\b(?:had|got)\s+(?:it|microneedling|mn|my\s+(?:(?:first|second|third|fourth|last|1st|2nd|3rd|4th|5th)\s+)?(?:session|treatment))"
    rf"\s+(?:done\s+)?(?:{_DAY}|{_DAY_SHORT})\b"
    + r"|\b(?:was|came|been)\s+in\s+for\s+(?:my\s+|a\s+|the\s+)?(?:microneedling|treatment|session|appointment)\b"
    + r"|\b(?:had|got|did|finished)\s+(?:microneedling|mn|(?:my|the|a)\s+(?:(?:first|second|third|last|1st|2nd|3rd|4th)\s+)?"
    r"(?:session|treatment|microneedling|appointment))(?:\s+done)?(?:\s+\w+){0,2}?\s+" + _WEEKS_AGO
    + r"|\bday\s+(?:[1-7]|one|two|three|four|five)\b(?!\s+(?:before|of))"
    r"|\b(?:[1-7]|one|two|three|four|five)\s+days?\s+(?:post|after (?:my|the|it))\b"
)


def treated_already(text: str) -> bool:
    return bool(_TREATED_ALREADY.search((text or "").lower()))


# "after my treatment", "since the microneedling", "my session yesterday...";
# not across a clause or into a question: "since chemo, can microneedling help?".
_GAP_WORD = r"(?!(?:can|could|will|would|does|do|is|are|should)\b)\w+[^\w,.;:?!]+"
AFTER_TREATMENT = re.compile(
    r"\b(after|since|from|post)\b[^\w,.;:?!]+(?:" + _GAP_WORD + r"){0,3}(treatment|microneedling|micro-?needled|needling|mn|session|procedure|appointment)"
    r"|\b(treatment|microneedling|micro-?needled|needling|mn|session|procedure)\b\W+(?:\w+\W+){0,6}(yesterday|ago|last (night|week|wk)|this morning)",
    re.IGNORECASE,
)


def tells_of_treatment(text: str) -> bool:
    """"3 days post", "since my session": the message itself places what it
    says after a treatment."""
    return treated_already(text) or bool(AFTER_TREATMENT.search(text or ""))


# "microneedling yesterday", "since my treatment": when, not "after microneedling" of a general question.
_TREATMENT_THEN = re.compile(
    r"\b(?:treatment|microneedling|micro-?needled|needling|mn|session|procedure)\b\W+(?:\w+\W+){0,6}"
    r"(?:yesterday|ago|last (?:night|week|wk)|this morning)\b|\bsince (?:my|the) (?:treatment|session|microneedling|procedure)\b"
)


def treated_then(text: str) -> bool:
    """The message says the visitor had the treatment, and when: "2 days post",
    "had microneedling yesterday", "since my treatment"."""
    return treated_already(text) or bool(_TREATMENT_THEN.search((text or "").lower()))


# How far back a treatment told counts.
RECENT_MESSAGES = 30


def told_of_treatment(earlier_messages: Iterable[str], responses: Iterable[str]) -> bool:
    """An earlier message of the visitor's says they had the treatment ("had
    microneedling last thursday"), or the assistant asked what they notice
    after it: "can i wear makeup tmrw?" is then about the days after it."""
    recent = list(earlier_messages)[-RECENT_MESSAGES:]  # read per turn: a long chat costs no more
    return any(tells_of_treatment(text) for text in recent) or (
        "utter_symptom_what" in responses
    )
