"""A question about free times: "anything tomorrow?", "do u have space this
week", "whats the earliest i can get in", "is there a waitlist".

The assistant cannot see the clinic's diary. Such questions had gone
unanswered: straight into the checklist, the address and hours, or a
clarifying question. They get that the open times are on the booking page
or by phone, with the opening hours, and then the booking goes on as any
booking does (actions/dialogue/respond.py); the classifier's other readings
of them are heard as a booking (clinic_assistant/answer_parts.py).
"""
from __future__ import annotations

import re

_WHEN = (
    r"(?:today|tonight|tomorrow|tmrw|tmr|tmrrw|this week|next week|this weekend|the weekend|weekend|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|mornings?|afternoons?|evenings?|after work|lunch ?time|"
    r"\d{1,2}(?::\d\d)? ?(?:am|pm)|this month|next month|soon)"
)
_AVAILABILITY = re.compile(
    r"\b(?:space|spaces|room|openings?(?! hours| times)|slots?|spots?|availability|available|free times?)\b(?:\W+\w+){0,3}?\W+" + _WHEN + r"\b"
    r"|\b(?:anything|any ?thing|any (?:time|times|day|days))\W+(?:\w+\W+)?" + _WHEN + r"\b"
    r"|^\W*any\W+(?:on\W+)?" + _WHEN + r"\b"
    r"|\bwhat'?s (?:the )?(?:earliest|soonest|next available)\b"
    r"|\b(?:earliest|soonest|next) (?:appointment|slot|opening|availability|available|i can get in|i can come)\b"
    r"|\bhow (?:far out|far ahead|booked up|busy) (?:are you|r u)\b|\bhow far (?:out|ahead) are you booked\b"
    r"|\b(?:waitlist|waiting list|wait list)\b"
    r"|\bdo (?:u|you|ya) have (?:any )?(?:space|room|openings?|slots?|availability)\b"
    r"|\bcan (?:i|we) come (?:in )?at \d"
    # "how do i pick a time", "where do i choose the date" (after the booking link, helper-60)
    r"|\b(?:how|where) (?:do|can|would|should) (?:i|we) (?:pick|choose|select|find|see) (?:a |the |my |an? )?(?:time|date|day|slot)s?\b",
    re.IGNORECASE,
)
# "are you open saturday?", "what time do you close": the hours, not free times,
# unless the message also names a slot ("any slots before you close friday?").
_HOURS = re.compile(r"\b(?:open|close|closing|opening hours|hours)\b", re.IGNORECASE)
_SLOT = re.compile(r"\b(?:space|slots?|openings?(?! hours| times)|availability|available|appointments?)\b", re.IGNORECASE)


def asks_availability(text: str) -> bool:
    """A question about free times, not about opening hours alone."""
    text = text or ""
    hours_only = _HOURS.search(text) and not _SLOT.search(text)
    return bool(_AVAILABILITY.search(text)) and not hours_only
