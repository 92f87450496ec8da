"""Dates and durations in a visitor's words, as ranges of days ago.

"2 years ago", "last month", "in March", "since 2019", "a few weeks back":
the screening reader compares these with an item's window ("isotretinoin in
the last 6 months"). Ranges, not points, because "last month" is 28 to 61
days ago depending on the day: the reader decides yes, no or not sure from
the whole range.
"""
from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from dataclasses import dataclass

_MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
_NUMBER_WORDS = {
    "a": (1, 1), "an": (1, 1), "one": (1, 1), "two": (2, 2), "three": (3, 3), "four": (4, 4),
    "five": (5, 5), "six": (6, 6), "seven": (7, 7), "eight": (8, 8), "nine": (9, 9),
    "ten": (10, 10), "eleven": (11, 11), "twelve": (12, 12), "a couple": (2, 2),
    "a couple of": (2, 2), "couple of": (2, 2), "a few": (2, 4), "few": (2, 4),
    "several": (3, 7), "half a": (0.5, 0.5),
}
# Days per unit, as a range (a month is 28 to 31 days).
_UNITS = {"day": (1, 1), "week": (7, 7), "month": (28, 31), "year": (365, 366)}
_UNIT_NAMES = {"d": "day", "day": "day", "wk": "week", "week": "week", "mo": "month",
               "mth": "month", "month": "month", "yr": "year", "year": "year"}
_NUMBER = r"\d+(?:\.\d+)?|" + "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True))
_DURATION = re.compile(
    rf"\b(?:(?P<cmp>over|more than|less than|under|within the (?:last|past)|in the (?:last|past)|"
    rf"within)\s+)?(?P<n>{_NUMBER})\s*(?P<unit>days?|weeks?|wks?|months?|mos?|mths?|years?|yrs?)"
    rf"(?P<half>\s+and a half)?(?P<plus>\+)?\s*(?P<ago>ago|back|before)?\b"
)
_FAR_PAST = re.compile(
    r"\b(years ago|many years|ages ago|a long time ago|long ago|decades ago|as a (?:teen|teenager|"
    r"kid|child)|in (?:high )?school|when i was (?:a teen|a teenager|younger|young|a kid|in school))\b"
)
# "haven't taken it in 2 years": that long ago (a negation, then "in" right before the duration).
_NOT_IN = re.compile(r"\b(?:haven'?t|hasn'?t|have not|has not|not|never)\b[^.,;!?]*\bin $")
_A_WHILE = re.compile(r"\b(a while ago|a while back|some time ago|a long while)\b")
_RECENT = re.compile(r"\b(yesterday|the other day|recently|just (?:stopped|finished|quit)|last night)\b")
_LAST = re.compile(r"\b(last|this) (week|month|year)\b")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# "last tuesday", "on monday", "friday": the latest such day before today
# ("last" may mean the week before). Not when the message looks ahead.
_PAST_WEEKDAY = re.compile(rf"\b(?:(?P<last>last|this past|past)\s+)?(?P<day>{'|'.join(_WEEKDAYS)})\b")
# "at the weekend", "last weekend", "over the weekend": the latest Saturday and Sunday
# (stop 45: "i had a sunburn at the weekend" had no date, and its "when?" was asked).
_PAST_WEEKEND = re.compile(r"\b(?:(?:last|this past|past|this)\s+weekend|(?:at|on|over|during)\s+the\s+weekend)\b")
_AHEAD_WORDS = re.compile(r"\b(?:next|this coming|will|going to|gonna|getting|booked|planning|plan to|appointment|appt)\b")
_MONTH_DATE = re.compile(
    r"\b(?:(?P<prep>in|since|during|from|until|till|around|early|late|mid|end of|beginning of)\s+)?"
    rf"(?P<month>{'|'.join(sorted(_MONTHS, key=len, reverse=True))})\b"
    r"(?:\s+(?:of\s+)?(?P<year>(?:19|20)\d\d|last year|this year))?"
)
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
# A day of a month: "12 august 2026", "the 12th of aug", "august 12th, 2026",
# "12/08/2026" (stop 44: "stopped on 12 august 2026" had read "12" as line 12
# of the checklist). Numbers alone are day/month or month/day: both are kept.
_DAY_DATE = re.compile(
    r"\b(?:(?P<prep>since|until|till|from|on|before)\s+)?(?:"
    rf"(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH_NAMES})\b"
    rf"|(?P<month2>{_MONTH_NAMES})\s+(?:the\s+)?(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:days?|weeks?|months?|years?|am|pm|:))"
    r"|(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year2>(?:19|20)?\d\d)\b"
    r")(?:,?\s+(?P<year>(?:19|20)\d\d))?"
)
_YEAR = re.compile(r"\b(?P<prep>in|since|during|back in|until)?\s*(?P<year>(?:19|20)\d\d)\b")


@dataclass(frozen=True)
class TimeRange:
    """A range of days ago (hi may be infinite), found at `pos` in the text."""
    pos: int
    lo: float
    hi: float


def _days_ago(today: dt.date, first: dt.date, last: dt.date) -> tuple[float, float]:
    return max(0, (today - last).days), max(0, (today - first).days)


def _month_range(today: dt.date, month: int, year: int | None) -> tuple[float, float]:
    if year is None:  # the latest one that has begun
        year = today.year if month <= today.month else today.year - 1
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return _days_ago(today, dt.date(year, month, 1), min(last, today))


def _year_of(text: str | None, today: dt.date) -> int | None:
    if not text:
        return None
    return {"last year": today.year - 1, "this year": today.year}.get(text) or int(text)


def _day_dates(match: re.Match, today: dt.date) -> list[dt.date]:
    """The dates a day-of-month match can be (none when it is no date)."""
    if match["a"]:
        year = int(match["year2"]) + (2000 if len(match["year2"]) == 2 else 0)
        a, b = int(match["a"]), int(match["b"])
        readings = {(year, b, a), (year, a, b)}  # day/month, month/day
    else:
        day = int(match["day"] or match["day2"])
        month = _MONTHS[match["month"] or match["month2"]]
        if match["year"]:
            readings = {(int(match["year"]), month, day)}
        else:  # the latest one that is not to come
            readings = {(today.year if (month, day) <= (today.month, today.day) else today.year - 1, month, day)}
    dates = []
    for year, month, day in readings:
        try:
            dates.append(dt.date(year, month, day))
        except ValueError:
            continue
    return [date for date in dates if date <= today]


def without_dates(text: str) -> str:
    """`text` with its days of a month blanked out: their numbers are no line of a list."""
    return _DAY_DATE.sub(lambda m: " " * len(m.group()), text)


def times_in(text: str, today: dt.date, stopped: bool) -> list[TimeRange]:
    """Every date or duration in `text` as a range of days ago. `stopped`
    says the text describes an end ("off it since March"), which turns
    "since ..." and "for N months" into "that long ago"."""
    found: list[TimeRange] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match, lo: float, hi: float) -> None:
        if not any(a <= match.start() < b for a, b in taken):
            found.append(TimeRange(match.start(), lo, hi))
            taken.append(match.span())

    for m in _DURATION.finditer(text):
        n_lo, n_hi = _NUMBER_WORDS.get(m["n"]) or (float(m["n"]),) * 2
        extra = 0.5 if m["half"] else 0
        u_lo, u_hi = _UNITS[_UNIT_NAMES[m["unit"].rstrip("s")]]
        lo, hi = (n_lo + extra) * u_lo, (n_hi + extra) * u_hi
        cmp = m["cmp"] or ""
        if cmp in ("over", "more than") or m["plus"]:
            add(m, hi + 1, math.inf)
        elif cmp:  # within / in the last / under / less than
            add(m, 0, lo)
        elif m["ago"] or (stopped and (text[max(0, m.start() - 4):m.start()].endswith("for ")
                                       or _NOT_IN.search(text[max(0, m.start() - 60):m.start()]))):
            add(m, lo, hi)
    for m in _FAR_PAST.finditer(text):
        add(m, 730, math.inf)
    for m in _A_WHILE.finditer(text):
        add(m, 30, math.inf)
    for m in _RECENT.finditer(text):
        add(m, 0, 4 if m.group() == "the other day" else 30 if m.group().startswith(("recently", "just")) else 1)
    for m in _LAST.finditer(text):
        unit, this = m[2], m[1] == "this"
        if unit == "week":
            start = today - dt.timedelta(days=today.weekday() + (0 if this else 7))
            add(m, *_days_ago(today, start, today if this else start + dt.timedelta(days=6)))
        elif unit == "month":
            year, month = (today.year, today.month) if this else (
                (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12))
            add(m, *_month_range(today, month, year))
        else:
            year = today.year if this else today.year - 1
            add(m, *_days_ago(today, dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)))
    for m in _DAY_DATE.finditer(text):
        dates = _day_dates(m, today)
        if not dates:
            continue
        if m["prep"] == "since" and not stopped:
            add(m, 0, 0)  # "on it since 12 august": still on it
            continue
        add(m, (today - max(dates)).days, (today - min(dates)).days)
    if not _AHEAD_WORDS.search(text):
        for m in _PAST_WEEKDAY.finditer(text):
            days = (today.weekday() - _WEEKDAYS.index(m["day"])) % 7
            add(m, days, days + 7 if m["last"] or not days else days)
        for m in _PAST_WEEKEND.finditer(text):
            saturday = (today.weekday() - 5) % 7 or 7  # days since the latest Saturday before today
            add(m, 0 if today.weekday() >= 5 else saturday - 1, saturday)
    for m in _MONTH_DATE.finditer(text):
        if m["month"] == "may" and not (m["prep"] or m["year"]):
            continue  # "may" is mostly the verb
        if m["prep"] == "since" and not stopped:
            add(m, 0, 0)  # "on it since March": still on it
            continue
        add(m, *_month_range(today, _MONTHS[m["month"]], _year_of(m["year"], today)))
    for m in _YEAR.finditer(text):
        year = int(m["year"])
        if year > today.year:
            continue
        if m["prep"] == "since" and not stopped:
            add(m, 0, 0)
            continue
        add(m, *_days_ago(today, dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)))
    return found




def window_answer(window: float, ranges: list[tuple[float, float]]) -> str:
    """"yes", "no" or "unsure": did an exposure that ended within one of
    `ranges` (days ago) end within `window` days? Any yes wins, then any
    unsure: the safe reading of mixed dates."""
    answers = {"yes" if hi <= window else "no" if lo > window else "unsure" for lo, hi in ranges}
    for answer in ("yes", "unsure", "no"):
        if answer in answers:
            return answer
    return "unknown"


def when_answer(window: float, reading: dict) -> str | None:
    """The answer to "when did you last ...?" (an item with a window) from a
    reading of the reply (components/disclosures.py): its dates, "still",
    "not sure", or a bare no. None when the reply says none of these."""
    if reading.get("unsure"):
        return "unsure"
    if reading.get("current"):
        return "yes"
    if reading.get("times"):
        answer = window_answer(window - reading.get("lead_days", 0), [tuple(t) for t in reading["times"]])
        return None if answer == "unknown" else answer
    if reading.get("no") and not reading.get("yes"):
        return "no"
    return None


# "my appointment is in 2 weeks", "booked for friday", "coming in on the 20th".
_APPOINTMENT = re.compile(
    r"\b(?:appointment|appt|booked|booking|coming in|come in|treatment|session|consultation)\b[^.?!]{0,25}?\b"
    r"(?:(?:is |it'?s )?(?:in|on|for|next|this)\s+|is |it'?s )(?P<when>[^.?!,]{1,25})"
)
_AHEAD = re.compile(rf"^(?P<n>{_NUMBER})\s*(?P<unit>days?|weeks?|wks?|months?|mos?)\b")
_DAY_OF_MONTH = re.compile(
    rf"^(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(?:of\s+)?(?P<month>{'|'.join(sorted(_MONTHS, key=len, reverse=True))}))?\b"
    rf"|^(?P<month2>{'|'.join(sorted(_MONTHS, key=len, reverse=True))})\s+(?:the\s+)?(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\b"
)


def days_until_appointment(text: str, today: dt.date) -> int | None:
    """Days from today to an appointment date the message gives, or None.

    Only the nearest reading is kept ("in a few weeks" is 14 days): windows are
    counted back from the appointment, and a nearer date keeps more of a
    recent exposure inside them, the safe side."""
    match = _APPOINTMENT.search(text)
    return days_until(match["when"].strip(), today) if match else None


def days_until(when: str, today: dt.date) -> int | None:
    """Days from today to the day that `when` starts with ("tomorrow",
    "friday", "3 weeks", "the 20th of december"), or None."""
    if when.startswith(("tomorrow", "morrow")):
        return 1
    if when.startswith("week"):  # "next week"
        return 7 - today.weekday()
    for number, name in enumerate(_WEEKDAYS):
        if when.startswith(name):
            return (number - today.weekday()) % 7 or 7
    ahead = _AHEAD.match(when)
    if ahead:
        n_lo, _ = _NUMBER_WORDS.get(ahead["n"]) or (float(ahead["n"]),) * 2
        return int(n_lo * _UNITS[_UNIT_NAMES[ahead["unit"].rstrip("s")]][0])
    dated = _DAY_OF_MONTH.match(when)
    if dated:
        day = int(dated["day"] or dated["day2"])
        month_name = dated["month"] or dated["month2"]
        month = _MONTHS[month_name] if month_name else today.month
        for year in (today.year, today.year + 1):
            try:
                date = dt.date(year, month, day)
            except ValueError:
                return None
            if not month_name and date < today:
                date = dt.date(year + (month == 12), month % 12 + 1, day) if day <= 28 else date
            if date >= today:
                return (date - today).days
    return None
