"""Practical visitors on a phone, found by talking to the stack in stop 46
(helper 86): what a price covers asked right after it, the price and whether
it is worth it together, a price taken as fine heard as goodbye, texting or
WhatsApp the clinic, two people booking together, a booking day changed
under the checklist, a price compared with another clinic's, and a price
asked as "how much is microneedling" beside other questions."""
from __future__ import annotations

import pytest

from clinic_assistant.answer_parts import (
    PRICE_SCOPE,
    follows_answer,
    heard_intent,
    part_beside_whole,
    part_to_answer,
    price_part_beside_policy,
    price_scope_asked,
)
from clinic_assistant.availability import changes_day
from clinic_assistant.messaging_asked import messaging_asked
from clinic_assistant.policy_topics import asks_price
from clinic_assistant.pressure import asks_to_book
from clinic_assistant.two_people import another_person, both_booking

PRICE_GIVEN = ["utter_greet", "utter_ask_cost"]


@pytest.mark.parametrize("question", [
    "is that per area", "is that per session", "is that for the full face", "full face?", "per area?",
    "thats for one session right", "does that include the numbing cream",
])
def test_what_a_price_covers_right_after_it(question):
    assert price_scope_asked(question, PRICE_GIVEN)
    assert part_to_answer("ask_cost", question, PRICE_GIVEN) == PRICE_SCOPE


@pytest.mark.parametrize("question", ["how much is a session", "and for 3?", "is there a deposit per session", "any deals?"])
def test_other_price_questions_are_not_what_it_covers(question):
    assert not price_scope_asked(question, PRICE_GIVEN)


def test_what_it_covers_only_right_after_a_price():
    assert not price_scope_asked("is that per session", ["utter_ask_downtime"])


def test_worth_it_beside_the_whole_price():
    assert part_beside_whole("utter_ask_cost", "whats the price and is it worth it") == "utter_ask_cost_value"
    assert part_beside_whole("utter_ask_cost", "whats the price") is None
    assert part_beside_whole("utter_ask_pain", "does it hurt and is it worth it") is None


@pytest.mark.parametrize("message", ["omg ok thats ok actually", "oh thats not bad actually", "ok i can afford that"])
def test_a_price_taken_as_fine_is_no_goodbye(message):
    assert heard_intent("goodbye", message) == "affirm"


@pytest.mark.parametrize("message", ["ok thats fine thanks", "thats ok bye", "ok bye", "thats all i needed"])
def test_a_goodbye_stays_one(message):
    assert heard_intent("goodbye", message) == "goodbye"


def test_a_number_after_the_price_is_sessions():
    assert follows_answer("ok and for 6", PRICE_GIVEN) == "ask_cost"
    assert follows_answer("ok and for 6", ["utter_ask_downtime"]) is None


@pytest.mark.parametrize("message", ["why are u more expensive than skin deep", "hows ur price compared to other clinics"])
def test_a_price_compared_with_another_clinic(message):
    assert heard_intent("ask_procedure", message) == "ask_cost"
    assert part_to_answer("ask_cost", message, []) == "utter_ask_cost_bargain"


@pytest.mark.parametrize("message, channel", [
    ("can i text u", "text message"), ("can i whatsapp you", "WhatsApp"), ("do you have instagram", "Instagram"),
    ("can i text that number", "text message"), ("whatsapp?", "WhatsApp"), ("are you on facebook", "Facebook or Messenger"),
])
def test_a_way_to_message_the_clinic(message, channel):
    assert messaging_asked(message) == channel


@pytest.mark.parametrize("message", ["can someone text me", "text me", "is there a message for me", "are you on the pill", "text"])
def test_no_way_to_message_asked(message):
    assert messaging_asked(message) is None


@pytest.mark.parametrize("message", ["me and my sister both want it", "can we both come", "my mum and i want to book", "for 2 people"])
def test_two_people_together(message):
    assert both_booking(message)
    assert not another_person(message)


@pytest.mark.parametrize("message", ["can i book my sister in too", "now my sister", "and my mum?", "can i book my sister in now"])
def test_the_second_persons_turn(message):
    assert another_person(message)


@pytest.mark.parametrize("message", ["i have a sister", "my sister had it done", "none"])
def test_no_second_person(message):
    assert not both_booking(message) and not another_person(message)


@pytest.mark.parametrize("message", ["actually no sunday", "no wait make it monday", "nope not saturday, friday", "no. friday"])
def test_a_day_changed_after_a_day(message):
    assert changes_day(message, ["i want to book for saturday"])
    assert not changes_day(message, ["i want to book"])  # "no, friday" may be "none" and a day


@pytest.mark.parametrize("message", ["no", "no none of them", "no i dont"])
def test_a_no_is_no_day(message):
    assert not changes_day(message, ["i want to book for saturday"])


def test_how_much_is_microneedling_asks_the_price():
    assert asks_price("hi how much is microneedling and how long does it take and do i need to book a consult first")
    assert asks_price("how much does microneedling cost")
    assert not asks_price("how much does it hurt")


def test_whether_to_book_is_no_booking():
    assert not asks_to_book("do i need to book a consult first")
    assert asks_to_book("do i need to book a consult first, i'd like to book")
    assert asks_to_book("can i book a consultation")


def test_whats_included_after_the_price():
    assert price_scope_asked("and whats included", ["utter_ask_cost_what_it_covers"])


@pytest.mark.parametrize("message", ["hmm thats a lot", "thats a bit much"])
def test_a_price_too_high_heard_as_a_yes(message):
    assert heard_intent("affirm", message) == "ask_cost"
    assert part_to_answer("ask_cost", message, PRICE_GIVEN) == "utter_ask_cost_offers"


def test_a_lot_of_sessions_is_no_price_too_high():
    assert heard_intent("affirm", "thats a lot of sessions") == "affirm"


def test_how_much_for_a_number_after_the_price():
    assert part_to_answer("ask_cost", "actually yes how much for 3", PRICE_GIVEN) == "utter_ask_cost_sessions_count"
    assert part_to_answer("ask_cost", "how much for 2 people", PRICE_GIVEN) is None


def test_payment_plans_beside_the_insurance_policy():
    message = "hey do u do payment plans and can i use my hsa"
    assert heard_intent("ask_cost", message) == "ask_policy"
    assert price_part_beside_policy(message) == "utter_ask_cost_financing"
    assert price_part_beside_policy("can i use my hsa") is None


def test_how_much_total_after_the_sessions():
    assert part_to_answer("ask_cost", "so how much total", ["utter_ask_cost", "utter_ask_sessions"]) == "utter_ask_cost_sessions_count"


@pytest.mark.parametrize("message", ["do i pay on the day", "when do i pay", "do i pay before or after"])
def test_when_to_pay_is_the_deposit_policy(message):
    from clinic_assistant.policy_topics import topics_asked
    assert heard_intent("ask_cost", message) == "ask_policy"
    assert topics_asked(message) == ["deposit"]


@pytest.mark.parametrize("message, holds", [
    ("no wait how much is it", True), ("nope hang on, does it hurt?", True), ("wait no how long does it take", True),
    ("no", False), ("no wait", False), ("no actually i have eczema", False),
])
def test_a_no_that_holds_back_for_a_question(message, holds):
    from clinic_assistant.hold_on import question_after_no
    assert question_after_no(message) is holds


def test_two_people_heard_as_a_request_for_a_person_book():
    assert heard_intent("request_human", "me and my bf want to come together") == "book_appointment"
    assert heard_intent("request_human", "me and my sister want to talk to someone") == "request_human"


def test_the_platform_named_over_a_direct_message():
    assert messaging_asked("can i dm you on insta") == "Instagram"


def test_and_per_session_after_what_the_price_covers():
    assert price_scope_asked("and per session?", ["utter_ask_cost_what_it_covers"])


@pytest.mark.parametrize("message, heard", [
    ("omg thats not bad", "affirm"), ("thats not ok", "deny"), ("no thats not fine", "deny"),
])
def test_not_bad_is_a_yes_and_not_ok_a_no(message, heard):
    assert heard_intent("deny", message) == heard
