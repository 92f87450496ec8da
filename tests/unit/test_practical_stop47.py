"""Practical visitors on a phone, stop 47 (helper 89): a friend's checklist
line, one day's hours, one session after the sessions, transport questions
and other ways to message the clinic (clinic.yml's optional `directions` and
`messaging:`), and what probing found after them."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from clinic_assistant import clinic_config
from clinic_assistant.answer_parts import (
    DAY_HOURS_PART,
    OFFERS,
    ONE_SESSION,
    TRANSPORT_PART,
    discount_follow_up,
    heard_intent,
    one_session_asked,
    part_to_answer,
)
from clinic_assistant.availability import hours_on
from clinic_assistant.hold_on import asks_how_to_answer
from clinic_assistant.hours_asked import asks_day_hours, day_after_hours
from clinic_assistant.messaging_asked import clinic_contact, messaging_asked
from clinic_assistant.pii import find_contact
from clinic_assistant.policy_topics import policy_exception_asked, topics_asked
from clinic_assistant.questions import split_questions
from clinic_assistant.screening.reader import reader_for, their_numbers
from testkit.respond_once import respond_once

ROOT = Path(__file__).resolve().parents[2]
THURSDAY = dt.date(2026, 12, 3)


# --- A friend's line of the checklist -------------------------------------------------

@pytest.mark.parametrize("message, numbers", [
    ("my friend has 2", [2]),
    ("sorry i meant my friend has 2, i have none", [2]),
    ("2 is my friends", [2]),
    ("2 is for my sister not me", [2]),
    ("my friend has number 2 not me", [2]),
    ("i have 6 and my bf has 11", [11]),
    ("my mum has 2 and 6", [2, 6]),
])
def test_a_line_told_of_someone_else(message, numbers):
    assert their_numbers(message) == numbers


@pytest.mark.parametrize("message", [
    "2", "6 and 11", "my sister is 16", "my daughter is 12", "she has 2 kids", "my mum had 2 sessions", "1 is my main worry",
])
def test_no_line_of_someone_else(message):
    assert their_numbers(message) == []


# --- One day's hours ------------------------------------------------------------------

@pytest.mark.parametrize("message", [
    "r u open tmrw", "wat time u close on wed", "open sat?", "what time do you open tomorrow", "are you open on sundays",
    "u open 2moro?",
])
def test_one_days_hours_asked(message):
    assert asks_day_hours(message)
    assert part_to_answer("ask_clinic_info", message, []) == DAY_HOURS_PART


@pytest.mark.parametrize("message", ["are u open now", "r u open today", "are you open christmas eve", "whats your address"])
def test_no_days_hours(message):
    assert part_to_answer("ask_clinic_info", message, []) != DAY_HOURS_PART


def test_tomorrow_by_the_clinics_date():
    assert hours_on("r u open tmrw", THURSDAY) == {"day": "Friday", "opens": "09:00", "closes": "17:00", "after_closing": False}
    assert hours_on("u open 2moro?", dt.date(2026, 12, 5)) == {"day": "Sunday"}


# --- One session after the sessions -----------------------------------------------------

@pytest.mark.parametrize("message", ["what if i just do 1", "can i only do one", "is 1 enough", "just one then?"])
def test_one_session_right_after_the_sessions(message):
    assert one_session_asked(message, ["utter_ask_sessions"])
    assert part_to_answer("ask_policy", message, ["utter_ask_sessions"]) == ONE_SESSION


@pytest.mark.parametrize("message, given", [
    ("what if i just do 1", ["utter_ask_cost"]),
    ("what if i just do 1 area", ["utter_ask_sessions"]),
    ("just 1 more question", ["utter_ask_sessions"]),
    ("1", ["utter_ask_sessions"]),
])
def test_no_one_session(message, given):
    assert not one_session_asked(message, given)


# --- Getting there ------------------------------------------------------------------------

@pytest.mark.parametrize("message", [
    "is it near the train station", "can i get the bus there", "is it close to the station", "how do i get there by subway",
    "is it walking distance from downtown",
])
def test_transport_asked(message):
    assert part_to_answer("ask_clinic_info", message, []) == TRANSPORT_PART


@pytest.mark.parametrize("message", ["whats your address", "what time do you close", "is there parking"])
def test_no_transport(message):
    assert part_to_answer("ask_clinic_info", message, ["utter_ask_clinic_info"]) != TRANSPORT_PART


# --- clinic.yml's optional fields, given and not ------------------------------------------

def test_the_demo_clinic_gives_no_channel_nor_directions():
    config = clinic_config.current()
    assert config.messaging == {"whatsapp": "", "sms": "", "instagram": "", "facebook": "", "telegram": ""}
    assert config.directions == ""


def test_messaging_fields_given_and_left_out(clinic):
    clinic(messaging={"whatsapp": "+1 555 010 4478", "instagram": "@willowskin"})
    assert clinic_contact(messaging_asked("can i whatsapp you")) == "+1 555 010 4478"
    assert clinic_contact(messaging_asked("dm you on insta?")) == "@willowskin"
    assert clinic_contact(messaging_asked("can i text u")) is None
    clinic(messaging=None)
    assert clinic_contact(messaging_asked("can i whatsapp you")) is None


@pytest.mark.parametrize("message, channel", [
    ("dm you on insta?", "Instagram"), ("message u on whatsapp", "WhatsApp"), ("can i reach you on telegram", "Telegram"),
])
def test_a_channel_named_after_dm_or_message(message, channel):
    assert messaging_asked(message) == channel




def test_whatsapp_given_in_clinic_yml_is_answered_with_it(clinic, monkeypatch, tmp_path):
    clinic(messaging={"whatsapp": "+1 555 010 4478"})
    [message] = [m for m in respond_once("can i whatsapp you", "ask_clinic_info", monkeypatch, tmp_path) if m.get("response")]
    assert message["response"] == "utter_messaging_known"
    assert message["channel"] == "WhatsApp" and message["contact"] == "+1 555 010 4478"


def test_whatsapp_left_out_is_answered_as_before(clinic, monkeypatch, tmp_path):
    clinic(messaging={"instagram": "@willowskin"})
    [message] = [m for m in respond_once("can i whatsapp you", "ask_clinic_info", monkeypatch, tmp_path) if m.get("response")]
    assert message["response"] == "utter_messaging_unknown"


def test_directions_given_and_left_out(clinic, monkeypatch, tmp_path):
    clinic(directions="Springfield Central station is a 5-minute walk.")
    [message] = [m for m in respond_once("is it near the train station", "ask_clinic_info", monkeypatch, tmp_path) if m.get("response")]
    assert message["response"] == "utter_ask_clinic_info_directions"
    assert message["directions"] == "Springfield Central station is a 5-minute walk."
    clinic(directions="")
    [message] = [m for m in respond_once("is it near the train station", "ask_clinic_info", monkeypatch, tmp_path) if m.get("response")]
    assert message["response"] == TRANSPORT_PART


# --- Found by probing -----------------------------------------------------------------------

@pytest.mark.parametrize("message, contact", [
    ("my email is jo@example.com actually no use 555 222 3333", "5552223333"),
    ("555 111 2222 sorry i mean 555 111 3333", "5551113333"),
    ("my cell is 555-310-2290 and email is dana@x.com, text is better", "dana@x.com or 5553102290"),
    ("sorry its 07700 900123", "07700900123"),
])
def test_a_contact_corrected_in_the_same_message(message, contact):
    assert find_contact(message) == contact


def test_an_exception_to_the_policy_just_given():
    asked = ["whats ur cancellation policy"]
    assert policy_exception_asked("what if its an emergency", asked, ["utter_policy_answer"]) == "cancellation"
    assert policy_exception_asked("what if something comes up", ["do you take a deposit"], ["utter_policy_answer"]) == "deposit"
    assert policy_exception_asked("what if its an emergency", asked, ["utter_ask_cost"]) is None
    assert policy_exception_asked("ok thanks", asked, ["utter_policy_answer"]) is None


@pytest.fixture(scope="module")
def reader():
    return reader_for((ROOT / "clinic.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("message, numbers, withdrawn", [
    ("2 and 5 no wait just 5", [5], [2]),
    ("3 sorry i mean 9", [9], [3]),
    ("1, 4 actually only 4", [4], [1]),
])
def test_line_numbers_corrected_in_the_same_message(reader, message, numbers, withdrawn):
    reading = reader.read(message)
    assert (reading.numbers, reading.numbers_withdrawn, reading.numbers_denied) == (numbers, withdrawn, [])


@pytest.mark.parametrize("message, denied", [("2 and 5 no", [2, 5]), ("1-5 no", [1, 2, 3, 4, 5]), ("5 no 6 yes", [5])])
def test_lines_answered_no_stay_no(reader, message, denied):
    assert reader.read(message).numbers_denied == denied


def test_a_friends_line_is_not_the_visitors(reader):
    reading = reader.read("my friend has 2")
    assert reading.numbers == [] and reading.numbers_theirs == [2] and not reading.findings


@pytest.mark.parametrize("message, parts", [
    ("hi how much is it and r u open sat", ["hi how much is it", "r u open sat"]),
    ("whats ur address and r u open tmrw", ["whats ur address", "r u open tmrw"]),
])
def test_r_u_and_hi_start_questions(message, parts):
    assert split_questions(message) == parts


@pytest.mark.parametrize("message", ["hi im 34 and have wrinkles how much is it", "im pregnant r u open sat"])
def test_one_question_stays_one(message):
    assert split_questions(message) == []


@pytest.mark.parametrize("message", ["what r the numbers for", "what are the numbers", "how do i answer this", "what do i reply", "im confused"])
def test_how_to_answer_the_checklist(message):
    assert asks_how_to_answer(message)


@pytest.mark.parametrize("message", ["what does number 7 mean", "6", "none", "whats the price"])
def test_no_how_to_answer(message):
    assert not asks_how_to_answer(message)


def test_discounts_asked_after_the_price_or_offers():
    assert discount_follow_up("what about for nhs staff", ["utter_ask_cost"])
    assert part_to_answer("nlu_fallback", "what about students", ["utter_ask_cost_offers"]) == OFFERS
    assert not discount_follow_up("what about for nhs staff", ["utter_ask_suitability_age"])
    assert heard_intent("ask_policy", "is there a discount if i bring a friend") == "ask_cost"
    assert part_to_answer("ask_cost", "is there a discount if i bring a friend", []) == OFFERS


@pytest.mark.parametrize("message", ["do you accept insurance", "is it covered by my insurance"])
def test_insurance_heard_as_the_price_is_the_policy(message):
    assert heard_intent("ask_cost", message) == "ask_policy"


def test_the_price_with_insurance_stays_the_price():
    assert heard_intent("ask_cost", "how much is it with insurance") == "ask_cost"


def test_paying_online_and_how_many_payments():
    assert part_to_answer("ask_cost", "can i pay for it online", []) == "utter_ask_cost_pay_online"
    assert part_to_answer("ask_cost", "how many payments", ["utter_ask_cost", "utter_ask_cost_financing"]) == "utter_ask_cost_financing"


def test_just_coming_in_is_a_walk_in():
    assert topics_asked("what about tmrw can i just come in") == ["walk_ins"]
    assert heard_intent("request_human", "what about tmrw can i just come in") == "ask_policy"
    assert heard_intent("request_human", "can someone call me") == "request_human"


def test_a_day_and_a_time_of_day_after_the_hours():
    assert day_after_hours("what about thurs after work", ["utter_ask_clinic_info"])
    assert not day_after_hours("what about thurs after work", ["utter_ask_downtime"])


def test_a_day_to_come_heard_as_the_check_is_a_booking():
    assert heard_intent("start_screening", "and can i come sat") == "book_appointment"


def test_a_holiday_monday_is_the_holiday_answer():
    assert part_to_answer("ask_clinic_info", "r u open on bank holiday monday", []) == "utter_ask_clinic_info_holiday"
    assert part_to_answer("ask_clinic_info", "whats the latest appt u have on wed", []) == DAY_HOURS_PART


def test_a_day_is_a_word_of_its_own():
    assert hours_on("can i walk in this month", THURSDAY) is None
    assert messaging_asked("and fb?") == "Facebook or Messenger"


def test_a_day_corrected_after_a_days_hours():
    assert day_after_hours("sorry i meant thurs", ["utter_booking_day_hours"])
    assert not day_after_hours("sorry", ["utter_booking_day_hours"])


def test_how_do_i_pay_is_the_ways_to_pay():
    assert part_to_answer("ask_cost", "how do i pay it", ["utter_policy_answer"]) == "utter_ask_cost_payment_methods"


def test_a_number_corrected_after_the_price():
    assert part_to_answer("ask_sessions", "sorry i meant 6 sessions", ["utter_ask_cost"]) == "utter_ask_cost_sessions_count"
    assert part_to_answer("ask_sessions", "sorry i meant 6 sessions", ["utter_ask_sessions"]) != "utter_ask_cost_sessions_count"


def test_bargaining_and_a_plea_after_it():
    assert heard_intent("ask_suitability", "can u do it for 250") == "ask_cost"
    assert part_to_answer("greet", "pls its my bday", ["utter_ask_cost_bargain"]) == "utter_ask_cost_bargain"
    assert part_to_answer("greet", "pls its my bday", ["utter_ask_pain"]) is None


def test_todays_hours_after_the_hours():
    from clinic_assistant.hours_asked import todays_hours_after_hours

    assert todays_hours_after_hours("and what time do u close", ["utter_open_now_open"])
    assert todays_hours_after_hours("when do you shut today", ["utter_ask_clinic_info"])
    assert not todays_hours_after_hours("and what time do u close", ["utter_ask_cost"])
    assert not todays_hours_after_hours("what time should i arrive", ["utter_ask_clinic_info"])


def test_facilities_clinic_yml_does_not_give():
    assert heard_intent("out_of_scope", "is there a toilet") == "ask_clinic_info"
    assert part_to_answer("ask_clinic_info", "do u have wifi", []) == "utter_ask_clinic_info_facilities"
    assert part_to_answer("ask_clinic_info", "whats the address", []) is None


@pytest.mark.parametrize("message, who", [
    ("what about when shes 18 next month", "they"), ("can i book for when i turn 18", "you"), ("ok when she turns 18 then", "they"),
])
def test_booking_once_old_enough(message, who):
    from clinic_assistant.age import waits_for_minimum_age

    assert waits_for_minimum_age(message, ["utter_under_minimum_age_other"]) == who
    assert waits_for_minimum_age(message, ["utter_ask_cost"]) is None


def test_still_under_age_is_no_booking_later():
    from clinic_assistant.age import waits_for_minimum_age

    assert waits_for_minimum_age("when shes 17", ["utter_under_minimum_age_other"]) is None


def test_a_consultation_asked_for_under_review():
    from actions.dialogue.respond import CONSULT_ASKED, ONLY_OK

    assert CONSULT_ASKED.search("can i still get the consult")
    assert CONSULT_ASKED.search("can i at least book a consultation")
    assert not CONSULT_ASKED.search("do i need a consult first")
    assert ONLY_OK.match("ok") and ONLY_OK.match("ok thanks") and not ONLY_OK.match("ok book me")


def test_do_u_do_it_on_a_day():
    assert part_to_answer("ask_clinic_info", "do u do it on sundays", []) == DAY_HOURS_PART


@pytest.mark.parametrize("intent, message", [
    ("ask_procedure", "how long is the consult"), ("ask_cost", "is the consult free"),
    ("ask_policy", "how long does the consultation take"), ("ask_cost", "ok how much is the consult"),
])
def test_the_consultations_length_and_price(intent, message):
    heard = heard_intent(intent, message)
    assert part_to_answer(heard, message, []) == "utter_consultation_details"


@pytest.mark.parametrize("intent, message", [
    ("ask_cost", "hi how much is microneedling and how long does it take and do i need to book a consult first"),
    ("ask_cost", "ok ill ask at the consult. how much is it"), ("ask_procedure", "how long does it take"),
])
def test_no_consultation_details(intent, message):
    assert part_to_answer(heard_intent(intent, message), message, []) != "utter_consultation_details"


def test_mornings_is_a_time_and_morning_a_greeting():
    from clinic_assistant.availability import names_a_time

    assert names_a_time("what about mornings") and names_a_time("any evenings")
    assert not names_a_time("morning") and not names_a_time("good morning")


def test_a_patch_test_is_not_covered():
    from clinic_assistant.not_covered import topic_not_covered

    assert topic_not_covered("can i come in for a patch test", "ask_preparation") == "a patch test"
    assert topic_not_covered("how long does it take", "ask_procedure") is None
