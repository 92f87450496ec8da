"""The screening reader (CONTRACT §4.3, §5): free-text answers to the
contraindication questions, and the conditions an opening message names.

The items are the ones in clinic.yml. Every case passes a fixed `today`, so
time windows (isotretinoin 183 days, chemotherapy 365, skin stress 7) do not
depend on when the suite runs. Where an answer is genuinely ambiguous the safe
reading is UNSURE (a clinician reviews it), never NO.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from actions.screening.reader import Answer, ScreeningReader, get_reader, load_items

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2024, 6, 15)  # a Saturday in mid-June

YES, NO, UNSURE, UNKNOWN = Answer.YES, Answer.NO, Answer.UNSURE, Answer.UNKNOWN


@pytest.fixture(scope="module")
def reader() -> ScreeningReader:
    config = yaml.safe_load((ROOT / "clinic.yml").read_text("utf8"))
    return ScreeningReader(load_items(config))


def test_items_come_from_the_clinic_configuration():
    config = yaml.safe_load((ROOT / "clinic.yml").read_text("utf8"))
    items = {item.id: item for item in load_items(config)}
    assert {"pregnancy", "isotretinoin", "bleeding", "keloid", "cancer_treatment", "recent_skin_stress"} <= set(items)
    assert items["isotretinoin"].within_days == 183
    assert items["pregnancy"].within_days is None
    assert "accutane" in items["isotretinoin"].terms
    # one shared reader per item list
    assert get_reader(list(items.values())) is get_reader(list(items.values()))


# --- Direct answers ---------------------------------------------------------------
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
    assert reader.read_answer(item, text, today=TODAY) is expected


# --- Free text ----------------------------------------------------------------------
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
        ("bleeding", "not anymore", NO),
        ("pregnancy", "not anymore, I stopped breastfeeding", NO),
        ("isotretinoin", "not anymore", UNSURE),  # when did it stop?
        ("isotretinoin", "I took accutane", UNSURE),  # taken, but when?
        ("pregnancy", "I'm not pregnant but I take eliquis", NO),
        ("bleeding", "I'm not pregnant but I take eliquis", YES),
        ("keloid", "I get keloids on my ears", YES),
        ("keloid", "just normal flat scars", UNKNOWN),
        ("active_skin_problem", "I have a cold sore on my lip right now", YES),
        ("inflammatory_skin", "my rosacea is flaring", YES),
        ("immune_metabolic", "I have type 1 diabetes", YES),
        ("bleeding", "warfarin? no", NO),
        ("pregnancy", "12 weeks along", YES),
        ("pregnancy", "ttc", YES),
        ("pregnancy", "we have a baby on the way", YES),
        ("isotretinoin", "I'm still on it", YES),
        ("bleeding", "I take Eliqu\u00eds", YES),  # accents dropped
        ("bleeding", "war\u200bfarin daily", YES),  # zero-width space removed
        ("bleeding", "WARFARIN", YES),
    ],
)
def test_free_text(reader, item, text, expected):
    assert reader.read_answer(item, text, today=TODAY) is expected


# --- Brand and generic names, misspellings -----------------------------------------
@pytest.mark.parametrize(
    "item, text",
    [
        ("bleeding", "I'm on Xarelto"),
        ("bleeding", "rivaroxaban"),
        ("bleeding", "I take Eliquis twice a day"),
        ("bleeding", "apixaban 5mg"),
        ("bleeding", "plavix"),
        ("bleeding", "clopidogrel since my stent"),
        ("bleeding", "coumadin"),
        ("bleeding", "I have von Willebrand disease"),
        ("isotretinoin", "I'm currently on Roaccutane"),
        ("isotretinoin", "currently taking isotretinoin"),
        ("isotretinoin", "yes, Absorica right now"),
        ("recent_skin_stress", "I use tretinoin every night"),
        ("recent_skin_stress", "Retin-A most nights"),
        ("recent_skin_stress", "I'm on differin"),
        # misspellings
        ("bleeding", "I take eliqis"),
        ("bleeding", "on warfrin"),
        ("bleeding", "xarleto daily"),
        ("pregnancy", "pregnet"),
        ("pregnancy", "im pregnat"),
        ("isotretinoin", "currently on acutane"),
        ("isotretinoin", "still taking accutain"),
        ("isotretinoin", "I'm on isotretinion"),
        ("inflammatory_skin", "my excema is bad on my cheeks"),
        ("cancer_treatment", "I'm having chemo therapy at the moment"),
    ],
)
def test_names_and_misspellings_read_as_yes(reader, item, text):
    assert reader.read_answer(item, text, today=TODAY) is YES


# --- Negation --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "item, text",
    [
        ("bleeding", "I don't take any blood thinners"),
        ("bleeding", "not on warfarin or anything like that"),
        ("bleeding", "no blood thinners"),
        ("bleeding", "I do not take aspirin"),
        ("pregnancy", "I'm not pregnant"),
        ("pregnancy", "never been pregnant"),
        ("pregnancy", "not breastfeeding"),
        ("keloid", "no keloids"),
        ("keloid", "I've never had raised scars"),
        ("cancer_treatment", "I have never had chemo"),
        ("isotretinoin", "never taken accutane"),
        ("recent_skin_stress", "no sunburn, no peel, no retinol"),
    ],
)
def test_negated_terms_read_as_no(reader, item, text):
    assert reader.read_answer(item, text, today=TODAY) is NO


# --- Time windows ----------------------------------------------------------------------
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
    assert reader.read_answer(item, text, today=today) is expected


# --- Unreadable --------------------------------------------------------------------------
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
    assert reader.read_answer(item, text, today=TODAY) is UNKNOWN


# --- Opening messages ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("I'm on Accutane, can I do it?", {"isotretinoin": YES}),
        ("I stopped Accutane 2 years ago, is that ok?", {"isotretinoin": NO}),
        ("I'm breastfeeding, is microneedling a problem?", {"pregnancy": YES}),
        ("Is microneedling safe if I take Eliquis?", {"bleeding": YES}),
        ("I'm not pregnant but I take eliquis", {"pregnancy": NO, "bleeding": YES}),
        ("I take warfarin and I get keloids", {"bleeding": YES, "keloid": YES}),
        ("I had chemo 3 years ago, can I still do it?", {"cancer_treatment": NO}),
        ("Can I still do microneedling if I had chemo 3 years ago?", {"cancer_treatment": NO}),
        ("I stopped accutane 2 years ago, can I come in this week?", {"isotretinoin": NO}),
        ("I've been off Roaccutane since 2019, is that long enough?", {"isotretinoin": NO}),
        ("I finished accutane, is that ok?", {"isotretinoin": UNSURE}),  # when?
        ("What is isotretinoin?", {"isotretinoin": UNSURE}),
        ("I'm still breastfeeding, is that ok?", {"pregnancy": YES}),
        ("I use retinol, how long should I stop before?", {"recent_skin_stress": YES}),
        ("Can I get microneedling?", {}),
        ("Hi, how much is a full-face session?", {}),
        ("I'd like to book a consultation for acne scars", {}),
    ],
)
def test_detect_opening_messages(reader, text, expected):
    assert reader.detect(text, today=TODAY) == expected


# --- Ordinary English words are not terms ------------------------------------------------
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
    ],
)
def test_ordinary_words_are_not_terms(reader, text):
    assert reader.detect(text, today=TODAY) == {}
