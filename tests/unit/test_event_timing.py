"""clinic_assistant/event_timing.py: the date of a wedding or holiday, given
right after the answer on timing, read as days away and the latest session."""
from __future__ import annotations

import datetime as dt

import pytest

from clinic_assistant.clinic_config import OpeningHours
from clinic_assistant.event_timing import (
    EVENT_ANSWER,
    days_to_event,
    event_timing,
    latest_asked,
    spoken_date,
    timing_given,
    when_away,
)

TODAY = dt.date(2026, 12, 2)  # a Wednesday


@pytest.mark.parametrize(
    "text, days",
    [
        ("it's on the 20th of december", 18),
        ("the 20th", 18),
        ("december 20th", 18),
        ("its on saturday", 3),
        ("next saturday", 3),
        ("in 3 weeks", 21),
        ("tomorrow!", 1),
        ("its on the 5th of jan", 34),
        # Not a date: nothing read.
        ("ok thanks", None),
        ("i have 2 kids", None),
        ("it's this weekend", None),
        ("that sounds good, i will think about it and maybe book once i have talked to my partner", None),
    ],
)
def test_the_days_to_the_day_a_short_message_names(text, days):
    assert days_to_event(text, TODAY) == days


def test_the_latest_session_leaves_the_clinics_days_before_the_day_on_a_day_it_opens():
    every_day = OpeningHours.parse({}, "UTC")
    assert event_timing(18, TODAY, 14, every_day) == (18, dt.date(2026, 12, 6))
    assert event_timing(3, TODAY, 14, every_day) == (3, None)  # closer than the clinic's days
    # December 6 is a Sunday: a clinic closed on Sundays gets the Saturday before.
    weekdays_and_saturday = OpeningHours.parse({day: "09:00-17:00" for day in ("mon", "tue", "wed", "thu", "fri", "sat")}, "UTC")
    assert event_timing(18, TODAY, 14, weekdays_and_saturday) == (18, dt.date(2026, 12, 5))
    only_sundays = OpeningHours.parse({"sun": "10:00-12:00"}, "UTC")
    assert event_timing(15, TODAY, 14, only_sundays) == (15, None)  # no open day left in time
    assert spoken_date(dt.date(2026, 12, 6)) == "Sunday, December 6"
    assert [when_away(days) for days in (0, 1, 18)] == ["today", "tomorrow", "18 days away"]


def test_only_right_after_the_answer_on_timing_and_only_a_date(monkeypatch):
    monkeypatch.setenv("CLINIC_TEST_CLOCK", "1")  # the message's clock (clinic_assistant/clock.py)
    after, metadata = ["utter_greet", EVENT_ANSWER], {"test_clock": "2026-12-02T10:00:00"}
    assert timing_given("it's on the 20th of december", "out_of_scope", after, metadata).days_away == 18
    assert timing_given("it's on the 20th of december", "out_of_scope", ["utter_ask_pain"], metadata) is None
    assert timing_given("is it ok if i come on the 20th?", "book_appointment", after, metadata) is None  # a question of its own


@pytest.mark.parametrize("text, intent, days", [
    ("wedding on the 19th of december, can i get it done before", "ask_preparation", 17),
    ("off to mexico on holiday on the 12th", "out_of_scope", 10),
    ("my wedding is in 3 weeks, is that enough time?", "ask_downtime", 21),
    # Booked, asked for a person, or a day that has been: their own handling.
    ("can i book in before my wedding on the 19th", "book_appointment", None),
    ("can someone call me about my holiday on the 12th", "request_human", None),
    ("i had my wedding on the 12th, when can i have it", "ask_downtime", None),
    ("how long is the downtime", "ask_downtime", None),
])
def test_a_day_that_matters_named_with_its_date(monkeypatch, text, intent, days):
    monkeypatch.setenv("CLINIC_TEST_CLOCK", "1")
    timing = timing_given(text, intent, [], {"test_clock": "2026-12-02T10:00:00"})
    assert (timing.days_away if timing else None) == days


@pytest.mark.parametrize("text", [
    "whens the latest i can have it then", "so by when should i book", "what's the last day i could do it",
    "when should i book then",
])
def test_the_latest_session_asked_again_right_after_it_was_given(text):
    assert latest_asked(text, ["utter_greet", "utter_event_date_in_time"])
    assert not latest_asked(text, ["utter_event_date_in_time", "utter_ask_pain"])  # not right after it
    assert not latest_asked(text, ["utter_event_date_too_soon"])  # no session before the day


def test_another_question_after_the_latest_session_is_not_asking_for_it():
    assert not latest_asked("how much is it", ["utter_event_date_in_time"])
