"""Practical visitors on a phone (findings h67): times for a booking, holiday
and open-now hours, policies the clinic has not given, an existing booking's
name, "cancel" alone, a relative's check and going back into a stopped one."""
import datetime as dt

import pytest

from clinic_assistant import clinic_config
from clinic_assistant.answer_parts import answer_part, heard_intent, only_cancel, part_to_answer
from clinic_assistant.availability import asks_availability, hours_on, names_a_time
from clinic_assistant.check_requests import asks_if_they_suit, resumes
from clinic_assistant.hours_asked import asks_holiday_hours, open_now
from clinic_assistant.policy_topics import asks_us_to_change_booking, topics_asked

THURSDAY = dt.date(2026, 12, 3)
TZ = clinic_config.current().hours.timezone


@pytest.mark.parametrize("text", [
    "tomorrow after 5 then", "tmrw after 5 ok?", "saturday morning", "saturday?", "tomorrow at 3 if poss",
    "thursday then", "whats the earliest you have", "next tuesday afternoon?", "how about friday at 2pm",
])
def test_a_day_or_time_alone_is_a_booking(text):
    assert names_a_time(text) and asks_availability(text)


@pytest.mark.parametrize("text", ["morning", "good morning", "5", "3 and 5", "are you open saturday", "i had sunburn on sunday"])
def test_greetings_numbers_and_sentences_are_no_time(text):
    assert not names_a_time(text)


def test_the_hours_of_the_day_named():
    assert hours_on("tomorrow after 5 then", THURSDAY) == {"day": "Friday", "opens": "09:00", "closes": "17:00", "after_closing": True}
    assert hours_on("saturday morning", THURSDAY)["after_closing"] is False
    assert hours_on("sunday?", THURSDAY) == {"day": "Sunday"}
    assert hours_on("whats the earliest you have", THURSDAY) is None


@pytest.mark.parametrize("intent, text", [
    ("goodbye", "tomorrow after 5 then"), ("out_of_scope", "tomorrow after 5?"), ("ask_aftercare", "tmrw after 5 ok?"),
    ("greet", "saturday morning"), ("nlu_fallback", "thursday then"), ("ask_contraindication", "whats the earliest you have"),
])
def test_what_the_classifier_heard_in_a_time_is_a_booking(intent, text):
    assert heard_intent(intent, text) == "book_appointment"


def test_a_time_after_a_treatment_told_stays_aftercare():
    assert heard_intent("ask_aftercare", "tmrw after 5 ok?", treated=True) == "ask_aftercare"


@pytest.mark.parametrize("text", [
    "are you open on christmas day", "what about new years eve", "open christmas eve?", "r u open july 4",
    "open on thanksgiving?", "open on the 24th?", "are you closed over the holidays",
])
def test_holiday_hours_asked(text):
    assert asks_holiday_hours(text)
    assert part_to_answer(heard_intent("ask_contraindication", text), text, []) == "utter_ask_clinic_info_holiday"


@pytest.mark.parametrize("text", ["can i get it done before christmas", "i want it for christmas", "wedding on the 19th"])
def test_a_holiday_planned_around_is_no_hours_question(text):
    assert not asks_holiday_hours(text)


def test_open_now_by_the_clock():
    assert open_now(dt.datetime(2026, 12, 3, 23, 30, tzinfo=TZ)) == (False, {"opens_at": "tomorrow at 09:00"})
    assert open_now(dt.datetime(2026, 12, 2, 10, 0, tzinfo=TZ)) == (True, {"closes_at": "20:00"})
    assert open_now(dt.datetime(2026, 12, 5, 22, 0, tzinfo=TZ)) == (False, {"opens_at": "on Monday at 09:00"})
    assert open_now(dt.datetime(2026, 12, 3, 7, 0, tzinfo=TZ)) == (False, {"opens_at": "today at 09:00"})
    assert part_to_answer("ask_clinic_info", "are u open now", []) == "utter_ask_clinic_info_open_now"


@pytest.mark.parametrize("intent, text, part", [
    ("ask_clinic_info", "do you have wheelchair access", "utter_ask_clinic_info_access"),
    ("nlu_fallback", "is there a lift", "utter_ask_clinic_info_access"),
    ("ask_preparation", "how early should i get there", "utter_arrival_time"),
    ("ask_cost", "whats the interest on the monthly payments", "utter_ask_cost_financing_terms"),
    ("ask_cost", "do i need a credit check", "utter_ask_cost_financing_terms"),
])
def test_what_clinic_yml_does_not_say_gets_its_own_answer(intent, text, part):
    assert part_to_answer(heard_intent(intent, text), text, []) == part


def test_a_skin_lift_and_the_steps_are_no_access_question():
    assert heard_intent("ask_results", "does it lift my skin") == "ask_results"
    assert answer_part("ask_procedure", "what are the steps") is None


def test_a_packages_unused_sessions_are_not_the_deposit():
    assert topics_asked("if i buy the 3 pack and stop after 1 session do i get a refund for the rest") == ["gift_cards"]
    assert topics_asked("is the deposit refundable") == ["deposit"]


@pytest.mark.parametrize("intent, text", [
    ("ask_contraindication", "i have aetna"), ("nlu_fallback", "i have blue cross"), ("ask_cost", "can i use my fsa card"),
])
def test_an_insurer_or_a_health_account_is_the_insurance_policy(intent, text):
    assert heard_intent(intent, text) == "ask_policy"
    assert topics_asked(text) == ["insurance"]


def test_a_gift_voucher_unclear_to_the_classifier_is_the_policy():
    assert heard_intent("nlu_fallback", "can i buy a gift voucher for my sister") == "ask_policy"


def test_the_name_a_booking_is_under_and_tell_them():
    after_change = ["utter_greet", "utter_cannot_change_booking", "utter_policy_answer"]
    assert asks_us_to_change_booking("its under Sam Lee", after_change)
    assert asks_us_to_change_booking("its booked under Sam Lee", after_change)
    assert not asks_us_to_change_booking("its booked under Sam Lee", ["utter_greet"])
    assert asks_us_to_change_booking("can u tell them", ["utter_greet", "utter_policy_answer"])
    assert not asks_us_to_change_booking("can u tell them", ["utter_policy_answer", "utter_ask_cost"])


def test_cancel_alone_is_an_appointment():
    assert only_cancel("cancel") and only_cancel("Cancel.")
    assert not only_cancel("cancel the check")
    assert heard_intent("cancel", "cancel") == "ask_policy"


def test_a_relatives_check_and_going_back_into_one():
    assert asks_if_they_suit("is my daughter suitable? she's 19")
    assert heard_intent("out_of_scope", "is my daughter suitable? she's 19") == "start_screening"
    assert not asks_if_they_suit("is it suitable for acne scars")
    assert resumes("actually ok lets continue") and resumes("carry on with the check")
    assert not resumes("never mind, forget it")
    assert heard_intent("cancel", "actually ok lets continue") == "start_screening"
