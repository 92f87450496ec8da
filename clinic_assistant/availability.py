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

import datetime as dt
import re
from typing import Optional, Sequence

from clinic_assistant import clinic_config

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




# A message that is nothing but a day or a time for the appointment (h67):
# "tomorrow after 5 then", "tmrw after 5 ok?", "saturday morning", "tomorrow
# at 3 if poss", "thursday then", "saturday?". The classifier heard goodbyes,
# greetings, aftercare and out of scope in them; they are booking requests.
_DAY = r"(?:today|tonight|tomorrow|tmrw|tmr|tmrrw|tmoro|tomoz|2moro|2morrow|2mrw|(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?)"
_CLOCK = r"\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm|ish)?"
_AT_A_TIME = rf"(?:(?:at|after|before|around|about|from|by|for) {_CLOCK}|\d{{1,2}}(?:[:.]\d\d)?\s*(?:am|pm))"
_PART_OF_DAY = rf"(?:(?:in the |the )?(?:morning|afternoon|evening|night)|lunch ?time|after work|after school|{_AT_A_TIME})"
# A bare "morning" or "5" is a greeting or a line of the checklist, not a time.
_PREFERRED_TIME = re.compile(
    r"^\W*(?:(?:ok|okay|so|and|then|maybe|how about|what about|could i do|can i do|can i come|could i come|can i get|is|any chance of)\W+)*"
    # "what about mornings" (stop 47: "Hi! I'm the ... assistant"); a bare "morning" stays a greeting
    rf"(?:(?:next|this|on|for)\s+)?(?:{_DAY}(?:\W+{_PART_OF_DAY})*|(?:this|in the) (?:morning|afternoon|evening)|{_AT_A_TIME}"
    r"|(?:any\s+|early\s+|late\s+)?(?:mornings|afternoons|evenings|weekends|lunchtimes)"
    # "ok what about next week" under the checklist (stop 48: "I couldn't tell which of the items apply")
    r"|(?:next|this|the) (?:week|weekend|month)|(?:the )?week after(?: next)?)"
    r"(?:\W+(?:then|ok|okay|pls|please|plz|if poss(?:ible)?|possible|works?|would work|is good|good|maybe|instead|thx|thanks))*\W*$"
    # "whats the earliest you have", "earliest you've got?"
    r"|^\W*(?:what'?s|whats|what is)?\s*(?:the )?(?:earliest|soonest|first) (?:you(?:'ve| have)? (?:got|have)|you have|available|free)\W*$",
    re.IGNORECASE,
)
_DAY_INDEX = {name: index for index, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}
# A day as a word of its own: not the "mon" of "this month" nor the "sun" of "sunburn" (stop 47).
_NAMED_DAY = re.compile(rf"\b{_DAY}s?\b", re.IGNORECASE)
_AFTER = re.compile(r"\bafter (\d{1,2})(?:[:.](\d\d))?\s*(am|pm)?", re.IGNORECASE)


def _clock_time(found: re.Match) -> dt.time:
    """"after 5" is 17:00 (a clinic's day has no 5 in the morning), "after 10" 10:00."""
    hour, minutes, half = int(found.group(1)) % 12, int(found.group(2) or 0), (found.group(3) or "").lower()
    if half == "pm" or (not half and hour < 8):
        hour += 12
    return dt.time(min(hour, 23), minutes)


def names_a_time(text: str) -> bool:
    """The whole message gives a day or time for the appointment."""
    return bool(_PREFERRED_TIME.match(text or ""))


# Stop 46: "actually no sunday", "no wait, friday", "nope make it monday" under
# the checklist, after a day was given for the booking: the day changed. The
# "no" had been read as "none of these apply" and the check ended clear.
_CHANGES_DAY = re.compile(
    r"^\W*(?:(?:actually|no|nope|nah|wait|sorry|hmm+|um+|oh|oops|scrap that|scratch that|change (?:that|it)(?: to)?"
    r"|make (?:that|it)|i mean|i meant|rather|better|not (?:on )?" + _DAY + r")\W+)+(?P<day>.+)$",
    re.IGNORECASE,
)


_A_DAY_NAMED = re.compile(rf"\b{_DAY}\b", re.IGNORECASE)


def changes_day(text: str, earlier: Sequence[str]) -> bool:
    """A message that takes back a day or time and gives another, and nothing
    else, after one of the visitor's last few messages (`earlier`, oldest
    first) named a day: "no, friday" with no day before may be "none" and a day."""
    found = _CHANGES_DAY.match(text or "")
    return bool(found and names_a_time(found["day"]) and any(_A_DAY_NAMED.search(said or "") for said in earlier[-3:]))


def asks_availability(text: str) -> bool:
    """A question about free times, not about opening hours alone, or a day
    or time given for the appointment."""
    text = text or ""
    hours_only = _HOURS.search(text) and not _SLOT.search(text)
    return (bool(_AVAILABILITY.search(text)) and not hours_only) or names_a_time(text)


def day_named(text: str, today: dt.date) -> Optional[dt.date]:
    """The date of the first day `text` names ("tomorrow", "saturday"), the
    next such weekday from `today`; None when it names none."""
    found = _NAMED_DAY.search(text or "")
    if found is None:
        return None
    word = found.group(0).lower()
    if word in ("today", "tonight"):
        return today
    if word.startswith(("tom", "tmr", "tmo", "2mo", "2mr")):
        return today + dt.timedelta(days=1)
    weekday = _DAY_INDEX[word[:3]]
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7)


def hours_on(text: str, today: dt.date) -> Optional[dict]:
    """The clinic's hours on the day `text` names, for the reply to a day
    asked for: {"day": "Friday", "opens": "09:00", "closes": "17:00",
    "after_closing": bool} ("after 5" when it closes at 17:00), or
    {"day": "Sunday"} alone when closed that day; None without a day."""
    date = day_named(text, today)
    if date is None:
        return None
    day = clinic_config.DAY_NAMES[clinic_config.DAYS[date.weekday()]]
    hours = clinic_config.current().hours.ranges.get(date.weekday())
    if hours is None:
        return {"day": day}
    after = _AFTER.search(text or "")
    after_closing = after is not None and _clock_time(after) >= hours[1]
    return {"day": day, "opens": f"{hours[0]:%H:%M}", "closes": f"{hours[1]:%H:%M}", "after_closing": after_closing}
