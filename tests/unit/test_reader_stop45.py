"""The disclosure reader on stop 45's findings (visitors whose health matters,
typing on a phone): a peel or Botox "before" with no date is experience, not a
recent one; the pill and other hormonal contraception are on no line of the
checklist (clinic.yml screening.not_screened); a relative or friend after "my"
("my nan", "my grandad", "my teenage son") is someone else."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from actions.screening.actions import findings_outside_checklist
from clinic_assistant.screening.items import Answer
from clinic_assistant.screening.reader import reader_for
from clinic_assistant.text.word_tables import MEDICINE_NAMES
from components.disclosures import read_disclosures

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 12, 4)  # a Friday

YES, NO, UNSURE = Answer.YES, Answer.NO, Answer.UNSURE

pytestmark = pytest.mark.skipif(not MEDICINE_NAMES.exists(), reason="build/medicine_names.json missing")


@pytest.fixture(scope="module")
def reader():
    return reader_for((ROOT / "clinic.yml").read_text(encoding="utf-8"))


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
])
def test_recent_or_doubtful_is_not_undated(reader, text):
    finding = read(reader, text).findings["recent_skin_stress"]
    assert finding.answer in (YES, UNSURE) and not finding.undated


def test_done_before_with_a_date_in_the_week_is_yes(reader):
    assert read(reader, "had a peel 3 days ago").findings["recent_skin_stress"].answer is YES


def test_a_long_window_item_before_stays_a_review(reader):
    # six months of isotretinoin: "before" is no reason to let it go
    finding = read(reader, "I had accutane before").findings["isotretinoin"]
    assert finding.answer is UNSURE and not finding.undated


def test_outside_the_checklist_an_undated_peel_is_the_rule_not_a_flag():
    reading = read_disclosures("I've had a chemical peel before, is microneedling better?", {})
    assert findings_outside_checklist(reading) == []
    assert "recent_skin_stress" in reading["general"]


def test_an_undated_peel_beside_a_real_flag_keeps_both():
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
    ("my step mum is on accutane", "isotretinoin"),
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


def test_me_and_my_partner_is_still_the_visitor(reader):
    assert read(reader, "me and my partner are trying for a baby").findings["pregnancy"].answer is YES
