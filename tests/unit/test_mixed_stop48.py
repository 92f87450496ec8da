"""Visitors who put several things in one message, or push back, stop 48
(helper h94): a policy beside a booking question no policy covers, a waiting
list clinic.yml says nothing of, a price complained of rather than asked, a
second question the classifier was unsure of but a reader can tell, and
"btw" before a second question."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic_assistant import clinic_config
from clinic_assistant.answer_parts import PRICE_TOO_HIGH, heard_intent, part_to_answer, policy_parts_without_topic, price_objected
from clinic_assistant.policy_topics import topics_asked
from clinic_assistant.pressure import asks_why, asks_why_not_told
from clinic_assistant.questions import READ_AS, further_questions, split_questions, statements
from components.question_segments import _read_as


# --- A waiting list ---------------------------------------------------------------------------

@pytest.mark.parametrize("message", [
    "do u have a waitlist", "can u put me on the waiting list", "is there a wait list", "can i go on a cancellation list",
    "do you do a standby list",
])
def test_a_waiting_list_is_a_policy_topic_of_its_own(message):
    assert topics_asked(message) == ["waitlist"]


def test_cancelling_beside_the_waiting_list_keeps_both():
    assert topics_asked("if i cancel can i go on the waitlist after") == ["cancellation", "waitlist"]


def test_the_demo_clinic_has_no_waiting_list_policy():
    # clinic.yml leaves it empty: "I don't have a fixed policy on a waiting list", never one made up.
    assert clinic_config.current().policies["waitlist"] == ""


@pytest.mark.parametrize("intent", ["ask_policy", "ask_clinic_info", "book_appointment", "affirm", "nlu_fallback"])
def test_a_waiting_list_heard_as_anything_is_the_policy(intent):
    assert heard_intent(intent, "do u have a waitlist") == "ask_policy"


def test_a_waiting_list_never_takes_a_problem_or_a_request_for_a_person():
    assert heard_intent("report_symptom", "on the waiting list and my face is swollen") == "report_symptom"
    assert heard_intent("request_human", "can someone put me on the waiting list") == "request_human"


# --- A price complained of ---------------------------------------------------------------------

@pytest.mark.parametrize("message", [
    "ur prices are too high", "your prices r way too high", "its way too expensive tbh", "hmm too pricey for me",
    "i cant afford that", "thats out of my budget", "bit of a rip off", "omg overpriced",
])
def test_a_price_complained_of(message):
    assert price_objected(message, [])
    assert part_to_answer("ask_cost", message, []) == PRICE_TOO_HIGH


@pytest.mark.parametrize("message", [
    "thats ridiculous", "omg thats insane", "are you serious", "wow thats a joke",
])
def test_pushback_right_after_the_price(message):
    assert price_objected(message, ["utter_ask_cost"])
    assert not price_objected(message, ["utter_ask_pain"])  # not the price's, anywhere else
    assert not price_objected(message, [])


@pytest.mark.parametrize("message", [
    "how much is it", "is it worth it", "can u do it for $250", "do u do student discount", "too much sun after?",
    "is the pain too much", "thats too much info lol",
])
def test_no_complaint_of_the_price(message):
    assert not price_objected(message, [])


# --- "btw" before a second question --------------------------------------------------------------

@pytest.mark.parametrize("message, parts", [
    ("whats the downtime btw do u have a waitlist", ["whats the downtime", "do u have a waitlist"]),
    ("is there parking btw whats the cancellation policy", ["is there parking", "whats the cancellation policy"]),
    ("how much is it and btw is there a deposit", ["how much is it", "is there a deposit"]),
])
def test_btw_starts_a_question(message, parts):
    assert split_questions(message) == parts


def test_btw_before_a_statement_cuts_nothing_new():
    assert split_questions("how much is it btw im 45") == []


# --- A part the classifier is unsure of, read by the expected-effects reader ----------------------

WHOLE = "had mn 2 days ago, can i go to the gym tmrw and also is it normal my skin is a bit pink still"


def _message(text, intent="ask_aftercare", confidence=0.9):
    return Message(data={TEXT: text, INTENT: {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: confidence}})


def test_statements_of_a_message():
    assert statements(WHOLE) == ["had mn 2 days ago"]


def test_an_expected_effect_asked_beside_the_treatment_is_the_downtime():
    part = _message("is it normal my skin is a bit pink still", "ask_downtime", 0.38)
    assert _read_as(_message(WHOLE), part) == "ask_downtime"


@pytest.mark.parametrize("part_text", [
    "is it normal my skin is a bit pink and itchy still",  # another effect: a clinician's
    "is it normal my skin is still red a week later",  # too late for redness
    "is it normal to have pus",
])
def test_anything_else_stays_below_the_threshold(part_text):
    whole = f"had mn 2 days ago, can i go to the gym tmrw and also {part_text}"
    assert _read_as(_message(whole), _message(part_text, "ask_downtime", 0.38)) is None


def test_without_the_treatment_told_nothing_is_read():
    part = "is it normal my skin is a bit pink still"
    assert _read_as(_message(f"can i go to the gym tmrw and also {part}"), _message(part, "ask_downtime", 0.38)) is None


def test_a_sure_part_keeps_its_own_intent():
    part = _message("is it normal my skin is a bit pink still", "report_symptom", 0.7)
    assert _read_as(_message(WHOLE), part) is None


def test_a_part_read_by_a_reader_is_answered_beside_the_others():
    parse = {"questions": [
        {"text": "had mn 2 days ago, can i go to the gym tmrw", "intent": "ask_aftercare", "confidence": 0.8},
        {"text": "is it normal my skin is a bit pink still", "intent": "ask_downtime", "confidence": 0.38, READ_AS: True},
        {"text": "what is it", "intent": "ask_procedure", "confidence": 0.38},
    ]}
    assert [intent for intent, _ in further_questions(parse, [])] == ["ask_aftercare", "ask_downtime"]


# --- A part that names a booking policy plainly ----------------------------------------------------

def test_a_waiting_list_part_is_the_policy_however_unsure():
    part = _message("do u have a waitlist", "ask_clinic_info", 0.37)
    assert _read_as(_message("whats the downtime btw do u have a waitlist", "ask_downtime"), part) == "ask_policy"


def test_a_part_naming_no_policy_stays_below_the_threshold():
    part = _message("do u have one", "ask_clinic_info", 0.37)
    assert _read_as(_message("whats the downtime btw do u have one", "ask_downtime"), part) is None


def test_quick_q_before_a_question():
    assert split_questions("hi! quick q whats ur cancellation policy and can i bring my friend") == [
        "quick q whats ur cancellation policy", "can i bring my friend"]


# --- A booking question no policy covers, beside one that does -------------------------------------

def _parts(*parts):
    return {"questions": [{"text": text, "intent": intent, "confidence": 0.95} for text, intent in parts]}


def test_the_friend_beside_the_cancellation_policy():
    parse = _parts(("quick q whats ur cancellation policy", "ask_policy"), ("can i bring my friend", "ask_policy"))
    assert policy_parts_without_topic(parse) == ["can i bring my friend"]


@pytest.mark.parametrize("parts", [
    (("can i bring my friend", "ask_policy"), ("how long does it take", "ask_procedure")),  # no policy named beside it
    (("whats ur cancellation policy", "ask_policy"), ("is there a deposit", "ask_policy")),  # both named
    (("whats the deposit", "ask_policy"), ("what are ur other policies", "ask_policy")),  # the list, not "no answer"
])
def test_nothing_left_unanswered(parts):
    assert policy_parts_without_topic(_parts(*parts)) == []


def test_after_the_price_list_a_complaint_keeps_the_offers():
    # Stop 45's answer to "thats a rip off" after the price: the saving there is.
    assert price_objected("i cant really afford that", ["utter_ask_cost"])  # still the price's
    assert part_to_answer("ask_cost", "i cant really afford that", ["utter_ask_cost"]) == "utter_ask_cost_offers"
    assert part_to_answer("ask_cost", "ur prices are too high", ["utter_ask_cost_too_high"]) == PRICE_TOO_HIGH


# --- "why cant u just tell me" -----------------------------------------------------------------------

@pytest.mark.parametrize("message", ["why cant u just tell me", "but why wont you answer it", "so why can't you tell me then"])
def test_why_not_told(message):
    assert asks_why_not_told(message)
    assert asks_why(message)


@pytest.mark.parametrize("message", ["why cant i go to the gym", "why cant u just tell me if its safe for me", "why?"])
def test_no_why_not_told(message):
    assert not asks_why_not_told(message)
