"""The disclosure reader on stop 45's findings (visitors whose health matters,
typing on a phone): a peel or Botox "before" with no date is experience, not a
recent one; the pill and other hormonal contraception are on no line of the
checklist (clinic.yml screening.not_screened); a relative or friend after "my"
("my nan", "my grandad", "my teenage son") is someone else."""
from __future__ import annotations

import datetime as dt

import pytest

from clinic_assistant.screening.items import Answer
from clinic_assistant.text.word_tables import MEDICINE_NAMES

TODAY = dt.date(2026, 12, 4)  # a Friday

YES, NO, UNSURE = Answer.YES, Answer.NO, Answer.UNSURE

pytestmark = pytest.mark.skipif(not MEDICINE_NAMES.exists(), reason="build/medicine_names.json missing")


def read(reader, text):
    return reader.read(text, today=TODAY)


# --- a short-window item done "before", with no date ---------------------------

@pytest.mark.parametrize("text", [
    "I tried peels before",
    "I've had a chemical peel before, is microneedling better?",
    "i've had botox before",
    "I had filler once",
    "ive done peels in the past",
    "I've had botox a few times",
])
def test_done_before_without_a_date_is_undated(reader, text):
    finding = read(reader, text).findings["recent_skin_stress"]
    assert finding.answer is UNSURE and finding.undated


@pytest.mark.parametrize("text", [
    "I just had a peel",
    "I've just had filler",
    "I had a peel recently",
    "not sure if ive had a peel recently",
    "i got sunburnt",
    "had a peel 3 days ago",
])
def test_recent_or_doubtful_is_not_undated(reader, text):
    finding = read(reader, text).findings["recent_skin_stress"]
    assert finding.answer in (YES, UNSURE) and not finding.undated


def test_a_long_window_item_before_stays_a_review(reader):
    # six months of isotretinoin: "before" is no reason to let it go
    finding = read(reader, "I had accutane before").findings["isotretinoin"]
    assert finding.answer is UNSURE and not finding.undated


def test_outside_the_checklist_an_undated_peel_is_the_rule_not_a_flag():
    from actions.screening.actions import findings_outside_checklist
    from components.disclosures import read_disclosures

    reading = read_disclosures("I've had a chemical peel before, is microneedling better?", {})
    assert findings_outside_checklist(reading) == []
    assert "recent_skin_stress" in reading["general"]


def test_an_undated_peel_beside_a_real_flag_keeps_both():
    from actions.screening.actions import findings_outside_checklist
    from components.disclosures import read_disclosures

    reading = read_disclosures("I've had a peel before and I'm on warfarin", {})
    assert {f["item"] for f in findings_outside_checklist(reading)} == {"recent_skin_stress", "bleeding"}


# --- contraception: on no line --------------------------------------------------

@pytest.mark.parametrize("text, said", [
    ("I'm on the pill", "the pill"),
    ("im on birth control", "birth control"),
    ("I take the contraceptive pill", "the contraceptive pill"),
    ("im on cerazette", "cerazette"),
    ("i have the coil", "the coil"),
    ("12, the pill", "the pill"),
])
def test_contraception_is_told_and_flags_nothing(reader, text, said):
    reading = read(reader, text)
    assert reading.findings == {}
    assert reading.not_screened == [said]
    assert 12 not in reading.numbers


def test_contraception_beside_a_medicine_keeps_the_medicine(reader):
    reading = read(reader, "12, the pill and sertraline")
    assert reading.findings["other_health"].answer is YES and reading.findings["other_health"].said == "sertraline"
    assert reading.not_screened == ["the pill"] and reading.numbers == [12]


def test_contraception_beside_a_blood_thinner(reader):
    reading = read(reader, "im on the pill and eliquis")
    assert reading.findings["bleeding"].answer is YES and reading.not_screened == ["the pill"]


@pytest.mark.parametrize("text", ["can you have microneedling on the pill?", "what if im on the pill"])
def test_contraception_asked_in_general(reader, text):
    reading = read(reader, text)
    assert reading.findings == {} and reading.not_screened == [] and reading.not_screened_asked == ["the pill"]


@pytest.mark.parametrize("text", ["my sister is on the pill", "im not on the pill", "I used to be on the pill"])
def test_contraception_not_theirs_or_not_now_says_nothing(reader, text):
    reading = read(reader, text)
    assert reading.findings == {} and reading.not_screened == []


# --- relatives -------------------------------------------------------------------

@pytest.mark.parametrize("text, item", [
    ("my nan is on blood thinners", "bleeding"),
    ("my granny has diabetes", "immune_metabolic"),
    ("my grandad is on eliquis", "bleeding"),
    ("my ma takes warfarin", "bleeding"),
    ("my other half has psoriasis", "inflammatory_skin"),
    ("my stepmum is on accutane", "isotretinoin"),
    ("my auntie has lupus", "inflammatory_skin"),
    ("my fiance takes xarelto", "bleeding"),
    ("my best mate is on roaccutane", "isotretinoin"),
    ("my flatmate had a peel yesterday", "recent_skin_stress"),
])
def test_a_relative_after_my_is_someone_else(reader, text, item):
    reading = read(reader, text)
    assert reading.findings == {} and item in reading.general


def test_the_visitor_again_after_a_relative(reader):
    reading = read(reader, "my nan has diabetes and i have eczema")
    assert set(reading.findings) == {"inflammatory_skin"}


# --- an allergy to a medicine ------------------------------------------------------

@pytest.mark.parametrize("text", ["im allergic to penicillin", "penicillin allergy", "i had a reaction to amoxicillin once"])
def test_a_medicine_allergy_is_marked(reader, text):
    assert read(reader, text).findings["other_health"].allergy


def test_a_medicine_taken_beside_an_allergy_is_not(reader):
    findings = read(reader, "allergic to penicillin and i take warfarin").findings
    assert findings["other_health"].allergy and not findings["bleeding"].allergy


def test_an_allergy_is_named_as_one_with_no_medicine_note():
    from actions.screening.actions import medicine_note, noted

    finding = {"item": "other_health", "answer": "yes", "said": "penicillin", "generic": "penicillins",
               "called": "a medicine", "allergy": True}
    assert noted([finding]) == "an allergy to penicillin" and medicine_note([finding]) == ""


def test_a_class_plural_is_not_shown_beside_the_name():
    from actions.screening.actions import noted

    finding = {"item": "other_health", "answer": "yes", "said": "statin",
               "generic": "hydroxymethylglutaryl-coa reductase inhibitors", "called": "a medicine"}
    assert noted([finding]) == "Statin is a medicine"


# --- lay words and dates -----------------------------------------------------------

def test_something_to_thin_my_blood_is_line_6(reader):
    assert read(reader, "i take something to thin my blood").findings["bleeding"].answer is YES


@pytest.mark.parametrize("text", ["i had a sunburn at the weekend", "i had a sunburn last weekend", "had botox last weekend"])
def test_the_weekend_just_gone_is_in_the_week(reader, text):
    assert read(reader, text).findings["recent_skin_stress"].answer is YES


@pytest.mark.parametrize("text, said", [
    ("i had shingles last month", "shingles last month"),
    ("im getting over flu", "flu"),
    ("im recovering from pneumonia", "pneumonia"),
])
def test_an_illness_just_had_is_told(text, said):
    from clinic_assistant.screening.unplaced import unplaced_condition

    assert unplaced_condition(text) == said


@pytest.mark.parametrize("text", ["i had a great time", "i had my first session elsewhere", "i had microneedling before"])
def test_what_i_had_that_is_no_illness(text):
    from clinic_assistant.screening.unplaced import unplaced_condition

    # the rule above must not make these health matters
    assert unplaced_condition(text) is None and unplaced_condition("i had shingles") == "shingles"


# --- "that", referring back --------------------------------------------------------

@pytest.mark.parametrize("text, meant", [
    ("oh yeah i took that for acne, finished in october", "oh yeah i took isotretinoin for acne, finished in october"),
    ("i stopped that in march", "i stopped isotretinoin in march"),
])
def test_that_refers_back(text, meant):
    from clinic_assistant.screening.follow_ups import refers_back, with_referent

    assert refers_back(text) and with_referent(text, "isotretinoin") == meant


def test_hiya_and_a_session_name_no_problem():
    from clinic_assistant.safety.no_problem import names_no_problem

    assert names_no_problem("hiya had my 2nd session 3 days ago")


# --- psoriasis, vitiligo, lupus: their past counts ------------------------------------

@pytest.mark.parametrize("text", ["i used to have psoriasis", "i had psoriasis as a kid but its gone", "i had vitiligo as a teenager"])
def test_psoriasis_vitiligo_lupus_ended_are_not_sure(reader, text):
    assert read(reader, text).findings["inflammatory_skin"].answer is UNSURE


@pytest.mark.parametrize("text", ["i had eczema as a kid", "never had lupus", "i dont have psoriasis"])
def test_eczema_ended_and_denials_stay_no(reader, text):
    # paired with the line above: the history terms change nothing else
    reading = read(reader, text)
    assert reading.findings["inflammatory_skin"].answer is NO and read(reader, "i used to have lupus").findings[
        "inflammatory_skin"].answer is UNSURE


# --- a medicine after the contact prompt is no name ------------------------------------

@pytest.mark.parametrize("text", ["its sertraline", "its eliquis", "sertraline"])
def test_a_medicine_is_no_name(text):
    from clinic_assistant.contact_note import contact_note

    assert contact_note(text, asked_for_contact=True) is None and contact_note("its jess", asked_for_contact=True) == "name: Jess"
