"""The disclosure reader on stop 44's findings (a probe tester's visitors, each
after "check if I'm suitable"): items told in lay words, breastfeeding
stopped or bottle feeding, medicines named by their own words, moles, a day
of a month, a hedged yes, and a parent who tells of their own medicine while
checking for a daughter."""
from __future__ import annotations

import datetime as dt

import pytest

from clinic_assistant.screening.items import Answer
from clinic_assistant.text.word_tables import MEDICINE_NAMES

TODAY = dt.date(2026, 12, 4)  # a Friday

YES, NO, UNSURE = Answer.YES, Answer.NO, Answer.UNSURE

pytestmark = pytest.mark.skipif(not MEDICINE_NAMES.exists(), reason="build/medicine_names.json missing")


def found(reader, text):
    return {item: f.answer for item, f in reader.read(text, today=TODAY).findings.items()}


@pytest.mark.parametrize("text", [
    "I had laser hair removal on my upper lip and chin 3 days ago. nothing else",
    "I had laser hair removal on my face on monday. nothing else",
    "got my top lip lasered yesterday",
])
def test_a_laser_treatment_in_the_week_is_skin_stress(reader, text):
    assert found(reader, text)["recent_skin_stress"] in (YES, UNSURE)


def test_a_laser_treatment_long_ago_is_not(reader):
    assert found(reader, "I had laser hair removal on my legs 2 years ago").get("recent_skin_stress", NO) is NO


@pytest.mark.parametrize("text, item", [
    ("when I get a cut it heals as a big shiny bump. nothing else", "keloid"),
    ("my scars go all lumpy", "keloid"),
    ("my ear piercing scar grew into a big lump", "keloid"),
    ("I bruise like a peach, nothing else applies", "bleeding"),
    ("I get massive bruises from the slightest knock", "bleeding"),
    ("I bruise really badly, like from the slightest knock", "bleeding"),
    ("my gums bleed loads and nosebleeds take ages to stop", "bleeding"),
    ("I react to the numbing injection at the dentist, come out in hives", "anaesthetic_allergy"),
])
def test_items_told_in_lay_words(reader, text, item):
    assert found(reader, text)[item] is YES


def test_a_lay_description_beside_another_item(reader):
    assert found(reader, "I get cold sores and my scars go all lumpy") == {"cold_sores": YES, "keloid": YES}


@pytest.mark.parametrize("text", [
    "I have acne scars and bumps on my cheeks",  # what the treatment is for
    "my scars don't go lumpy",
    "my scars heal flat",
    "microneedling or laser for acne scars",
    "do you do laser hair removal?",
])
def test_no_lay_description_where_none_is_told(reader, text):
    assert not {item: a for item, a in found(reader, text).items() if a in (YES, UNSURE)}


def test_a_lay_description_asked_in_general(reader):
    reading = reader.read("how long after laser hair removal can I have microneedling", today=TODAY)
    assert not reading.findings and reading.general == ["recent_skin_stress"]


def test_breastfeeding_stopped_last_month_is_no(reader):
    assert found(reader, "I stopped breastfeeding last month. none of the others") == {"pregnancy": NO}
    # a medicine stopped days ago still counts (helper-62)
    assert found(reader, "I stopped my blood thinners yesterday for the appointment")["bleeding"] is YES


@pytest.mark.parametrize("text", [
    "had my baby in october, she's bottle fed",
    "had my baby in october, I'm bottle feeding",
    "I'm formula feeding",
])
def test_bottle_feeding_is_not_breastfeeding(reader, text):
    reading = reader.read(text, today=TODAY)
    assert reading.findings["pregnancy"].answer is NO
    assert "pregnancy" not in reading.related  # no "Are you breastfeeding at the moment?"


@pytest.mark.parametrize("text", ["my sister is bottle feeding", "I was bottle fed as a baby"])
def test_bottle_feeding_of_someone_else_or_long_ago_answers_nothing(reader, text):
    assert "pregnancy" not in found(reader, text)


def test_a_baby_told_without_how_she_is_fed_is_still_asked(reader):
    reading = reader.read("had a baby 4 months ago", today=TODAY)
    assert not reading.findings and reading.related == ["pregnancy"]


@pytest.mark.parametrize("text, item, said, generic", [
    ("I finished chemo for breast cancer in august, I'm on tamoxifen now", "other_health", "tamoxifen", "tamoxifen"),
    ("I'm on the pill and take levothyroxine", "other_health", "levothyroxine", "levothyroxine"),
    ("I'm a type 1 diabetic on an insulin pump", "immune_metabolic", "insulin", "insulin"),
    # a condition the item's label names keeps its word: "diabetes and metformin"
    ("I have diabetes, well controlled with metformin", "immune_metabolic", "diabetes", "metformin"),
])
def test_a_medicine_is_named_by_its_own_words(reader, text, item, said, generic):
    finding = reader.read(text, today=TODAY).findings[item]
    assert (finding.said.lower(), finding.generic) == (said, generic)


@pytest.mark.parametrize("text", [
    "I have a few moles on my face, otherwise none",
    "a mole on my cheek that's been getting bigger and darker",
])
def test_moles_are_for_a_clinician(reader, text):
    assert found(reader, text)["other_health"] in (YES, UNSURE)


@pytest.mark.parametrize("text, days", [
    ("stopped on 12 august 2026", (114, 114)),
    ("stopped on the 12th of august", (114, 114)),
    ("stopped august 12th, 2026", (114, 114)),
    ("stopped 12/08/2026", (114, 114)),  # 08/12/2026 is still to come
    ("stopped in august", (95, 125)),
])
def test_a_day_of_a_month_is_a_date_not_a_line(reader, text, days):
    reading = reader.read(text, today=TODAY)
    assert reading.times == [days]
    assert reading.numbers == []


def test_a_line_number_still_reads(reader):
    assert reader.read("12 and 3", today=TODAY).numbers == [12, 3]


def test_isotretinoin_stopped_on_a_day_is_dated(reader):
    finding = reader.read("I stopped roaccutane on 12 august 2026", today=TODAY).findings["isotretinoin"]
    assert finding.answer is YES and finding.days_ago == [(114, 114)]
    assert reader.read("I stopped roaccutane on 12 january 2026", today=TODAY).findings["isotretinoin"].answer is NO


def test_a_hedged_yes_is_read_with_what_it_names(reader):
    reading = reader.read("I think so, I had eczema as a kid but not anymore", today=TODAY)
    assert found(reader, "I think so, I had eczema as a kid but not anymore") == {"inflammatory_skin": NO}
    assert not reading.unsure
    assert reader.read("I think so", today=TODAY).unsure  # alone, a doubt about the list
    assert reader.read("not sure, I had eczema as a kid", today=TODAY).unsure


def test_a_parent_checking_for_a_daughter(reader):
    reading = reader.read("she's on roaccutane, and I'm on warfarin myself but it's for her", today=TODAY)
    assert reading.findings == {}
    assert reading.general == ["isotretinoin"]  # the daughter's, for her checklist
    assert reader.read("roaccutane, its for my daughter", today=TODAY).general == ["isotretinoin"]


@pytest.mark.parametrize("text", ["I'm on warfarin, it's for my daughter's wedding", "its for her birthday, im on warfarin"])
def test_for_an_occasion_is_the_visitors_own(reader, text):
    assert found(reader, text)["bleeding"] is YES


@pytest.mark.parametrize("text", ["what about over a mole", "can you do it over a mole?", "my mum has moles"])
def test_moles_asked_about_have_no_rule_to_tell(reader, text):
    reading = reader.read(text, today=TODAY)
    assert not reading.findings and not reading.general  # clinic_assistant/not_covered.py answers
