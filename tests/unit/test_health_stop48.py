"""Stop 48's findings with visitors whose health matters and visitors after a
treatment (helper h91; the conversations are tests/conversations/found_stop48_health.yml):
a weekday counted back on the clinic's clock; flaking up to a week; "type 1"
after the diabetes rule; an allergy told in the sentence after the numbing
cream; a checklist line dated in the past; a dose answering the medicine
asked about; what the clinic gives asked about; "i really want it" and "is
that a yes"; an ordinal session on a short weekday."""
from __future__ import annotations

import datetime as dt

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from clinic_assistant.answer_parts import heard_intent
from clinic_assistant.pressure import asks_for_verdict, kind_of
from clinic_assistant.safety.after_treatment import treated_already
from clinic_assistant.safety.expected_effects import only_expected_effects, weekday_days_ago
from clinic_assistant.screening.follow_ups import with_referent
from clinic_assistant.screening.items import Answer
from clinic_assistant.text.word_tables import MEDICINE_NAMES

FRIDAY = dt.date(2026, 12, 4)
MONDAY = dt.date(2026, 12, 7)
TUESDAY = dt.date(2026, 12, 8)
YES, UNSURE = Answer.YES, Answer.UNSURE

needs_medicines = pytest.mark.skipif(not MEDICINE_NAMES.exists(), reason="build/medicine_names.json missing")


# --- a weekday counted back ---------------------------------------------------

def test_a_weekday_is_counted_back_from_today():
    assert weekday_days_ago("had mn on monday", FRIDAY) == 4
    assert weekday_days_ago("had mn on monday", TUESDAY) == 1
    assert weekday_days_ago("had mn on monday", MONDAY) == 7  # today's weekday is last week's
    assert weekday_days_ago("had mn on thurs", FRIDAY) == 1
    assert weekday_days_ago("had mn last wed", FRIDAY) == 9  # "last" may be the week before: the later reading
    assert weekday_days_ago("booked for monday", FRIDAY) is None  # looks ahead
    assert weekday_days_ago("had mn yesterday", FRIDAY) is None


@pytest.mark.parametrize("text, today", [
    ("had mn on monday, my face is dry", FRIDAY),
    ("had mn on monday, my face is dry", MONDAY),  # a week on: dryness still comes with healing
    ("had mn on monday, my face is red", TUESDAY),
    ("had mn on tue, skin still peeling", MONDAY),
])
def test_a_weekday_within_the_days_of_an_expected_effect(text, today):
    assert only_expected_effects(text, today)
    assert heard_intent("report_symptom", text, False, today) == "ask_downtime"


@pytest.mark.parametrize("text, today", [
    ("had mn on monday, my face is red", FRIDAY),  # redness four days on: a clinician's
    ("had mn last wed and my skin is tight", FRIDAY),  # maybe nine days
    ("had mn on monday, my face is dry and hot", FRIDAY),
])
def test_a_weekday_past_the_days_of_the_effect_is_a_clinicians(text, today):
    assert not only_expected_effects(text, today)
    assert heard_intent("report_symptom", text, False, today) == "report_symptom"


@pytest.mark.parametrize("text", ["day 6 still flaky", "day 7 and still peeling", "6 days post and my skin is dry"])
def test_flaking_is_expected_up_to_a_week(text):
    assert only_expected_effects(text, FRIDAY)


@pytest.mark.parametrize("text", ["day 8 still flaky", "day 6 still red", "day 6 still flaky and sore"])
def test_flaking_later_or_with_more_is_not(text):
    assert not only_expected_effects(text, FRIDAY)


def test_an_ordinal_session_and_a_short_weekday():
    assert treated_already("had my 2nd session thurs, can i go to the gym tmrw")
    assert only_expected_effects("had my 2nd session yesterday, my skin is a bit pink still, is it normal", FRIDAY)
    assert only_expected_effects("had my 2nd session thurs. is it normal my skin is a bit pink still", FRIDAY)
    assert heard_intent("request_human", "had my 2nd session thurs, can i go to the gym tmrw", False, FRIDAY) == "ask_aftercare"
    assert heard_intent("request_human", "had my 2nd session thurs, can i talk to a nurse", False, FRIDAY) == "request_human"


# --- "type 1" after the diabetes rule -------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("im type 1, well controlled", "im type 1 diabetes, well controlled"),
    ("type 2 but diet controlled", "i have type 2 diabetes but diet controlled"),
    ("i have type 1", "i have type 1 diabetes"),
])
def test_a_type_of_what_was_asked_is_the_visitors_own(reader, text, expected):
    assert with_referent(text, "diabetes") == expected
    assert reader.read(expected, today=FRIDAY).findings["immune_metabolic"].answer is YES


def test_a_skin_type_is_not():
    assert with_referent("type 1 skin", "diabetes") is None


# --- an allergy in the sentence after ----------------------------------------

@needs_medicines
@pytest.mark.parametrize("text", [
    "does the numbing cream have lidocaine? im allergic",
    "do u use lidocaine? i am allergic to it",
    "is there lidocaine in it. im allergic lol",
])
def test_an_allergy_told_after_the_numbing_cream_is_that_allergy(reader, text):
    findings = reader.read(text, today=FRIDAY).findings
    assert findings["anaesthetic_allergy"].answer is YES
    assert "other_health" not in findings


@needs_medicines
@pytest.mark.parametrize("text", [
    "does the numbing cream have lidocaine?",
    "do you use lidocaine? im allergic to penicillin",
    "does the cream have lidocaine? im not allergic",
])
def test_no_allergy_to_it_told(reader, text):
    assert "anaesthetic_allergy" not in reader.read(text, today=FRIDAY).findings


# --- what the clinic gives; a dose of what was asked ----------------------------

@needs_medicines
def test_what_the_clinic_gives_is_asked_not_told(reader):
    findings = reader.read("none except i get cold sores sometimes, do u give antivirals", today=FRIDAY).findings
    assert set(findings) == {"cold_sores"} and findings["cold_sores"].said == "cold sores"
    assert reader.read("im on warfarin, do you offer a consult", today=FRIDAY).findings["bleeding"].answer is YES


@needs_medicines
def test_a_dose_answers_the_medicine_asked_about():
    from components.disclosures import read_disclosures

    for text in ("does aspirin count? i take 75mg daily", "is eliquis a blood thinner? im on 5mg twice a day"):
        assert [f["item"] for f in read_disclosures(text)["findings"]] == ["bleeding"]
    assert with_referent("i take 75mg daily", "aspirin") == "i take 75mg aspirin daily"


# --- push after a review, a yes asked for -------------------------------------

def test_wanting_it_is_push_to_book():
    assert kind_of("pls i really want it before my wedding", None) == "booking"
    from actions.dialogue.respond import INSISTS

    assert INSISTS.search("pls i really want it before my wedding")
    assert not INSISTS.search("i want it to look natural, how many sessions")


@pytest.mark.parametrize("text", ["so is that a yes", "so thats a yes then?", "is it a yes"])
def test_a_yes_asked_for(text):
    assert asks_for_verdict(text)


# --- a line dated in the past --------------------------------------------------

def _tracker(slots, text, numbers, times):
    from actions.screening.actions import screening_slots

    parse = {"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.3}, "entities": [],
             "disclosures": {"findings": [], "numbers": numbers, "times": times, "general": []}}
    data = {
        "sender_id": "stop48", "slots": {**{slot: None for slot in screening_slots()}, **slots}, "latest_message": parse,
        "events": [{"event": "bot", "text": "checklist", "metadata": {"utter_action": "utter_screening_checklist"}},
                   {"event": "user", "text": text, "parse_data": parse}],
        "paused": False, "followup_action": None, "active_loop": {}, "latest_action_name": "action_listen",
    }
    return Tracker.from_dict(data)


@pytest.mark.parametrize("line, item, slot_answer, says", [
    (6, "bleeding", "unsure", "not sure"),  # a blood thinner or a bleeding disorder: may last
    (2, "isotretinoin", "no", "taken it off"),  # a window: years ago is outside it
    (5, "keloid", None, "stays on"),  # "ever": it counts
])
def test_a_line_dated_years_ago_is_decided_by_its_rule(line, item, slot_answer, says):
    from actions.screening.actions import date_lines

    text = f"{line} was years ago"
    tracker = _tracker({"screen_pregnancy": "yes", f"screen_{item}": "yes"}, text, [line], [[730, 100000]])
    dispatcher = CollectingDispatcher()
    events = date_lines(dispatcher, tracker, tracker.latest_message["disclosures"])
    assert [m["response"] for m in dispatcher.messages] == ["utter_screening_corrected"]
    assert says in dispatcher.messages[0]["correction"]
    assert [(e["name"], e["value"]) for e in events] == ([(f"screen_{item}", slot_answer)] if slot_answer else [])


def test_a_line_not_noted_or_a_question_is_left_alone():
    from actions.screening.actions import date_lines

    tracker = _tracker({"screen_pregnancy": "yes"}, "6 was years ago", [6], [[730, 100000]])
    assert date_lines(CollectingDispatcher(), tracker, tracker.latest_message["disclosures"]) is None
    tracker = _tracker({"screen_bleeding": "yes"}, "6 was years ago, does that matter?", [6], [[730, 100000]])
    assert date_lines(CollectingDispatcher(), tracker, tracker.latest_message["disclosures"]) is None


# --- names, steroids, "does that count", a comma before the visitor's news ------

def test_a_plural_class_is_named_back_as_one():
    from actions.screening.actions import noted

    assert noted([{"item": "other_health", "said": "antibiotics", "generic": "anti-bacterial agents", "called": "a medicine"}]) \
        == "Antibiotics (a medicine)"
    assert noted([{"item": "bleeding", "said": "eliquis", "generic": "apixaban", "called": "a blood thinner"}]) \
        == "Eliquis (apixaban) is a blood thinner"


@pytest.mark.parametrize("text, item", [
    ("im on steroids", "other_health"),
    ("i use a steroid cream for my eczema", "other_health"),
    ("im on oral steroids", "immune_metabolic"),
    ("im pumping and dumping rn", "pregnancy"),
])
def test_steroids_and_pumping_are_told(reader, text, item):
    assert reader.read(text, today=FRIDAY).findings[item].answer is YES


def test_steroids_asked_about_are_not_told(reader):
    assert not reader.read("can i take steroids after", today=FRIDAY).findings
    assert reader.read("what about steroids", today=FRIDAY).general == ["other_health"]


def test_does_that_count_is_about_it():
    assert kind_of("wait its just 1 spot on my chin does that count", None) == "about_it"


@pytest.mark.parametrize("text, question", [
    ("whats the downtime, also im 6 months pregnant lol", "whats the downtime"),
    ("how much is it, im on accutane btw", "how much is it"),
    ("how long does it last, i mean the results", None),
])
def test_the_visitors_news_after_a_comma_is_cut_from_the_question(text, question):
    from clinic_assistant.questions import question_beside_statement

    assert question_beside_statement(text) == question


# --- a painkiller taken now and then; a line number with its date -------------

def test_a_painkiller_is_taken_now_and_then():
    from actions.screening.actions import taken_now_and_then

    assert taken_now_and_then({"item": "other_health", "answer": "yes", "called": "a painkiller"})
    assert not taken_now_and_then({"item": "bleeding", "answer": "yes", "called": "a blood thinner"})


@pytest.mark.parametrize("item, numbers, times, answer", [
    ("isotretinoin", [2], [[218, 247]], "no"),  # "2 but i stopped in april", on 4 December
    ("isotretinoin", [2], [[28, 61]], "yes"),  # "2, stopped last month"
    ("isotretinoin", [2, 6], [[218, 247]], None),  # which line the date is of: not said
    ("bleeding", [6], [[218, 247]], None),  # no window
    ("isotretinoin", [2], [[0, 0]], None),  # still on it
])
def test_a_line_number_with_its_date(item, numbers, times, answer):
    from actions.screening.actions import _line_dated

    assert _line_dated(item, {"numbers": numbers, "times": times}) == answer


def test_flaking_with_an_aftercare_question_is_the_downtime_and_its_question():
    from clinic_assistant.answer_parts import answer_part
    from clinic_assistant.questions import question_beside_statement

    text = "had treatment 4 days ago, skin flaking. can i exfoliate yet"
    assert heard_intent("report_symptom", text, False, FRIDAY) == "ask_downtime"
    assert question_beside_statement(text) == "can i exfoliate yet"
    assert answer_part("ask_aftercare", "can i exfoliate yet") is not None
