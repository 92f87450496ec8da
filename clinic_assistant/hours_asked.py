"""Opening-hours questions that the regular hours do not answer (h67).

- A public holiday or a date ("are you open on christmas day", "what about
  new years eve", "open on the 24th?"): clinic.yml has no holiday hours, so
  the regular hours must not stand in for them (Christmas 2026 is a Friday:
  "09:00-17:00" would read as open). The answer says so and gives the phone.
- "Are you open now?", "open today?": whether the clinic is open at this
  moment (clinic_assistant/clock.py), and when it closes or next opens.

Read by the answers' parts (clinic_assistant/answer_parts.py) and the
dialogue (actions/dialogue/respond.py).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Dict, Tuple

from clinic_assistant import clinic_config
from clinic_assistant.clock import day_of

HOLIDAY = re.compile(
    r"\b(?:christmas|xmas|x-mas|new years?'?s?|new year|nye|thanksgiving|easter|hanukk?ah|boxing day|bank holidays?"
    r"|public holidays?|holiday (?:hours|opening|times)|(?:over|during|for|on|the) (?:the )?holidays"
    r"|july (?:4|4th|fourth)|(?:4th|fourth) of july|independence day|memorial day|labou?r day|veterans'? day"
    r"|presidents'? day|mlk day|martin luther king day|juneteenth|good friday|columbus day)\b"
    # "open on the 24th?", "are you open dec 31": a date, whose hours may differ too.
    r"|\bthe \d{1,2}(?:st|nd|rd|th)\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]* \d{1,2}(?:st|nd|rd|th)?\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b",
    re.IGNORECASE,
)
# Asked of the hours, not of a date for the treatment ("before christmas").
_ABOUT_OPENING = re.compile(r"\b(?:open|opening|close|closed|closing|hours|working|shut)\b", re.IGNORECASE)
# "what about new years eve", "and christmas eve?": a holiday and nothing else.
_ONLY_A_HOLIDAY = re.compile(
    r"^\W*(?:(?:and|what about|how about|also|or|ok|okay|so)\W+)*(?:on\s+)?(?:the\s+)?(?:[\w'-]+\s+){0,1}"
    r"(?:" + HOLIDAY.pattern + r")(?:\s+(?:eve|day|weekend|week))?\s*(?:too|then|as well)?\W*$",
    re.IGNORECASE,
)
# The days the treatment is planned around ("before christmas", "in time for new year").
_PLANNED_AROUND = re.compile(
    r"\b(?:before|ahead of|in time for|by|after|until|till|since)\s+(?:the\s+)?"
    r"(?:christmas|xmas|new year|thanksgiving|easter|the holidays)",
    re.IGNORECASE,
)

OPEN_NOW = re.compile(
    r"\b(?:open|closed)\s+(?:right\s+)?(?:now|rn|today|at the moment|atm|currently|tonight)\b"
    r"|\b(?:currently|still)\s+(?:open|closed)\b|\bare (?:you|u) (?:open|closed)\W*$",
    re.IGNORECASE,
)


# Stop 47: "r u open tmrw", "wat time u close on wed", "open sat?": the
# hours of the day named (that day's line, not the whole contact block).
# "today" and "tonight" are open-now questions (OPEN_NOW).
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?s?"
_A_DAY = rf"(?:tomorrow|tmrw|tmr|tmrrw|tmoro|tomoz|2moro|2morrow|2mrw|{_WEEKDAY})"
_OPENING = (r"(?:open|opening|opens|close|closes|closing|closed|shut|hours|what time|wat time|wot time|what tme"
            r"|(?:latest|last|earliest|first) (?:appt|appointment|slot|booking|time)"
            # "do u do it on sundays" (stop 47: the whole contact block)
            r"|do (?:u|you|ya|you guys) do (?:it|them|appointments|appts|treatments|sessions|bookings))")
DAY_HOURS = re.compile(rf"\b{_OPENING}\b.*\b{_A_DAY}\b|\b{_A_DAY}\b.*\b{_OPENING}\b", re.IGNORECASE)


def asks_day_hours(text: str) -> bool:
    """The hours of one day asked: "r u open tmrw", "what time do u close on wed"."""
    text = text or ""
    return bool(DAY_HOURS.search(text)) and not asks_holiday_hours(text) and not OPEN_NOW.search(text)


def asks_holiday_hours(text: str) -> bool:
    """Opening on a holiday or a date: "open christmas eve?", "what about new years eve"."""
    text = text or ""
    if not HOLIDAY.search(text) or _PLANNED_AROUND.search(text):
        return False
    return bool(_ABOUT_OPENING.search(text) or _ONLY_A_HOLIDAY.match(text))


def open_now(now: dt.datetime) -> Tuple[bool, Dict[str, str]]:
    """Whether the clinic is open at `now`, and the fills of the answer: when
    it closes today, or when it next opens ("tomorrow at 09:00")."""
    hours = clinic_config.current().hours
    local = now.astimezone(hours.timezone)
    if hours.is_open(now):
        return True, {"closes_at": f"{hours.ranges[local.weekday()][1]:%H:%M}"}
    opening = hours.next_opening(now)
    # No opening hours configured: "when we open", with the hours answer's own words.
    return False, {"opens_at": f"{day_of(opening, local.date())} at {opening:%H:%M}" if opening else "when the team confirms"}


# "and saturday?", "what about sunday", "n on fri?" right after the hours: that
# day's hours (stop 45: a day alone is a booking, which it is after the price,
# not after the hours).
_DAY_ALONE = re.compile(
    # "sorry i meant thurs" after a day's hours: the day corrected (stop 47: "No problem.").
    r"^\W*(?:(?:and|n|&|also|what about|how about|ok|okay|so|what time|wat about|sorry|soz|oops|no|nope|actually|i meant|i mean|meant)\W+)*"
    # "what about after 6 on wed" (stop 48: "did you mean downtime, or aftercare?")
    r"(?:(?:after|before|at) (?:work|school|\d{1,2}(?::\d\d)?\s*(?:am|pm)?)\s+)?(?:on\s+)?(?:a\s+)?"
    rf"{_WEEKDAY}\W*"
    # "what about thurs after work" (stop 47: heard as back to work after the treatment)
    r"(?:(?:after (?:work|school|uni|5|6|7|\d{1,2}(?::\d\d)?\s*(?:am|pm)?)|in the (?:morning|afternoon|evening)|mornings?|afternoons?|evenings?|late)\W*)?"
    r"(?:too|then)?\W*$",
    re.IGNORECASE,
)
HOURS_ANSWERS = ("utter_ask_clinic_info", "utter_ask_clinic_info_hours", "utter_ask_clinic_info_open_now", "utter_open_now_open",
                 "utter_booking_day_hours", "utter_booking_day_closed", "utter_ask_clinic_info_holiday")


def _right_after_hours(given) -> bool:
    """The assistant's last response (`given`: the responses so far) gave the hours."""
    answers = [name for name in given if name]
    return bool(answers) and answers[-1] in HOURS_ANSWERS


def day_after_hours(text: str, given) -> bool:
    """A day alone asked right after the opening hours were given."""
    return _right_after_hours(given) and bool(_DAY_ALONE.match(text or ""))


# Stop 47: "and what time do u close", "when do you shut" right after the hours
# or "we're open now": today's (it had got the whole contact block).
_TODAYS_TIME = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|n|&|but|oh|also)\W+)*(?:what time|wat time|wot time|when|how late|till when|until when)\s+"
    r"(?:do|does|r|are|will)?\s*(?:u|you|ya|you guys|the clinic|it|ur|your)?\s*(?:close|closing|shut|open|opening|finish|open till|open until|stay open)"
    r"(?:\s+(?:today|tonight|then))?\W*$",
    re.IGNORECASE,
)


def todays_hours_after_hours(text: str, given) -> bool:
    """"and what time do u close" right after the hours or whether the clinic is open now: today's hours."""
    return _right_after_hours(given) and bool(_TODAYS_TIME.match(text or ""))
