"""The disclosure reader (docs/design.md §4.3, §5; issue 11): every message is read
for every screening item, whatever was asked.

`DisclosureReader.read` returns a Reading: the items the visitor told about
themselves (findings, each yes / no / unsure), the items asked about in
general, and the bare answers only the dialogue can place ("none of these",
numbers, yes / no / not sure, the dates of an answer to "when did you last
...?").

The items are the ones in clinic.yml, the medicine classes those of
data/lexicon/medicines.yml, brand names resolved through
build/medicine_names.json (`make build/medicine_names.json`). Every case
passes a fixed `today`, so time windows (isotretinoin 183 days, cancer
treatment 365, skin stress 7) do not depend on when the suite runs. Where an
answer is genuinely ambiguous the safe reading is UNSURE (a clinician reviews
it), never NO.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from pathlib import Path

import pytest
import yaml

from clinic_assistant.screening.items import Answer
from clinic_assistant.screening.lexicon import load_lexicon
from clinic_assistant.screening.reader import DisclosureReader, load_items, reader_for
from clinic_assistant.screening.timeframes import when_answer
from clinic_assistant.text.word_tables import MEDICINE_NAMES

ROOT = Path(__file__).resolve().parents[2]
CLINIC = ROOT / "clinic.yml"
TODAY = dt.date(2024, 6, 15)  # a Saturday in mid-June

YES, NO, UNSURE, UNKNOWN = Answer.YES, Answer.NO, Answer.UNSURE, Answer.UNKNOWN

pytestmark = pytest.mark.skipif(
    not MEDICINE_NAMES.exists(), reason="build/medicine_names.json missing: make build/medicine_names.json"
)


@pytest.fixture(scope="module")
def reader() -> DisclosureReader:
    return reader_for(CLINIC.read_text(encoding="utf-8"))


def flagged(reading):
    """What needs a clinician: the items read as yes or not sure."""
    return {item: f.answer for item, f in reading.findings.items() if f.answer in (YES, UNSURE)}


def found(reader, text, today=TODAY, lead_days=0):
    """The items the visitor told about themselves, with their answers."""
    return {item: finding.answer for item, finding in reader.read(text, today=today, lead_days=lead_days).findings.items()}


# --- Configuration ------------------------------------------------------------------
def test_items_come_from_the_clinic_configuration():
    config = yaml.safe_load(CLINIC.read_text(encoding="utf-8"))
    items = {item.id: item for item in load_items(config, load_lexicon(config))}
    assert list(items) == [str(raw["id"]) for raw in config["screening"]["items"]]
    assert len(items) == 12 and list(items)[-1] == "other_health"
    assert items["isotretinoin"].within_days == 183
    assert items["cancer_treatment"].within_days == 365
    assert items["recent_skin_stress"].within_days == 7
    assert items["pregnancy"].within_days is None
    assert items["keloid"].history_counts and items["cold_sores"].history_counts
    assert not items["bleeding"].history_counts
    # the medicine classes' names join the item they answer
    assert {"accutane", "roaccutane", "absorica"} <= set(items["isotretinoin"].terms)
    assert {"warfarin", "eliquis", "xarelto", "plavix", "baby aspirin"} <= set(items["bleeding"].terms)
    assert {"humira", "methotrexate", "prednisolone"} <= set(items["immune_metabolic"].terms)
    assert "tretinoin" in items["recent_skin_stress"].terms
    # an anaesthetic counts only as an allergy: its names are no term of the item
    assert "lidocaine" not in items["anaesthetic_allergy"].terms
    # one shared reader per configuration text
    text = CLINIC.read_text(encoding="utf-8")
    assert reader_for(text) is reader_for(text)


# --- Bare answers: only the dialogue knows what they answer -----------------------------
@pytest.mark.parametrize(
    "item, text, expected",
    [
        ("pregnancy", "yep", YES),
        ("pregnancy", "Yes", YES),
        ("pregnancy", "nope", NO),
        ("pregnancy", "No.", NO),
        ("pregnancy", "idk", UNSURE),
        ("pregnancy", "maybe", UNSURE),
        ("bleeding", "not sure", UNSURE),
        ("bleeding", "nah", NO),
        ("bleeding", "I don't know", UNSURE),
        ("keloid", "y", YES),
        ("keloid", "n", NO),
        ("keloid", "i can't remember", UNSURE),
        ("keloid", "yes and no", UNSURE),
        ("isotretinoin", "yes", YES),
        ("isotretinoin", "no", NO),
        ("isotretinoin", "never", NO),
        ("recent_skin_stress", "nope, none of those", NO),
        ("immune_metabolic", "\U0001f44d", YES),
    ],
)
def test_direct_answers(reader, item, text, expected):
    reading = reader.read(text, today=TODAY)
    said = {YES: reading.yes and not reading.no, NO: reading.no and not reading.yes,
            UNSURE: reading.unsure or (reading.yes and reading.no)}
    assert said[expected] and not reading.findings


# --- Free text naming an item ----------------------------------------------------------
@pytest.mark.parametrize(
    "item, text, expected",
    [
        ("bleeding", "yeah I take warfarin", YES),
        ("pregnancy", "I'm 20 weeks pregnant", YES),
        ("pregnancy", "I'm breastfeeding my 4 month old", YES),
        ("pregnancy", "we're trying to conceive", YES),
        ("pregnancy", "no, but we are trying for a baby", YES),
        ("inflammatory_skin", "my exema is bad right now", YES),
        ("bleeding", "only baby aspirin", YES),
        ("bleeding", "just a baby aspirin every morning", YES),
        ("pregnancy", "not anymore, I stopped breastfeeding", NO),
        ("isotretinoin", "I took accutane", UNSURE),  # taken, but when?
        ("pregnancy", "I'm not pregnant but I take eliquis", NO),
        ("bleeding", "I'm not pregnant but I take eliquis", YES),
        ("keloid", "I get keloids on my ears", YES),
        ("keloid", "just normal flat scars", UNKNOWN),
        ("inflammatory_skin", "my rosacea is flaring", YES),
        ("immune_metabolic", "I have type 1 diabetes", YES),
        ("pregnancy", "12 weeks along", YES),
        ("pregnancy", "ttc", YES),
        ("pregnancy", "we have a baby on the way", YES),
        ("bleeding", "I take Eliqu\u00eds", YES),  # accents dropped
        ("bleeding", "war\u200bfarin daily", YES),  # zero-width space removed
        ("bleeding", "WARFARIN", YES),
    ],
)
def test_free_text(reader, item, text, expected):
    finding = reader.read(text, today=TODAY).findings.get(item)
    assert (finding.answer if finding else UNKNOWN) is expected


# --- Each item: own and current, negated, not the visitor's -----------------------------
@pytest.mark.parametrize(
    "text, item, expected",
    [
        # 1 pregnancy
        ("I'm breastfeeding", "pregnancy", YES),
        ("I'm 5 months pregnant, does that matter?", "pregnancy", YES),
        ("we're trying to conceive at the moment", "pregnancy", YES),
        ("me and my partner are trying for a baby", "pregnancy", YES),  # not "my partner" alone
        ("my husband and I are trying to conceive", "pregnancy", YES),
        ("I'm not pregnant", "pregnancy", NO),
        ("never been pregnant", "pregnancy", NO),
        ("I'm not breastfeeding anymore", "pregnancy", NO),
        # 2 isotretinoin
        ("I'm on Roaccutane", "isotretinoin", YES),
        ("currently taking isotretinoin", "isotretinoin", YES),
        ("never taken accutane", "isotretinoin", NO),
        ("I don't take Absorica", "isotretinoin", NO),
        # 3 active skin problem
        ("I have active acne on my cheeks", "active_skin_problem", YES),
        ("I have an open wound on my chin", "active_skin_problem", YES),
        ("I don't have any spots at the moment", "active_skin_problem", NO),
        ("ive got acne at the moment", "active_skin_problem", YES),  # "acne" alone is active acne
        ("i had acne as a teenager", "active_skin_problem", NO),
        # a concern the treatment is for, inside which a term names nothing (not_within)
        ("I have acne scars on my cheeks", "active_skin_problem", None),
        ("i have bad acne scarring", "active_skin_problem", None),
        ("dark spots from old acne", "active_skin_problem", None),
        ("i get age spots on my hands", "active_skin_problem", None),
        ("my acne scars and a few active spots", "active_skin_problem", YES),
        ("my acne is gone now, just scars left", "active_skin_problem", NO),
        # a diagnosis stays: "was" makes it no past episode
        ("i was diagnosed with diabetes last year", "immune_metabolic", YES),
        ("i was diagnosed with lupus", "inflammatory_skin", YES),
        # in everyday words
        ("my blood doesnt clot properly, is microneedling ok for me", "bleeding", YES),
        ("i bleed for ages when i cut myself", "bleeding", YES),
        ("when i get cut i get these raised lumpy scars", "keloid", YES),
        ("i sometimes get little blisters on my lip", "cold_sores", YES),
        # the pill is on no line (clinic.yml screening.not_screened): tests/unit/test_reader_stop45.py
        # 4 inflammatory skin
        ("I have rosacea", "inflammatory_skin", YES),
        ("I've got psoriasis on my elbows", "inflammatory_skin", YES),
        ("I have lupus", "inflammatory_skin", YES),
        ("my excema is bad on my cheeks", "inflammatory_skin", YES),
        ("I don't have eczema", "inflammatory_skin", NO),
        # 5 keloid (ever)
        ("yes I get keloids", "keloid", YES),
        ("I had a keloid on my chest years ago", "keloid", YES),  # a past one counts
        ("no keloids", "keloid", NO),
        ("I've never had raised scars", "keloid", NO),
        ("I've never had keloids", "keloid", NO),
        # 6 bleeding
        ("I have haemophilia", "bleeding", YES),
        ("I bruise easily", "bleeding", YES),
        ("I take a baby aspirin every day", "bleeding", YES),
        ("I have von Willebrand disease", "bleeding", YES),
        ("I have a bleeding condition, does that matter?", "bleeding", YES),
        ("I've got a blood disorder", "bleeding", YES),
        ("no clotting problems", "bleeding", NO),
        ("no bleeding disorders", "bleeding", NO),
        ("I don't take any blood thinners", "bleeding", NO),
        ("I do not take aspirin", "bleeding", NO),
        # 7 immune / metabolic
        ("I'm diabetic", "immune_metabolic", YES),
        ("I have rheumatoid arthritis", "immune_metabolic", YES),
        ("I'm immunocompromised", "immune_metabolic", YES),
        ("I'm not diabetic", "immune_metabolic", NO),
        # 8 cancer treatment
        ("yes I'm currently on chemo", "cancer_treatment", YES),
        ("I'm having chemo therapy at the moment", "cancer_treatment", YES),
        ("I have never had chemo", "cancer_treatment", NO),
        # 9 recent skin stress
        ("I got a spray tan yesterday", "recent_skin_stress", YES),
        ("I use tretinoin every night", "recent_skin_stress", YES),
        ("no sunburn, no peel, no retinol", "recent_skin_stress", NO),
        # 10 anaesthetic allergy
        ("I'm allergic to numbing cream", "anaesthetic_allergy", YES),
        ("I'm allergic to lidocaine", "anaesthetic_allergy", YES),
        ("I have an allergy to local anaesthetic", "anaesthetic_allergy", YES),
        ("i react to numbing creams, came up in hives last time", "anaesthetic_allergy", YES),
        ("I had a reaction to lidocaine at the dentist", "anaesthetic_allergy", YES),  # an allergy is for life
        # 11 cold sores (ever)
        ("I get cold sores", "cold_sores", YES),
        ("I had cold sores as a child", "cold_sores", YES),  # a history counts
        ("I've never had a cold sore", "cold_sores", NO),
        ("I don't get cold sores", "cold_sores", NO),
        # 12 anything else
        ("I have asthma", "other_health", YES),
        ("I have high blood pressure", "other_health", YES),
        ("I'm on Lipitor", "other_health", YES),  # any other medicine, by its brand name
        ("I take Tylenol every day", "other_health", YES),
        ("I don't take any medication", "other_health", NO),
    ],
)
def test_each_item(reader, text, item, expected):
    assert found(reader, text).get(item) is expected


# --- Brand and generic names, named back to the visitor ---------------------------------
@pytest.mark.parametrize(
    "text, item, said, generic, called",
    [
        ("I take Eliquis twice a day", "bleeding", "Eliquis", "apixaban", "a blood thinner"),
        ("I'm on Xarelto", "bleeding", "Xarelto", "rivaroxaban", "a blood thinner"),
        ("I take warfarin", "bleeding", "warfarin", "warfarin", "a blood thinner"),
        ("I'm on Plavix since my stent", "bleeding", "Plavix", "clopidogrel", "a blood thinner (an antiplatelet medicine)"),
        ("I take Valtrex for cold sores", "cold_sores", "Valtrex", "valacyclovir", "an antiviral used for cold sores"),
        ("I'm on Roaccutane", "isotretinoin", "Roaccutane", "isotretinoin", "isotretinoin"),
        ("yes, Absorica right now", "isotretinoin", "Absorica", "isotretinoin", "isotretinoin"),
        ("I'm on Humira", "immune_metabolic", "Humira", "adalimumab", "a medicine that dampens the immune system"),
        ("I take prednisolone every day", "immune_metabolic", "prednisolone", "prednisolone", "a steroid medicine"),
        ("I'm on methotrexate for my RA", "immune_metabolic", "methotrexate", "methotrexate",
         "a medicine that dampens the immune system"),
        ("I'm allergic to lidocaine", "anaesthetic_allergy", "lidocaine", "lidocaine", "a local anaesthetic"),
        ("I'm on Lipitor", "other_health", "Lipitor", "atorvastatin", "a medicine"),
    ],
)
def test_brand_names_are_resolved_and_named(reader, text, item, said, generic, called):
    finding = reader.read(text, today=TODAY).findings[item]
    assert finding.answer is YES
    assert finding.said == said  # the visitor's own spelling, to name it back
    assert finding.generic.startswith(generic)  # Roaccutane: "isotretinoin capsules"
    assert finding.called == called


@pytest.mark.parametrize(
    "item, text",
    [
        ("bleeding", "rivaroxaban"),
        ("bleeding", "apixaban 5mg"),
        ("bleeding", "plavix"),
        ("bleeding", "coumadin"),
        ("isotretinoin", "I'm currently on Roaccutane"),
        ("recent_skin_stress", "Retin-A most nights"),
        ("recent_skin_stress", "I'm on differin"),
        ("cold_sores", "valtrex"),
        ("immune_metabolic", "humira injections"),
        # misspellings
        ("bleeding", "I take eliqis"),
        ("bleeding", "on warfrin"),
        ("bleeding", "xarleto daily"),
        ("pregnancy", "pregnet"),
        ("pregnancy", "im pregnat"),
        ("isotretinoin", "currently on acutane"),
        ("isotretinoin", "still taking accutain"),
        ("isotretinoin", "I'm on isotretinion"),
    ],
)
def test_names_and_misspellings_read_as_yes(reader, item, text):
    assert found(reader, text)[item] is YES


# --- Negation ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "item, text",
    [
        ("bleeding", "I don't take any blood thinners"),
        ("bleeding", "not on warfarin or anything like that"),
        ("bleeding", "no blood thinners"),
        ("bleeding", "I'm not on Eliquis or Xarelto"),
        ("bleeding", "I do not take aspirin"),
        ("pregnancy", "I'm not pregnant"),
        ("pregnancy", "never been pregnant"),
        ("pregnancy", "not breastfeeding"),
        ("keloid", "no keloids"),
        ("keloid", "I've never had raised scars"),
        ("cancer_treatment", "I have never had chemo"),
        ("isotretinoin", "never taken accutane"),
        ("recent_skin_stress", "no sunburn, no peel, no retinol"),
        ("immune_metabolic", "I don't take methotrexate"),
        ("cold_sores", "no cold sores"),
    ],
)
def test_negated_terms_read_as_no(reader, item, text):
    assert found(reader, text)[item] is NO
    assert found(reader, text)[item] is NO


# --- Time windows --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "item, text, today, expected",
    [
        # isotretinoin: within 183 days
        ("isotretinoin", "stopped accutane last year", dt.date(2024, 11, 20), NO),
        ("isotretinoin", "stopped accutane last year", dt.date(2024, 2, 10), UNSURE),  # Dec is 6 weeks ago
        ("isotretinoin", "finished accutane 2 years ago", TODAY, NO),
        ("isotretinoin", "stopped accutane last month", TODAY, YES),
        ("isotretinoin", "I took accutane in March", TODAY, YES),
        ("isotretinoin", "I took accutane in March", dt.date(2024, 2, 10), NO),  # March 2023
        ("isotretinoin", "I've been on accutane since 2019", TODAY, YES),
        ("isotretinoin", "stopped accutane in 2019", TODAY, NO),
        ("isotretinoin", "I've been off accutane since 2019", TODAY, NO),
        ("isotretinoin", "currently", TODAY, YES),
        ("isotretinoin", "yes, 3 weeks ago", TODAY, YES),
        ("isotretinoin", "8 months ago", TODAY, NO),
        ("isotretinoin", "about 6 months ago", TODAY, UNSURE),  # on the edge of the window
        ("isotretinoin", "over a year ago", TODAY, NO),
        ("isotretinoin", "I took it as a teenager", TODAY, NO),
        ("isotretinoin", "took accutane a while ago", TODAY, UNSURE),
        ("isotretinoin", "I finished my course in January 2024", TODAY, YES),
        ("isotretinoin", "I finished my course in November 2023", TODAY, NO),
        ("isotretinoin", "yes, within the last 6 months", TODAY, YES),
        ("isotretinoin", "I finished Absorica last month", TODAY, YES),
        ("isotretinoin", "I stopped Roaccutane 2 years ago", TODAY, NO),
        # chemotherapy / radiotherapy: within 365 days
        ("cancer_treatment", "finished chemo 2 years ago", TODAY, NO),
        ("cancer_treatment", "I had radiotherapy last month", TODAY, YES),
        ("cancer_treatment", "chemo in 2019", TODAY, NO),
        ("cancer_treatment", "yes I'm currently on chemo", TODAY, YES),
        # sunburn, tan, peel, retinoids: within 7 days
        ("recent_skin_stress", "I got sunburnt yesterday", TODAY, YES),
        ("recent_skin_stress", "I had a chemical peel 3 weeks ago", TODAY, NO),
        ("recent_skin_stress", "stopped retinol 2 days ago", TODAY, YES),
        ("recent_skin_stress", "stopped tretinoin a month ago", TODAY, NO),
        ("recent_skin_stress", "I was sunburnt last week", TODAY, UNSURE),  # 6 to 12 days ago
        ("recent_skin_stress", "I had my face peeled 3 days ago", TODAY, YES),
        # more isotretinoin dates
        ("isotretinoin", "Dec 2023", TODAY, UNSURE),  # 167 to 197 days ago: straddles 183
        ("isotretinoin", "stopped it 7 months ago", TODAY, NO),
        ("isotretinoin", "stopped 4 months ago", TODAY, YES),
        ("isotretinoin", "haven't had it since 2021", TODAY, NO),
        ("isotretinoin", "I haven't taken it in 2 years", TODAY, NO),
        ("isotretinoin", "a couple of years ago", TODAY, NO),
        ("isotretinoin", "back in 2022", TODAY, NO),
        ("isotretinoin", "off it for 2 months", TODAY, YES),
        ("isotretinoin", "is 3 months ago ok?", TODAY, YES),
        ("cancer_treatment", "radiation last year", TODAY, UNSURE),  # 2023: 167 to 531 days ago
        ("cancer_treatment", "I finished chemotherapy 6 months ago", TODAY, YES),
        ("cancer_treatment", "I'm in remission, last chemo was 5 years ago", TODAY, NO),
        ("cancer_treatment", "no, it was 3 years ago, can I still do it?", TODAY, NO),
    ],
)
def test_time_windows(reader, item, text, today, expected):
    """A term names the item itself; a bare date answers "when did you last ...?"."""
    reading = reader.read(text, today=today)
    if item in reading.findings:
        assert reading.findings[item].answer is expected
    else:
        window = reader._items[item].within_days
        assert when_answer(window, asdict(reading)) == expected.value


@pytest.mark.parametrize(
    "text, item, lead_days, expected",
    [
        # the window is counted back from the appointment, `lead_days` ahead
        ("I had a chemical peel 3 days ago", "recent_skin_stress", 0, YES),
        ("I had a chemical peel 3 days ago", "recent_skin_stress", 10, NO),  # 13 days before it
        ("I got sunburnt yesterday", "recent_skin_stress", 3, YES),  # 4 days before it
        ("I stopped accutane 5 months ago", "isotretinoin", 0, YES),  # 140 to 155 days
        ("I stopped accutane 5 months ago", "isotretinoin", 60, NO),  # 200 days or more before it
        ("I finished chemo 10 months ago", "cancer_treatment", 0, YES),
        ("I finished chemo 10 months ago", "cancer_treatment", 90, NO),
        # still taking it: yes, however far off the appointment is
        ("I'm still on accutane", "isotretinoin", 200, YES),
    ],
)
def test_time_windows_end_at_the_appointment(reader, text, item, lead_days, expected):
    assert found(reader, text, lead_days=lead_days)[item] is expected
    reading = reader.read(text, today=TODAY, lead_days=lead_days)
    if item in reading.findings:
        assert reading.findings[item].answer is expected
    else:
        window = reader._items[item].within_days
        assert when_answer(window, {**asdict(reading), "lead_days": lead_days}) == expected.value


# --- Several items in one message ---------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("I'm not pregnant but I take eliquis", {"pregnancy": NO, "bleeding": YES}),
        ("I take warfarin and I get keloids", {"bleeding": YES, "keloid": YES}),
        ("I take Eliquis and I'm pregnant and I get cold sores", {"bleeding": YES, "pregnancy": YES, "cold_sores": YES}),
        ("I'm breastfeeding and I'm on Humira", {"pregnancy": YES, "immune_metabolic": YES}),
        ("I'm not on blood thinners, not pregnant, never had keloids", {"bleeding": NO, "pregnancy": NO, "keloid": NO}),
        ("no keloids, no cold sores", {"keloid": NO, "cold_sores": NO}),
        ("I stopped accutane 2 years ago but I have rosacea", {"isotretinoin": NO, "inflammatory_skin": YES}),
        ("not pregnant, but I had a chemical peel 3 days ago and I take Plavix",
         {"pregnancy": NO, "recent_skin_stress": YES, "bleeding": YES}),
    ],
)
def test_several_items_in_one_message(reader, text, expected):
    assert found(reader, text) == expected


def test_a_whole_checklist_answered_in_words(reader):
    text = (
        "not pregnant, no accutane, no eczema or anything, no keloids, no blood thinners, not diabetic, "
        "never had chemo, no sunburn or peels, dont get cold sores, and no other health issues"
    )
    answers = found(reader, text)
    assert answers and set(answers.values()) == {NO}
    assert {"pregnancy", "isotretinoin", "keloid", "bleeding", "cancer_treatment", "cold_sores"} <= set(answers)


# --- Personal or general --------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, items",
    [
        ("can you have it while breastfeeding?", ["pregnancy"]),
        ("is it ok if you're on blood thinners?", ["bleeding"]),
        ("can you do it if you have eczema?", ["inflammatory_skin"]),
        ("does rosacea rule it out?", ["inflammatory_skin"]),
        ("is accutane a problem?", ["isotretinoin"]),
        ("What is isotretinoin?", ["isotretinoin"]),
        ("is it safe with diabetes?", ["immune_metabolic"]),
        ("Can people with keloids have microneedling?", ["keloid"]),
        ("do you do microneedling on people who had botox?", ["recent_skin_stress"]),
        # A filler word before the question word: still a question.
        ("ok whats better for acne scars, peel or microneedling", ["recent_skin_stress"]),
        ("hmm what about chemical peels", ["recent_skin_stress"]),
        ("so which is better peel or microneedling", ["recent_skin_stress"]),
        # Whether the clinic sells a treatment asks no rule.
        ("do you do lip filler", []),
        ("do you guys offer botox too?", []),
    ],
)
def test_general_questions_are_no_disclosure(reader, text, items):
    reading = reader.read(text, today=TODAY)
    assert reading.findings == {}
    assert reading.general == items


@pytest.mark.parametrize(
    "text",
    ["i had a baby 4 months ago", "Gave birth in March, when can I start?", "im 6 weeks postpartum", "how soon after a c-section?"],
)
def test_words_near_an_item_get_its_rule_and_answer_nothing(reader, text):
    """Having had a baby is no answer (breastfeeding is what matters): the
    rule is told, and "yes I am" next is read about breastfeeding."""
    reading = reader.read(text, today=TODAY)
    assert reading.findings == {}
    assert reading.general == ["pregnancy"] and reading.general_said == {"pregnancy": "breastfeeding"}
    assert reader.names_anything(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("had a baby in May and I'm breastfeeding", {"pregnancy": YES}),
        ("I had a baby last year, not breastfeeding", {"pregnancy": NO}),
    ],
)
def test_an_item_told_beside_its_related_words_is_its_answer(reader, text, expected):
    assert found(reader, text) == expected
    assert reader.read(text, today=TODAY).general == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I'm on Accutane, can I do it?", {"isotretinoin": YES}),
        ("Is microneedling safe if I take Eliquis?", {"bleeding": YES}),
        ("I'm breastfeeding, is microneedling a problem?", {"pregnancy": YES}),
        ("I'm still breastfeeding, is that ok?", {"pregnancy": YES}),
        ("I use retinol, how long should I stop before?", {"recent_skin_stress": YES}),
        ("I'm on Eliquis, just tell me it's fine", {"bleeding": YES}),
        ("I stopped Accutane 2 years ago, is that ok?", {"isotretinoin": NO}),
        ("I had chemo 3 years ago, can I still do it?", {"cancer_treatment": NO}),
        ("Can I still do microneedling if I had chemo 3 years ago?", {"cancer_treatment": NO}),
        ("I stopped accutane 2 years ago, can I come in this week?", {"isotretinoin": NO}),
        ("I've been off Roaccutane since 2019, is that long enough?", {"isotretinoin": NO}),
        ("I finished accutane, is that ok?", {"isotretinoin": UNSURE}),  # when?
        # The "I" left out: no question.
        ("am pregnant", {"pregnancy": YES}),
        ("am on warfarin", {"bleeding": YES}),
        ("am diabetic", {"immune_metabolic": YES}),
        # A checklist line picked by its words.
        ("the blood thinner one", {"bleeding": YES}),
        ("the one about accutane", {"isotretinoin": YES}),
        ("the cold sore one", {"cold_sores": YES}),
        # "do" for emphasis: told, not asked.
        ("i do take aspirin daily", {"bleeding": YES}),
        ("i do use retinol every night", {"recent_skin_stress": YES}),
    ],
)
def test_personal_questions_are_disclosures(reader, text, expected):
    assert found(reader, text) == expected


# --- Not the visitor, not real, not now ----------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        # someone else
        "my mum gets cold sores",
        "my husband takes warfarin",
        "my sister is on Accutane",
        "my friend is pregnant, can she have it?",
        "asking for a friend, she's on accutane",
        # hypothetical
        "what if I were pregnant?",
        "what if I started accutane next year?",
        "suppose I was on blood thinners",
        # not the visitor's words at all
        "Can I get microneedling?",
        "Hi, how much is a full-face session?",
        "I'd like to book a consultation for acne scars",
        "will you use lidocaine?",  # an anaesthetic named, no allergy
        "I use vitamin c serum",  # skincare, not a medicine
        "I use hyaluronic acid",
    ],
)
def test_someone_else_or_hypothetical_is_no_disclosure(reader, text):
    assert flagged(reader.read(text, today=TODAY)) == {}


@pytest.mark.parametrize(
    "text, flags",
    [
        # The allergy is to something else, the anaesthetic only asked about.
        ("what about numbing cream, im allergic to plasters", {"other_health": YES}),
        ("im allergic to penicillin, will you use numbing cream", {"other_health": YES}),
        ("allergic to penicillin and lidocaine", {"other_health": YES, "anaesthetic_allergy": YES}),
        ("lidocaine gave me a bad reaction", {"anaesthetic_allergy": YES}),
    ],
)
def test_an_allergy_is_recorded_against_what_it_names(reader, text, flags):
    assert flagged(reader.read(text, today=TODAY)) == flags


@pytest.mark.parametrize(
    "text, item",
    [
        ("I had eczema as a child", "inflammatory_skin"),
        # psoriasis, vitiligo and lupus ended stay not sure (clinic.yml history_terms, stop 45)
        ("I had rosacea years ago but it's gone", "inflammatory_skin"),
        ("I used to take warfarin", "bleeding"),
        ("I'm not breastfeeding anymore", "pregnancy"),
    ],
)
def test_a_past_condition_is_not_a_current_one(reader, text, item):
    assert found(reader, text).get(item, NO) is NO


# --- Medicine questions are not disclosures (they are medical_advice) ------------------------
@pytest.mark.parametrize(
    "text",
    [
        "can I take advil after?",
        "can I take ibuprofen after?",
        "should I take Valtrex before?",
        "can I take tylenol before?",
        "should I put antibiotic cream on?",
        "should I take an antiviral before?",
        "can I still take my vitamins?",
        "can I use my retinol after?",
    ],
)
def test_medicine_questions_are_no_disclosure(reader, text):
    reading = reader.read(text, today=TODAY)
    assert reading.findings == {} and reading.general == []


@pytest.mark.parametrize(
    "text, asks",
    [
        ("can I take advil after?", True),
        ("how much paracetamol can I take?", True),
        ("should I take Valtrex before?", True),
        ("should I put antibiotic cream on?", True),
        ("is it ok to take ibuprofen for the pain?", True),
        ("should I stop my Xarelto?", True),
        ("I'm on Eliquis", False),
        ("I take Valtrex for cold sores", False),
        ("how much does it cost?", False),
        ("can I use my tretinoin after?", True),
        # Skincare retinol: the aftercare and preparation answers', no disclosure either.
        ("can I use my retinol after?", False),
        ("should I stop my retinol before?", False),
    ],
)
def test_a_question_about_taking_a_medicine_is_marked(reader, text, asks):
    # docs/design.md §2: medical_advice whatever the classifier says
    assert reader.read(text, today=TODAY).medicine_question is asks


@pytest.mark.parametrize(
    "text",
    [
        "should I stop my Xarelto?",
        "should I stop my warfarin before the treatment?",
        "do I need to stop my Eliquis before?",
        "can I pause my blood thinners for a few days?",
    ],
)
def test_asking_to_stop_ones_own_medicine_tells_one_takes_it(reader, text):
    # "my Xarelto": the visitor takes it now; never read as stopped (NO)
    assert found(reader, text) == {"bleeding": YES}


@pytest.mark.parametrize(
    "text, item",
    [
        ("im breastfeeding but stopping in a month", "pregnancy"),
        ("on warfarin but coming off it in 2 weeks", "bleeding"),
        ("i take eliquis, going to stop it next week", "bleeding"),
        ("i'll stop breastfeeding soon", "pregnancy"),
        ("im finishing my accutane course next month", "isotretinoin"),
        # A stop tried, wanted or told of: the medicine is still taken (stop 38;
        # "i tried to stop my warfarin but couldnt" had read as stopped, NO).
        ("i tried to stop my warfarin but couldnt", "bleeding"),
        ("i want to stop warfarin", "bleeding"),
        ("i was told to stop my eliquis before", "bleeding"),
        ("i have tried to come off warfarin", "bleeding"),
    ],
)
def test_a_stop_still_to_come_leaves_the_item_current(reader, text, item):
    # Read as stopped, they had cleared the checklist ("Nothing ... rules it out").
    assert found(reader, text) == {item: YES}


@pytest.mark.parametrize(
    "text, item",
    [("i stopped breastfeeding last month", "pregnancy"), ("i came off warfarin last year", "bleeding")],
)
def test_a_stop_that_happened_is_still_past(reader, text, item):
    assert found(reader, text) == {item: NO}


@pytest.mark.parametrize("text", ["ive tried peels", "i tried botox before and didnt like it", "i tried accutane"])
def test_what_was_tried_is_past_and_asks_when(reader, text):
    # "ive tried peels" had read as a peel now (YES) and gone to a clinician;
    # tried, with no date, is past: when it was decides (UNSURE).
    assert set(found(reader, text).values()) == {UNSURE}


@pytest.mark.parametrize(
    "text, told",
    [
        ("can i go on a sunbed before my appointment", {}),
        ("how long after can i get a spray tan", {}),
        ("can i get botox the same week", {}),
        ("i went on a sunbed yesterday", {"recent_skin_stress": YES}),
        ("can i have it if i have eczema", {"inflammatory_skin": YES}),
    ],
)
def test_asking_whether_to_do_it_tells_nothing(reader, text, told):
    assert found(reader, text) == told


@pytest.mark.parametrize(
    "text, item",
    [("i have hashimotos does that count", "immune_metabolic"), ("i have graves disease", "immune_metabolic"),
     ("i bruise super easily", "bleeding"), ("i have hep c", "other_health")],
)
def test_conditions_named_in_lay_words(reader, text, item):
    assert found(reader, text) == {item: YES}


def test_ms_only_as_a_condition(reader):
    assert found(reader, "i have ms and celiac") == {"immune_metabolic": YES}
    assert found(reader, "hi ms smith here") == {}


# --- "None of these", numbers, bare answers ----------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["none of these", "None of those apply", "no to all", "nothing on the list", "n/a", "I'm healthy",
     "none of those apply, I'm healthy and on no medication"],
)
def test_none_of_these(reader, text):
    reading = reader.read(text, today=TODAY)
    assert reading.none
    assert flagged(reading) == {}


@pytest.mark.parametrize("text", ["nothing else", "otherwise no", "that's all", "no others"])
def test_nothing_else(reader, text):
    reading = reader.read(text, today=TODAY)
    assert reading.rest_none and flagged(reading) == {}


@pytest.mark.parametrize(
    "text, numbers",
    [
        ("3 and 6", [3, 6]),
        ("1, 4 and 12", [1, 4, 12]),
        ("2", [2]),
        ("#5", [5]),
        ("number 7", [7]),
        ("6,11", [6, 11]),
        ("13", []),  # there are 12 items
        ("2 weeks", []),
        ("I'm 20 weeks pregnant", []),
        ("6 months ago", []),
        ("at 10am", []),
        ("0.5 mm", []),
        ("can i come in tomorrow at 3", []),  # a time
        ("3:30 on friday?", []),
        ("is $5 off still on", []),
        ("1-3", [1, 2, 3]),  # a range is every line in it
        ("2 to 5 and 9", [2, 3, 4, 5, 9]),
        ("the last one", [12]),
        ("3, and the last one", [3, 12]),
        ("is this the last one?", []),
        ("3-6 months ago", []),
    ],
)
def test_checklist_numbers(reader, text, numbers):
    assert reader.read(text, today=TODAY).numbers == numbers


@pytest.mark.parametrize(
    "text, answered, asked",
    [
        ("what does number 7 mean", [], [7]),
        ("whats 11?", [], [11]),
        ("does a fake tan count for 9?", [], [9]),
        ("is 4 including dandruff", [], [4]),
        ("whats the difference between 3 and 11", [], [3, 11]),
        ("is 2 about any acne meds or just accutane", [], [2]),
        # Stop 40: after "wait" or "oh" it had recorded the line and raised a ticket.
        ("wait what does 7 mean", [], [7]),
        ("oh what does number 4 mean", [], [4]),
        # An answer with a question after it still answers.
        ("number 3 but its mild, does that count?", [3], []),
        ("7", [7], []),
    ],
)
def test_a_question_about_a_line_is_no_answer(reader, text, answered, asked):
    reading = reader.read(text, today=TODAY)
    assert (reading.numbers, reading.numbers_asked) == (answered, asked)


@pytest.mark.parametrize(
    "text, yes, no, unsure",
    [
        ("yes", True, False, False),
        ("yep", True, False, False),
        ("\U0001f44d", True, False, False),
        ("no", False, True, False),
        ("nope", False, True, False),
        ("n", False, True, False),
        ("not sure", False, False, True),
        ("I don't know", False, True, True),
        ("maybe", False, False, True),
    ],
)
def test_bare_answers(reader, text, yes, no, unsure):
    reading = reader.read(text, today=TODAY)
    assert (reading.yes, reading.no, reading.unsure) == (yes, no, unsure)
    assert reading.findings == {}


def test_dates_for_a_when_question(reader):
    reading = reader.read("about 3 weeks ago", today=TODAY)
    assert reading.times == [(21, 21)]
    assert reader.read("I'm still on it", today=TODAY).current


# --- Unreadable and ordinary words ----------------------------------------------------------------
@pytest.mark.parametrize(
    "item, text",
    [
        ("pregnancy", "asdfghjkl"),
        ("bleeding", "qwerty uiop zxcv"),
        ("isotretinoin", "???"),
        ("keloid", "blah blah"),
        ("recent_skin_stress", ""),
    ],
)
def test_gibberish_is_unknown(reader, item, text):
    assert item not in found(reader, text)


@pytest.mark.parametrize(
    "text",
    [
        "This feels like warfare on my skin",  # warfarin, 2 edits
        "Does the warmth radiating from the pen hurt?",  # radiation
        "Is there an inspection of my skin first?",  # infection
        "I'm an aspiring model",  # aspirin
        "Can a nurse do the treatment?",  # nursing
        "I expected it to be more expensive",  # expecting
        "I spotted your clinic on Instagram",  # spots
        "Does the pen involve any cutting?",  # cut
        "My heroes are the people at the front desk",  # herpes
        "What time do you open on Saturday?",
        "I'm a bit nervous, does it hurt?",
    ],
)
def test_ordinary_words_are_not_terms(reader, text):
    reading = reader.read(text, today=TODAY)
    assert reading.findings == {} and reading.general == []


def test_the_reader_keeps_nothing(reader):
    reader.read("I take Xarelto", today=TODAY)
    assert reader.read("what time do you open?", today=TODAY).findings == {}


@pytest.mark.parametrize(
    "text, item, expected",
    [
        # the appointment date in the same message moves the window's end
        ("I had a peel 5 days ago, my appointment is in 2 weeks", "recent_skin_stress", NO),
        ("I had a peel 5 days ago", "recent_skin_stress", YES),
        ("stopped accutane 5 months ago and my appointment is in 2 months", "isotretinoin", NO),
        ("stopped accutane 5 months ago and my appointment is in 2 weeks", "isotretinoin", YES),
    ],
)
def test_an_appointment_date_in_the_message_counts(reader, text, item, expected):
    assert found(reader, text)[item] is expected


def test_dated_findings_keep_their_dates_for_a_later_appointment_date(reader):
    finding = reader.read("had a peel 3 days ago", today=TODAY).findings["recent_skin_stress"]
    assert finding.answer is YES and finding.days_ago == [(3, 3)]


# --- Long messages --------------------------------------------------------------------
def test_a_long_list_of_medicines_and_conditions_is_read_whole(reader):
    """Its stretches around what it names are longer than CONTEXT_TOKENS
    themselves: they were cut again, to the same text, until Python's
    recursion limit stopped the reader."""
    text = ("Hi, before I book I want to list everything. I take metformin every morning for my diabetes. "
            "I also take warfarin since my clot last year. My doctor put me on isotretinoin in spring. "
            "I use tretinoin cream at night. I had a cold sore last month and took valacyclovir. "
            "I am on lisinopril for blood pressure. I take sertraline daily. I had botox two weeks ago. "
            "I am pregnant, about 10 weeks. I have eczema on my cheeks. I also have psoriasis on my elbows.")
    assert found(reader, text) == {
        "bleeding": YES, "cold_sores": YES, "immune_metabolic": YES, "inflammatory_skin": YES,
        "isotretinoin": YES, "other_health": YES, "pregnancy": YES, "recent_skin_stress": YES,
    }


def test_a_long_story_dates_each_thing_by_its_own_clause(reader):
    """The dates and doubts of one clause were read into another item's: the
    old acne and the peel 3 months ago were "not sure", the bruising missed."""
    text = ("well i had acne as a teen and now just scars, i did a peel like 3 months ago, "
            "no meds except vitamin d and i bruise kinda easy but not crazy")
    assert flagged(reader.read(text, today=TODAY)) == {"bleeding": YES}


def test_a_long_message_is_read_around_what_it_names(reader):
    filler = "I have been reading a lot about the treatment and I have some questions about it. " * 8
    assert found(reader, filler + "I am on warfarin. " + filler) == {"bleeding": YES}


# --- Words that name nothing of the visitor's ----------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "is it possible do microneedling when i have my period",  # "have my" is not "have ms"
        "is my face ok to be red like sunburn on day 2?",  # how the skin looks
        "and with chemical peel",  # another treatment compared
        "is it better than botox for wrinkles",
        "what about retinol, when can i restart",  # skincare after the treatment
    ],
)
def test_nothing_of_the_visitors_own_is_read(reader, text):
    assert found(reader, text) == {}


@pytest.mark.parametrize(
    "text, numbers, withdrawn",
    [
        ("sorry not 3, i meant 9", [9], [3]),
        ("oops not 3, 9", [9], [3]),
        ("3 was a typo, it's 5", [5], [3]),
        ("not 3 days ago, 2", [2], []),  # a date, not a line
        ("2 and 6", [2, 6], []),
        # in words, when the message says nothing else
        ("four", [4], []),
        ("number four and six", [4, 6], []),
        ("the 4th one", [4], []),
        ("one more question", [], []),
        # every line but those named; a list taken back (helper-64, stop 43)
        ("all of them except the last", list(range(1, 12)), []),
        ("everything but 3", [1, 2] + list(range(4, 13)), []),
        ("all no except 6", [6], []),
        ("not 1 2 or 3 but maybe 7", [7], [1, 2, 3]),
    ],
)
def test_line_numbers_given_and_taken_back(reader, text, numbers, withdrawn):
    reading = reader.read(text, today=TODAY)
    assert (reading.numbers, reading.numbers_withdrawn) == (numbers, withdrawn)


@pytest.mark.parametrize(
    "text, numbers, in_doubt",
    [
        ("possibly 9, and 2 definitely", [9, 2], [9]),
        ("6 and maybe 9", [6, 9], [9]),
        ("3 and 11, prob 5", [3, 11, 5], [5]),
        # The doubt about the whole answer: every number (numbers_unsure stays empty).
        ("not sure, 6 and 9", [6, 9], []),
        ("maybe 6 and maybe 9", [6, 9], []),
    ],
)
def test_a_doubt_belongs_to_the_numbers_of_its_clause(reader, text, numbers, in_doubt):
    # Stop 38: "6 and maybe 9" was "not sure" about both lines.
    reading = reader.read(text, today=TODAY)
    assert reading.numbers == numbers and reading.unsure
    assert reading.numbers_unsure == in_doubt


@pytest.mark.parametrize(
    "text, said",
    [("im not pregnant, but i am breastfeeding", "breastfeeding"), ("no not pregnant. still nursing my baby though", "nursing")],
)
def test_an_item_is_named_by_what_is_told_not_what_is_denied(reader, text, said):
    # Stop 38: both were noted back as "pregnancy", and so they reached the clinician.
    finding = reader.read(text, today=TODAY).findings["pregnancy"]
    assert finding.answer == YES and finding.said == said


@pytest.mark.parametrize("text", ["will my skin peel after", "does your face peel afterwards?", "my skin started to peel off"])
def test_peel_the_verb_is_no_chemical_peel(reader, text):
    # Stop 38: "will my skin peel after" was noted as a peel and handed to a clinician.
    assert found(reader, text) == {}
    assert "recent_skin_stress" not in reader.read(text, today=TODAY).general


# --- Stop 39: answers the checklist lost ---------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        # A doubt is no denial: "not sure if im pregnant" had read as not pregnant.
        ("not sure if im pregnant", {"pregnancy": UNSURE}),
        ("i dont know if i have lupus", {"inflammatory_skin": UNSURE}),
        ("not sure if eliquis counts, otherwise none", {"bleeding": UNSURE}),
        # A line picked by its words after "yes to" or "apart from".
        ("yes to the blood thinner one, the rest no", {"bleeding": YES}),
        ("everything is a no apart from the accutane one", {"isotretinoin": YES}),
        # Breastfeeding in everyday words, pregnancy in slang and other languages.
        ("all no but i still feed my baby at night", {"pregnancy": YES}),
        ("prego 12 wks, rest no", {"pregnancy": YES}),
        ("estoy embarazada", {"pregnancy": YES}),
        ("je suis enceinte", {"pregnancy": YES}),
        ("i use tret every night", {"recent_skin_stress": YES}),
    ],
)
def test_answers_the_checklist_lost_before(reader, text, expected):
    assert found(reader, text) == expected


@pytest.mark.parametrize(
    "text, items",
    [
        ("what about if im pregnant", ["pregnancy"]),
        ("how long after botox can i do microneedling", ["recent_skin_stress"]),
        ("how soon after accutane can i get it done", ["isotretinoin"]),
    ],
)
def test_hypothetical_and_waiting_questions_tell_nothing(reader, text, items):
    reading = reader.read(text, today=TODAY)
    assert reading.findings == {} and reading.general == items


@pytest.mark.parametrize(
    "text, numbers",
    [
        ("none except the 3rd", [3]),
        ("nope. well, except the first one", [1]),
        ("none except the first and third", [1, 3]),
        ("none but first time doing this", []),  # a first time, no line
        ("no to 1-5, yes to 6, no to the rest", [6]),
        ("1 no 2 no 3 yes 4 no", [3]),
        ("no. 3 applies", [3]),
        # Stop 40: a line in words after "except" was dropped and the list ended clear.
        ("none except number seven", [7]),
        ("all no except seven", [7]),
        ("none apart from six", [6]),
        ("nothing except number one", [1]),
        ("all no except one thing, i had a peel", []),  # one unnamed thing, then named
        ("my psoriasis and number three", [3]),
        ("all no but i have lupus and number eleven", [11]),
        ("number four n also ten", [4, 10]),
        ("eleven plus lupus", [11]),
        ("the sixth one and im on sertraline", [6]),
        ("7 i have type 1", [7]),  # a diabetes type, no line
        ("and two more things", []),
    ],
)
def test_lines_given_as_ordinals_or_answered_no(reader, text, numbers):
    assert reader.read(text, today=TODAY).numbers == numbers


def test_no_to_the_rest_answers_the_rest(reader):
    assert reader.read("the blood thinner one yes, everything else no", today=TODAY).rest_none
    assert reader.read("no to 1-5, yes to 6, no to the rest", today=TODAY).rest_none


@pytest.mark.parametrize(
    "text, expected",
    [
        # Stop 39, round two.
        ("got a few spots coming up", {"active_skin_problem": YES}),  # "(I've) got": now
        ("i got pregnant last month", {"pregnancy": YES}),
        ("me and my mum both take warfarin", {"bleeding": YES}),
        ("both me and my sister are on accutane rn", {"isotretinoin": YES}),
        ("everything is a no besides the one about diabetes", {"immune_metabolic": YES}),
        ("no none of those. wait, the scar one yes", {"keloid": YES}),
    ],
)
def test_round_two_readings(reader, text, expected):
    assert found(reader, text) == expected


@pytest.mark.parametrize("text", ["mum is on warfarin", "mums on warfarin", "hi is microneedling ok when pregnant"])
def test_someone_elses_or_asked_without_the_my_or_the_question_mark(reader, text):
    assert flagged(reader.read(text, today=TODAY)) == {}


@pytest.mark.parametrize(
    "text, numbers, denied",
    [
        ("1 no", [], [1]),
        ("1-5 no. 6 yes. 7-12 no", [6], [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12]),
        ("no for 1 thru 10, 11 yes, 12 no", [11], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12]),
        ("first one no second one yes rest no", [2], []),
        ("none except the last", [12], []),
        ("none except the 2nd to last", [11], []),
        ("is this the last one?", [], []),
    ],
)
def test_lines_answered_no_and_yes(reader, text, numbers, denied):
    reading = reader.read(text, today=TODAY)
    assert (reading.numbers, reading.numbers_denied) == (numbers, denied)


@pytest.mark.parametrize("text", ["none except one", "all no apart from a couple", "no to all but one of them",
                                  "nothing except maybe something", "nah all good except for something i forgot the name of"])
def test_something_unnamed_after_except_is_no_none(reader, text):
    """Stop 40: "none except one" ended the checklist clear."""
    reading = reader.read(text, today=TODAY)
    assert not reading.none and reading.unsure


@pytest.mark.parametrize("text", ["im 5 months along and my skin is awful", "20 wks along, can i still book", "none, im 9wks along",
                                  "up the duff lol", "eating for two at the moment haha", "im 8 weeks gone",
                                  "nope, just got a bun in the oven", "nah, only thing is i got a bun in the oven"])
def test_months_along_is_a_pregnancy(reader, text):
    """Stop 40: "5 months along" was not read as a pregnancy."""
    assert reader.read(text, today=TODAY).findings["pregnancy"].answer.value == "yes"


@pytest.mark.parametrize("text", [
    "my gf is on accutane rn and jealous lol, how long is recovery",
    "everyone at work is getting botox lol, is microneedling better",
])
def test_someone_elses_treatment_is_not_the_visitors(reader, text):
    """Stop 40: noted as the visitor's own, with a ticket."""
    assert reader.read(text, today=TODAY).findings == {}



# A lasting condition told in the past tense (stop 42, helper-59): "no" only
# where it clearly ended; reported questions ("I was wondering if", "I read
# that") tell nothing of the visitor.
@pytest.mark.parametrize(
    "text, item, expected",
    [
        ("I've had eczema my whole life, it flares on my face", "inflammatory_skin", Answer.YES),
        ("ive had psoriasis for years", "inflammatory_skin", Answer.YES),
        ("I was diagnosed with lupus a few years ago", "inflammatory_skin", Answer.YES),
        ("I was told I have type 2 diabetes last year, my sugars are all over the place", "immune_metabolic", Answer.YES),
        ("they told me i have diabetes", "immune_metabolic", Answer.YES),
        ("I had breast cancer, finished treatment 3 years ago, I'm on tamoxifen now", "other_health", Answer.YES),
        ("i had psoriasis", "inflammatory_skin", Answer.UNSURE),
        ("I had eczema as a child", "inflammatory_skin", Answer.NO),
        ("i used to have eczema", "inflammatory_skin", Answer.NO),
        ("I was just wondering if it's ok for someone with rosacea because I have mild rosacea on my cheeks",
         "inflammatory_skin", Answer.YES),
        ("I'm due in March", "pregnancy", Answer.YES),
        ("my scars always heal lumpy and raised", "keloid", Answer.YES),
        # A date alone does not end a lasting condition (stop 43): a clinician asks.
        ("I had psoriasis 2 years ago", "inflammatory_skin", Answer.UNSURE),
        ("I had a heart attack 2 years ago", "other_health", Answer.UNSURE),
        ("had a stroke last year", "other_health", Answer.UNSURE),
        ("i had a blood clot in my leg in 2019", "other_health", Answer.UNSURE),
        # stop 45: psoriasis ended can come back where the skin is injured (Koebner): not sure
        ("i had psoriasis in high school", "inflammatory_skin", Answer.UNSURE),
        ("i had eczema in high school", "inflammatory_skin", Answer.NO),
        ("my eczema went away years ago", "inflammatory_skin", Answer.NO),
        ("had a liver transplant 10 years ago", "immune_metabolic", Answer.YES),
        # "before the baby comes" is to come, no past tense (helper-64, stop 43)
        ("ok so i'm 5 months pregnant but i want to get it done before the baby comes", "pregnancy", Answer.YES),
        # operations, HRT, injections told by what they are for (helper-65, stop 43)
        ("I'm on HRT by the way", "other_health", Answer.YES),
        ("I had a hip replacement three weeks ago", "other_health", Answer.UNSURE),
        ("I'm still on the blood thinning injections for another week", "bleeding", Answer.YES),
        ("well I'm on the weight loss injections", "immune_metabolic", Answer.YES),
        # someone else's cue ends at the visitor's own "i" in a run-on
        ("my sister had it done and she loved it does it hurt i bruise really easily", "bleeding", Answer.YES),
    ],
)
def test_lasting_conditions_and_lay_words(reader, text, item, expected):
    assert reader.read(text).findings[item].answer is expected


@pytest.mark.parametrize("text", [
    "I was wondering if people with psoriasis can get it",
    "I read you can't do it on blood thinners, is that true?",
    "im due in for my second session",
    "wait what counts as cold sores",
    "hang on what counts as a cold sore",
])
def test_reported_questions_and_look_alikes_record_nothing(reader, text):
    assert reader.read(text).findings == {}


@pytest.mark.parametrize("text, item, expected", [
    ("I stopped my blood thinners yesterday for the appointment", "bleeding", Answer.YES),
    ("I used to take Eliquis but stopped 2 days ago", "bleeding", Answer.YES),
    ("I stopped prednisone 3 days ago", "immune_metabolic", Answer.YES),
    ("I stopped my warfarin 3 years ago", "bleeding", Answer.NO),
    ("I was on warfarin in 2019", "bleeding", Answer.NO),
])
def test_a_medicine_stopped_days_ago_still_counts(reader, text, item, expected):
    # helper-62 (stop 42): stopped for the appointment, it was a "no" with "Noted."
    assert reader.read(text).findings[item].answer is expected
