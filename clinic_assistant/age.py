"""The visitor's own age, when a message states it: "im 16 can i get it",
"I am 17 years old", "aged 15".

The clinic treats adults from its `minimum_age` (clinic.yml); a younger
visitor is told so rather than walked through the checklist to a booking.
Only the visitor's own age: "my 15 year old daughter" is someone else's, and
"I'm 20 weeks pregnant" or "I'm 5 minutes late" are no ages.
"""
from __future__ import annotations

import re
from typing import Optional

_NOT_AN_AGE = r"(?!\s*(?:weeks?|wks?|days?|months?|mos?|%|mm|cm|kg|lbs?|stone|st\b|ft|pm|am|p\.m|a\.m|o'?clock|min|minutes?|hours?|hrs?|sessions?|times?|\$|:|\.\d))"
_OWN_AGE = re.compile(
    r"\b(?:i'?m|i\s+am|im|aged?)\s+(?:only\s+|just\s+|nearly\s+|almost\s+)?(?P<n>\d{1,2})\b" + _NOT_AN_AGE
    + r"|^\W*(?P<m>\d{1,2})\s*(?:yo|y/o|yrs?\s+old|years?\s+old)\b",
    re.IGNORECASE,
)
_SOMEONE_ELSE = re.compile(r"\b(?:my|our|her|his|their)\s+(?:\w+\s+){0,2}(?:daughter|son|child|kid|sister|brother|friend|niece|nephew|teen)\b", re.IGNORECASE)
# Ages a visitor could be; "I'm 1 of 3 sisters" is none.
YOUNGEST, OLDEST = 10, 99


def stated_age(text: str) -> Optional[int]:
    """The age the visitor says they are, or None."""
    text = text or ""
    if _SOMEONE_ELSE.search(text):
        return None
    for found in _OWN_AGE.finditer(text):
        age = int(found["n"] or found["m"])
        if YOUNGEST <= age <= OLDEST:
            return age
    return None
