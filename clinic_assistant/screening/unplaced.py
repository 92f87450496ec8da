"""A condition or medicine the checklist's words do not name, told while the
checklist waits for an answer: "i have lichen planus", "i suffer from
hidradenitis", "im on levothyroxine". The reader finds nothing it knows, so
"nothing else" then ended the checklist clear. Told there, it answers line 12
("any other health condition, allergy, or medicine"), in the visitor's words,
for the clinician (actions/dialogue/respond.py).

Only a statement counts ("i have lichen planus, is that ok?": its first
clause); a skin concern the treatment is used for ("i have acne scars") or
something that is no health matter ("i have a question", "i have a wedding
in june") does not.
"""
from __future__ import annotations

import re
from typing import Optional

from clinic_assistant.concerns import treated_concern
from clinic_assistant.questions import asks_something

MAX_SAID = 60

_TELLS = re.compile(
    r"^\W*(?:(?:well|um+|ok|okay|so|yes|yeah|yep|and|also|but|oh|actually|hmm+)\W+)*"
    r"(?:i\s+(?:also\s+|do\s+)?(?:have|suffer from|take)|i'?ve\s+got|ive\s+got|i\s+got|i'?m\s+on|im\s+on"
    r"|i\s+(?:was|am|have been|got)\s+diagnosed\s+with|i'?ve\s+been\s+diagnosed\s+with|diagnosed\s+with"
    # stop 45: "i had shingles last month", "im getting over covid", "ive just had flu"
    r"|i\s+(?:recently\s+|just\s+)?had|i'?ve\s+(?:recently\s+|just\s+)?had|ive\s+(?:recently\s+|just\s+)?had"
    r"|i'?m\s+(?:recovering from|getting over|still getting over)|im\s+(?:recovering from|getting over|still getting over))"
    r"\s+(?:(?:a|an|the|some|mild|bad)\s+)?(?P<what>[a-z][a-z0-9' -]{2,80}?)\W*$",
    re.IGNORECASE,
)
# What follows "i have" and is no health matter.
_NOT_HEALTH = re.compile(
    r"^(?:questions?|q|time|no|nothing|none|a few|few|some|one|two|appointment|booking|consultation|wedding|event|"
    r"party|holiday|vacation|trip|date|job|work|kids?|children|baby|dog|cat|money|budget|voucher|gift|coupon|code|"
    r"(?:dark|fair|light|pale|olive|brown|black|oily|dry|combination|normal|sensitive|thin|thick|mature|tanned)\s+skin|"
    r"skin|to|it|that|this|them|those|these|friday|monday|tuesday|wednesday|thursday|saturday|sunday|next|"
    r"an? (?:idea|question)|interest|been|already|had|done|booked|"
    # what "i had ..." tells that is no health matter
    r"micro ?needling|microneedled|facials?|treatments?|sessions?|my (?:first|second|third|last|1st|2nd|3rd)|"
    r"(?:an?\s+|the\s+|my\s+)?(?:good|great|nice|lovely|busy|long|quick|chat|look|think|read|go|try)\b|fun|lunch|dinner|"
    r"from|a baby|my baby|twins)\b",
    re.IGNORECASE,
)
_FIRST_CLAUSE = re.compile(r"[^,.;?!]*")


def unplaced_condition(text: str) -> Optional[str]:
    """The visitor's words for a condition or medicine told in `text`, or None."""
    clause = _FIRST_CLAUSE.match(text or "").group(0)
    match = _TELLS.match(clause)
    if not match or asks_something(clause) or treated_concern(text):
        return None
    what = " ".join(match.group("what").split())
    if _NOT_HEALTH.match(what):
        return None
    return what[:MAX_SAID]
