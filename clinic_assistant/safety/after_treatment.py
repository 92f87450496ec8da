""""had it done yesterday", "got microneedling on monday", "day 3", "2
days post": the visitor has had the treatment already.

What they ask or tell next is about the time after it: what to do
(aftercare, not the list of what rules it out, answer_parts.py), and a
problem they then name ("theres pus coming out of a few spots") is a
problem after treatment, not a condition to check before booking one
(components/policies.py).
"""
from __future__ import annotations

import re

_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_TREATED_ALREADY = re.compile(
    r"\b(?:had|got|did|finished)\s+(?:it|mine|microneedling|(?:my|the|a)\s+(?:(?:first|second|third|last)\s+)?"
    r"(?:session|treatment|microneedling|appointment))(?:\s+done)?(?:\s+\w+){0,2}?\s+(?:yesterday|today|this morning|last night"
    rf"|(?:on|last|this past)\s+{_DAY}|(?:\d+|a|one|two|three|four|five|a few|a couple(?: of)?)\s+days?\s+ago)\b"
    r"|\bday\s+(?:[1-7]|one|two|three|four|five)\b(?!\s+(?:before|of))"
    r"|\b(?:[1-7]|one|two|three|four|five)\s+days?\s+(?:post|after (?:my|the|it))\b"
)


def treated_already(text: str) -> bool:
    return bool(_TREATED_ALREADY.search((text or "").lower()))
