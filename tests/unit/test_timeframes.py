"""Dates and durations in a visitor's words (clinic_assistant/screening/timeframes.py):
ranges of days ago, and the yes / no / unsure they give against a window."""
from __future__ import annotations

import datetime as dt
import math

import pytest

from clinic_assistant.screening.timeframes import days_until_appointment, times_in, window_answer

TODAY = dt.date(2024, 6, 15)  # a Saturday


def ranges(text, stopped=False, today=TODAY):
    # the reader passes lower-case text
    return [(t.lo, t.hi) for t in times_in(text.lower(), today, stopped=stopped)]


@pytest.mark.parametrize(
    "text, stopped, expected",
    [
        ("2 years ago", False, [(730, 732)]),
        ("3 weeks ago", False, [(21, 21)]),
        ("a couple of months back", False, [(56, 62)]),
        ("a few weeks ago", False, [(14, 28)]),
        ("6 months and a half ago", False, [(182, 201.5)]),
        ("over a year ago", False, [(367, math.inf)]),
        ("within the last 6 months", False, [(0, 168)]),
        ("less than 2 weeks", False, [(0, 14)]),
        ("yesterday", False, [(0, 1)]),
        ("recently", False, [(0, 30)]),
        ("a while ago", False, [(30, math.inf)]),
        ("as a teenager", False, [(730, math.inf)]),
        ("last month", False, [(15, 45)]),  # May 2024
        ("last week", False, [(6, 12)]),  # Mon 3 to Sun 9 June
        ("this week", False, [(0, 5)]),
        ("last year", False, [(167, 531)]),
        ("in March", False, [(76, 106)]),
        ("Dec 2023", False, [(167, 197)]),
        ("in 2019", False, [(1628, 1992)]),
        # "since": still on it, unless the text says it stopped
        ("since March", False, [(0, 0)]),
        ("since March", True, [(76, 106)]),
        ("since 2019", False, [(0, 0)]),
        # "for N months" is a duration, a date only once it stopped
        ("for 2 months", False, []),
        ("off it for 2 months", True, [(56, 62)]),
        # "haven't ... in 2 years": two years ago
        ("I haven't taken it in 2 years", True, [(730, 732)]),
        ("I'm coming in 2 weeks", True, []),
        # a day of the week: the latest one before today ("last" may be the week before)
        ("on Thursday", True, [(2, 2)]),
        ("last Thursday", True, [(2, 9)]),
        ("saturday", True, [(0, 7)]),
        ("I'm getting botox on Thursday", True, []),  # ahead, not past
        # no date
        ("2 sessions", False, []),
        ("may I book?", False, []),  # "may" the verb
        ("in 2030", False, []),  # the future is no exposure
    ],
)
def test_times_in(text, stopped, expected):
    assert ranges(text, stopped) == expected


@pytest.mark.parametrize(
    "window, found, expected",
    [
        (183, [(21, 21)], "yes"),
        (183, [(730, 732)], "no"),
        (183, [(167, 197)], "unsure"),  # straddles the edge
        (183, [(730, 732), (21, 21)], "yes"),  # any yes wins
        (183, [(730, 732), (167, 197)], "unsure"),  # then any unsure
        (7, [(0, 1)], "yes"),
        (7, [(6, 12)], "unsure"),
        (-3, [(3, 3)], "no"),  # a window already past at the appointment
        (183, [], "unknown"),
    ],
)
def test_window_answer(window, found, expected):
    assert window_answer(window, found) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("my appointment is in 2 weeks", 14),
        ("my session is in a few weeks", 14),  # the nearest reading
        ("booked for friday", 6),  # TODAY is a Saturday
        ("i'm coming in on monday", 2),
        ("my appointment is tomorrow", 1),
        ("my treatment is on june 20", 5),
        ("appointment on the 10th", 25),  # the 10th has passed this month: next month's
        ("appointment on 5th january", 204),
        ("how much is it", None),
        ("i had a peel 3 days ago", None),
    ],
)
def test_days_until_appointment(text, expected):
    assert days_until_appointment(text, TODAY) == expected
