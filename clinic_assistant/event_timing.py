"""The date of a day that matters, given right after the answer on timing,
or beside the day itself ("wedding on the 19th of december, can i get it
done before?", "off on holiday on the 12th").

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
from clinic_assistant.answer_parts import DAYS_THAT_MATTER, last_answer
from clinic_assistant.questions import asks_something
from clinic_assistant.screening.timeframes import days_until

EVENT_ANSWER = "utter_ask_downtime_event"
# After these a date is the day's: the timing, or what a date given before made of it.
TIMING_ANSWERS = (EVENT_ANSWER, "utter_event_date_in_time", "utter_event_date_too_soon")
# A reply that is a date says little else: "its the 20th", "on saturday the 12th".
MAX_WORDS = 8
# Where the day's words may start: the message itself, or after "on", "in", "it's"...
_BEFORE_WHEN = re.compile(r"\b(?:on|in|for|it'?s|its|is|was|next|this|be|till|until)\s+")
# A day that matters, named with its date in one message; not one that has been ("had my wedding").
_DAY_THAT_MATTERS = re.compile(rf"\b(?:{DAYS_THAT_MATTER}|trip)\b")
_PAST = re.compile(r"\b(?:had|was|were|went|last|ago)\b")
# What such a message is heard as; a booking, a person or a health matter keeps its own handling.
_HEARD_AS = {"ask_downtime", "ask_preparation", "ask_results", "ask_procedure", "ask_sessions", "out_of_scope", "nlu_fallback"}


# "when's the latest i can have it then?", "so by when should i book?"
_LATEST = re.compile(
    r"\blatest\b|\blast (?:day|date|possible|chance)\b|\bby when\b|\bhow late\b|\bcut ?-?off\b"
    r"|\bwhen (?:should|do|would|can|could|must) (?:i|we) (?:book|have|get|do|come)\b"
)


def latest_asked(text: str, given: Iterable[Optional[str]]) -> bool:
    """Right after the latest session before the day was given, `text` asks
    for it again."""
    return last_answer(given) == "utter_event_date_in_time" and bool(_LATEST.search((text or "").lower()))


class EventTiming(NamedTuple):
    days_away: int
    latest_session: Optional[dt.date]  # None: the day is closer than the days the clinic suggests


def days_to_event(text: str, today: dt.date) -> Optional[int]:
    """Days from today to the day a short message names, or None."""
    lowered = (text or "").lower().strip()
    if not lowered or len(lowered.split()) > MAX_WORDS:
        return None
    return _days_named(lowered, today, from_start=True)


def days_to_day_named(text: str, today: dt.date) -> Optional[int]:
    """Days from today to a day that matters the message names with its date, or None."""
    lowered = (text or "").lower()
    if not _DAY_THAT_MATTERS.search(lowered) or _PAST.search(lowered):
        return None
    return _days_named(lowered, today, from_start=False)


def _days_named(lowered: str, today: dt.date, from_start: bool) -> Optional[int]:
    starts = [match.end() for match in _BEFORE_WHEN.finditer(lowered)]
    for start in [0, *starts] if from_start else starts:
        when = lowered[start:].strip()
        if when.startswith("weekend"):
            continue  # "this weekend" is no week from today
        days = days_until(when, today)
        if days is not None:
            return days
    return None


def event_timing(days: Optional[int], today: dt.date, days_before_event: int, hours: clinic_config.OpeningHours) -> Optional[EventTiming]:
    """How far away the day is (`days`), and the latest session date that
    leaves `days_before_event` days, on a day the clinic opens (`hours`)."""
    if days is None:
        return None
    latest = today + dt.timedelta(days=days - days_before_event) if days >= days_before_event else None
    return EventTiming(days, latest and hours.last_open_day(latest, today))


def timing_given(
    text: str, intent: str, given: Iterable[Optional[str]], metadata: Optional[Mapping[str, Any]]
) -> Optional[EventTiming]:
    """The day's timing, when `text` gives its date right after the answer on
    timing (`given`: the responses sent so far) and asks nothing else, or
    names the day with its date and is heard (`intent`) as a question on
    the treatment (`metadata`: the message's, for the clinic's today)."""
    after_timing = last_answer(given) in TIMING_ANSWERS and not asks_something(text)
    names_a_day = intent in _HEARD_AS and bool(_DAY_THAT_MATTERS.search((text or "").lower()))
    if not (after_timing or names_a_day):
        return None  # most messages: no clock, no date reading
    today = clock.today(metadata)
    days = days_to_event(text, today) if after_timing else None
    if days is None and names_a_day:
        days = days_to_day_named(text, today)
    config = clinic_config.current()
    return event_timing(days, today, int(config.value("practice.days_before_event")), config.hours)


def when_away(days: int) -> str:
    return {0: "today", 1: "tomorrow"}.get(days, f"{days} days away")


def spoken_date(date: dt.date) -> str:
    return f"{date:%A}, {date:%B} {date.day}"
