"""The date of a day that matters, given right after the answer on timing.

After "for a wedding, photos or a holiday, we suggest at least 14 days
between the treatment and the day", the visitor says when it is: "it's on
the 20th of december", "next saturday", "in 3 weeks". That was out of scope
("That's outside what I can help with"); it now gets how far away the day
is and the latest date for a session that leaves the clinic's days
(`practice.days_before_event`) on a day the clinic opens, or that it is
closer than that.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable, Mapping, NamedTuple, Optional

from clinic_assistant import clinic_config, clock
from clinic_assistant.answer_parts import last_answer
from clinic_assistant.questions import asks_something
from clinic_assistant.screening.timeframes import days_until

EVENT_ANSWER = "utter_ask_downtime_event"
# After these a date is the day's: the timing, or what a date given before made of it.
TIMING_ANSWERS = (EVENT_ANSWER, "utter_event_date_in_time", "utter_event_date_too_soon")
# A reply that is a date says little else: "its the 20th", "on saturday the 12th".
MAX_WORDS = 8
# Where the day's words may start: the message itself, or after "on", "in", "it's"...
_BEFORE_WHEN = re.compile(r"\b(?:on|in|for|it'?s|its|is|was|next|this|be|till|until)\s+")


class EventTiming(NamedTuple):
    days_away: int
    latest_session: Optional[dt.date]  # None: the day is closer than the days the clinic suggests


def days_to_event(text: str, today: dt.date) -> Optional[int]:
    """Days from today to the day a short message names, or None."""
    lowered = (text or "").lower().strip()
    if not lowered or len(lowered.split()) > MAX_WORDS:
        return None
    for start in [0, *(match.end() for match in _BEFORE_WHEN.finditer(lowered))]:
        when = lowered[start:].strip()
        if when.startswith("weekend"):
            continue  # "this weekend" is no week from today
        days = days_until(when, today)
        if days is not None:
            return days
    return None


def event_timing(text: str, today: dt.date, days_before_event: int, hours: clinic_config.OpeningHours) -> Optional[EventTiming]:
    """How far away the day is, and the latest session date that leaves
    `days_before_event` days, on a day the clinic opens (`hours`)."""
    days = days_to_event(text, today)
    if days is None:
        return None
    latest = today + dt.timedelta(days=days - days_before_event) if days >= days_before_event else None
    return EventTiming(days, latest and hours.last_open_day(latest, today))


def timing_given(text: str, given: Iterable[Optional[str]], metadata: Optional[Mapping[str, Any]]) -> Optional[EventTiming]:
    """The day's timing, when `text` gives its date right after the answer on
    timing (`given`: the responses sent so far) and asks nothing else
    (`metadata`: the message's, for the clinic's today)."""
    if last_answer(given) not in TIMING_ANSWERS or asks_something(text):
        return None
    config = clinic_config.current()
    days_before = int(config.value("practice.days_before_event"))
    return event_timing(text, clock.today(metadata), days_before, config.hours)


def when_away(days: int) -> str:
    return {0: "today", 1: "tomorrow"}.get(days, f"{days} days away")


def spoken_date(date: dt.date) -> str:
    return f"{date:%A}, {date:%B} {date.day}"
