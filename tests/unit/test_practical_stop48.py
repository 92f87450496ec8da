"""Practical visitors on a phone, stop 48 (helper 92): a slot held with a
deposit, how to book after asking for a person, "so no then?" after an answer
the clinic never gave, whether the consultation is in person or online
(clinic.yml's optional `consultation_format`), and what probing found after them."""
from __future__ import annotations

from pathlib import Path

import pytest

from clinic_assistant import clinic_config
from clinic_assistant.answer_parts import heard_intent, part_to_answer
from clinic_assistant.availability import names_a_time
from clinic_assistant.consultation_format import consultation_format_asked
from clinic_assistant.hold_on import puts_off_the_check
from clinic_assistant.hours_asked import day_after_hours
from clinic_assistant.no_then import NOT_TOLD, asks_if_no, no_asked_after_not_told
from clinic_assistant.offers import accepts_offer_of_a_person
from clinic_assistant.policy_topics import holds_a_time, policy_follow_up, topics_asked
from clinic_assistant.pressure import asks_how_to_book, proposes_a_day
from testkit.respond_once import built_domain, respond_once

ROOT = Path(__file__).resolve().parents[2]


# --- A slot held with a deposit -------------------------------------------------------------

@pytest.mark.parametrize("message", [
    "pls just hold it ill pay the deposit", "do i have to pay a deposit to hold my slot?", "can u hold my spot if i pay the deposit",
])
def test_a_slot_held_by_the_deposit_is_no_late_arrival(message):
    assert topics_asked(message) == ["deposit"]


@pytest.mark.parametrize("message, topics", [
    ("can you hold it for me", ["late_arrival"]),  # on the way (helper-61)
    ("im running late can u hold it, will i lose my deposit", ["deposit", "late_arrival"]),
    ("what if im late", ["late_arrival"]),
])
def test_a_late_arrival_keeps_its_policy(message, topics):
    assert topics_asked(message) == topics


@pytest.mark.parametrize("message, held", [
    ("pls just hold it ill pay the deposit", True), ("can you reserve me a slot", True), ("can u hold the appointment", True),
    ("hold on", False), ("keep it in mind", False), ("whats the deposit", False),
])
def test_a_time_asked_to_be_held(message, held):
    assert holds_a_time(message) is held


# --- How to book after asking for a person ----------------------------------------------------

@pytest.mark.parametrize("message, how", [
    ("ok how do i book then", True), ("where do i book", True), ("how do i make an appointment", True),
    ("how can i get an appointment", True), ("whats the booking link", True),
    ("book me in", False), ("can i book", False), ("how long does it take", False),
])
def test_how_to_book_asked(message, how):
    assert asks_how_to_book(message) is how


# --- "so no then?" after what the clinic never said -------------------------------------------

@pytest.mark.parametrize("message", [
    "ok so no then?", "so is that a no", "so thats a no then", "no then?", "so u dont take klarna then",
    "is that a yes or no", "so i cant then?", "hmm so no?",
])
def test_asks_if_no(message):
    assert asks_if_no(message)


@pytest.mark.parametrize("message", [
    "no", "no thanks", "nope im good", "none", "so how much is it then", "no i dont want a person, how much is it",
])
def test_no_such_question(message):
    assert not asks_if_no(message)
    assert no_asked_after_not_told(message, ["utter_ask_cost_pay_later"]) is None


def test_not_a_no_after_pay_later_names_what_is_known():
    assert no_asked_after_not_told("ok so no then?", ["utter_ask_cost", "utter_ask_cost_pay_later"]) == "utter_not_told_payment"
    assert no_asked_after_not_told("so thats a no then", ["utter_policy_unknown"]) == NOT_TOLD
    assert no_asked_after_not_told("so no?", ["utter_policy_answer"]) is None  # a policy given is no "not told"


def test_not_a_no_under_the_checklist_reads_past_the_reminder():
    given = ["utter_screening_start", "utter_ask_cost_pay_later", "utter_screening_reminder"]
    assert no_asked_after_not_told("ok so no then?", given) == "utter_not_told_payment"
    assert no_asked_after_not_told("ok so no then?", ["utter_ask_cost_pay_later", "utter_ask_screen_isotretinoin"]) is not None


def test_not_a_no_offers_a_person():
    assert accepts_offer_of_a_person("affirm", "yes pls", ["utter_not_told_not_a_no"])
    assert accepts_offer_of_a_person("affirm", "yes", ["utter_not_told_payment"])
    assert accepts_offer_of_a_person("affirm", "ok yes", ["utter_consultation_format_unknown"])


# --- The consultation in person or online -------------------------------------------------------

@pytest.mark.parametrize("message, earlier, given", [
    ("and is it in person or online", ["do i need a consultation first"], ["utter_policy_answer"]),
    ("is the consult in person or online", [], []),
    ("can i do the consultation over video", [], ["utter_ask_cost"]),
    ("is it online?", ["how long is the consult"], ["utter_consultation_details"]),
])
def test_consultation_format_asked(message, earlier, given):
    assert consultation_format_asked(message, earlier, given)


@pytest.mark.parametrize("message, earlier, given", [
    ("and is it in person or online", ["whats the cancellation policy"], ["utter_policy_answer"]),
    ("can i pay online", [], ["utter_ask_cost"]),
    ("can the treatment be done online", ["how long is the consult"], ["utter_consultation_details"]),
    ("how long is the consult", [], []),
])
def test_no_consultation_format(message, earlier, given):
    assert not consultation_format_asked(message, earlier, given)




def test_the_demo_clinic_gives_no_consultation_format():
    assert clinic_config.current().consultation_format == ""


def test_consultation_format_given_and_left_out(clinic, monkeypatch, tmp_path):
    clinic(consultation_format="The consultation is in person at the clinic, or by video call if you prefer.")
    [message] = [m for m in respond_once("is the consult in person or online", "ask_policy", monkeypatch, tmp_path) if m.get("response")]
    assert message["response"] == "utter_consultation_format"
    assert message["consultation_format"].startswith("The consultation is in person")
    clinic(consultation_format="")
    [message] = [m for m in respond_once("is the consult in person or online", "ask_policy", monkeypatch, tmp_path) if m.get("response")]
    assert message["response"] == "utter_consultation_format_unknown"


def test_the_new_answers_are_in_the_domain():
    for name in ("utter_consultation_format", "utter_consultation_format_unknown", "utter_not_told_not_a_no",
                 "utter_not_told_payment", "utter_booking_beside_person"):
        assert name in built_domain()["responses"], name


# --- Found by probing ---------------------------------------------------------------------------

@pytest.mark.parametrize("message, puts_off", [
    ("no wait cancel that i need to check my calendar first", True), ("nvm ill do it later", True),
    ("not right now", True), ("let me check first and come back", True),
    ("none of them", False), ("nvm, none apply", False), ("no", False), ("2 and 6", False),
])
def test_the_check_put_off(message, puts_off):
    assert puts_off_the_check(message) is puts_off


@pytest.mark.parametrize("message", ["ok what about next week", "next week then", "this weekend?", "week after next"])
def test_a_week_for_the_booking(message):
    assert names_a_time(message)


@pytest.mark.parametrize("message", ["is it ok if i come at lunch", "could i come in on my lunch break", "can i come in the evening"])
def test_a_time_of_day_proposed(message):
    assert proposes_a_day(message)


@pytest.mark.parametrize("message", [
    "what time do u close", "how late r u open", "do u do evening appointments", "when do you open", "whats your closing time",
])
def test_the_hours_alone_asked_first(message):
    assert part_to_answer("ask_clinic_info", message, []) == "utter_ask_clinic_info_hours"


@pytest.mark.parametrize("message", ["whats ur address", "where are you", "whats ur number"])
def test_the_rest_of_the_contact_block_unchanged(message):
    assert part_to_answer("ask_clinic_info", message, []) != "utter_ask_clinic_info_hours"


def test_a_time_then_a_day_after_the_hours():
    assert day_after_hours("what about after 6 on wed", ["utter_ask_clinic_info_hours"])
    assert day_after_hours("and at 5 on saturday?", ["utter_ask_clinic_info"])
    assert not day_after_hours("what about after 6 on wed", ["utter_ask_cost"])


@pytest.mark.parametrize("message, topic", [
    ("how much notice", "cancellation"), ("do i pay it now", "deposit"), ("how much is the deposit", "deposit"),
])
def test_a_policy_heard_as_the_price(message, topic):
    assert topic in topics_asked(message)
    assert heard_intent("ask_cost", message) == "ask_policy"


@pytest.mark.parametrize("message", ["how much is it and is there a deposit", "can i pay in instalments", "how much is it"])
def test_the_price_stays_the_price(message):
    assert heard_intent("ask_cost", message) == "ask_cost"


def test_a_time_after_how_much_notice():
    assert policy_follow_up("what if its 24 hrs", ["how much notice"], ["utter_policy_answer"]) == "cancellation"


@pytest.mark.parametrize("message", ["thx. is it easy to find", "is it hard to find", "how do i find you"])
def test_finding_the_clinic_is_how_to_get_there(message):
    assert heard_intent("thank", message) == "ask_clinic_info"
    assert part_to_answer("ask_clinic_info", message, ["utter_ask_clinic_info"]) == "utter_ask_clinic_info_transport"


@pytest.mark.parametrize("message, thinks", [
    ("ok fine ill think about it", True), ("ok i'll think about it", True), ("let me have a think", True),
    ("i need to think about it", True), ("ill think about the price", False), ("think it hurts", False), ("ok", False),
])
def test_time_to_think_it_over(message, thinks):
    from clinic_assistant.worry import only_hesitation
    assert only_hesitation(message) is thinks


@pytest.mark.parametrize("message, topics", [
    ("what if i only give 1 days notice", ["cancellation"]), ("what if its short notice", ["cancellation"]),
    ("do i get notice of my appointment", []), ("can i pay for it online", []),
])
def test_notice_is_the_cancellation_policy(message, topics):
    assert topics_asked(message) == topics


def test_not_a_no_after_no_other_offer():
    assert no_asked_after_not_told("ok so no then?", ["utter_ask_cost_offers"]) == NOT_TOLD


@pytest.mark.parametrize("message, question", [
    ("hmm actually whats the downtime first", True), ("um how much is it", True), ("hmm whats the downtime", True),
    ("hmm not sure, what does 4 mean", False), ("hmm maybe 4", False), ("hmm", False),
])
def test_a_pause_before_a_question_is_no_doubt(message, question):
    from clinic_assistant.hold_on import question_after_no
    assert question_after_no(message) is question


@pytest.mark.parametrize("message, withdrawn", [
    ("actually no dont worry, whats the price", True), ("actually nvm how much is it", True),
    ("dont worry im fine", False), ("still waiting", False),
])
def test_a_request_for_a_person_taken_back_beside_a_question(message, withdrawn):
    from clinic_assistant.waiting import withdraws_request
    assert withdraws_request(message) is withdrawn


def test_the_day_of_the_appointment_after_how_to_cancel():
    assert policy_follow_up("its tomorrow", ["how do i cancel my appointment"], ["utter_policy_answer"]) == "cancellation"
    assert policy_follow_up("its tomorrow", ["how much is it"], ["utter_ask_cost"]) is None


def test_so_no_then_after_a_policy_gives_it_again():
    from clinic_assistant.no_then import no_asked_after_policy
    assert no_asked_after_policy("ok so no then?", ["do u take walk ins"], ["utter_policy_answer"]) == ["walk_ins"]
    assert no_asked_after_policy("no", ["do u take walk ins"], ["utter_policy_answer"]) == []
    assert no_asked_after_policy("ok so no then?", ["do u take walk ins"], ["utter_ask_cost"]) == []


def test_how_long_is_it_after_the_consultations_format():
    assert part_to_answer("ask_procedure", "how long is it", ["utter_consultation_format_unknown"]) == "utter_consultation_details"
    assert part_to_answer("ask_procedure", "how long is it", ["utter_ask_cost"]) is None
