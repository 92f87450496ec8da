"""Stop 47's findings with visitors whose health matters and visitors after a
treatment (helper h88; the conversations are tests/conversations/found_stop47_health.yml):
when to use a prescription medicine again is a medicine question; a checklist
line ticked "no" after its term is a no; an itch beside the flaking of the
first days is healing; the aftercare's part that a brand, a wax or a tan asks
about, the first time too once a treatment was had; "should i be worried"."""
from __future__ import annotations

import datetime as dt

import pytest

from clinic_assistant.answer_parts import answer_part, heard_intent, part_to_answer
from clinic_assistant.pressure import kind_of
from clinic_assistant.safety.after_treatment import treated_already
from clinic_assistant.safety.expected_effects import only_expected_effects
from clinic_assistant.screening.items import Answer
from clinic_assistant.text.word_tables import MEDICINE_NAMES
from clinic_assistant.worry import asks_if_worrying

TODAY = dt.date(2026, 12, 4)
YES, NO = Answer.YES, Answer.NO

needs_medicines = pytest.mark.skipif(not MEDICINE_NAMES.exists(), reason="build/medicine_names.json missing")


def read(reader, text):
    return reader.read(text, today=TODAY)


# --- a prescription medicine used again ---------------------------------------

@needs_medicines
@pytest.mark.parametrize("text", [
    "i use tretinoin, when can i start it again after?",
    "when can i go back on my tretinoin",
    "im on warfarin, when can i restart it after",
])
def test_using_a_medicine_again_is_a_medicine_question_and_still_told(reader, text):
    reading = read(reader, text)
    assert reading.medicine_question
    assert any(finding.answer is YES for finding in reading.findings.values())


@needs_medicines
def test_retinol_again_stays_skincare(reader):
    reading = read(reader, "when can i start my retinol again")
    assert not reading.medicine_question and not reading.findings


def test_only_the_days_before_are_left_out_after_a_treatment():
    from actions.screening.actions import counts_only_days_before

    assert counts_only_days_before("recent_skin_stress")
    assert not counts_only_days_before("isotretinoin")
    assert not counts_only_days_before("bleeding")


# --- "X no": a line ticked no -------------------------------------------------

@needs_medicines
@pytest.mark.parametrize("text, items", [
    ("warfarin no, pregnant no, cold sores no", ("bleeding", "pregnancy", "cold_sores")),
    ("accutane no", ("isotretinoin",)),
    ("eczema no", ("inflammatory_skin",)),
    ("pregnant? lol no. on warfarin? no. accutane no", ("isotretinoin",)),
])
def test_a_no_right_after_the_term_answers_it_no(reader, text, items):
    findings = read(reader, text).findings
    assert all(findings[item].answer is NO for item in items), findings
    assert not any(finding.answer is YES for finding in findings.values())


@needs_medicines
@pytest.mark.parametrize("text, item", [
    ("im pregnant, no other issues", "pregnancy"),
    ("im pregnant no joke", "pregnancy"),
    ("accutane no but i take warfarin", "bleeding"),
    ("i take warfarin. no other meds", "bleeding"),
])
def test_a_no_that_goes_on_to_something_else_is_not_the_terms(reader, text, item):
    assert read(reader, text).findings[item].answer is YES


# --- what the first days bring ---------------------------------------------------

@pytest.mark.parametrize("text", [
    "day 4 and its itchy and flaky",
    "day 3 and my skin is peeling a lot",
    "had the treatment 3 days ago and it feels like sandpaper",
    "day 2 dry and itchy",
])
def test_flaking_with_an_itch_is_expected(text):
    assert only_expected_effects(text)
    assert heard_intent("report_symptom", text) == "ask_downtime"


@pytest.mark.parametrize("text", [
    "day 4 itchy",  # an itch alone
    "day 2 red and itchy",  # beside redness
    "day 4 and its itchy and flaky and sore",
    "day 8 flaky",  # stop 48: flaking is expected up to day 7 (FACTS.md 20, 23)
    "2 weeks and still itchy and flaky",
])
def test_an_itch_without_flaking_or_with_more_is_not(text):
    assert not only_expected_effects(text)


def test_the_flaking_part_answers_the_first_time():
    assert part_to_answer("ask_downtime", "day 4 and its itchy and flaky", []) == "utter_ask_downtime_flaking"
    assert part_to_answer("ask_downtime", "how long does the downtime last", []) is None


# --- the aftercare's part ---------------------------------------------------------

@pytest.mark.parametrize("text", ["can i use cerave after", "is la roche posay ok after", "what about cetaphil"])
def test_a_brand_gets_the_product_answer(text):
    assert part_to_answer("ask_aftercare", text, []) == "utter_aftercare_product"


@pytest.mark.parametrize("text", ["can i get my brows waxed after", "when can i shave", "is threading ok after"])
def test_hair_removal_gets_its_part(text):
    assert part_to_answer("ask_aftercare", text, []) == "utter_ask_aftercare_hair_removal"


@pytest.mark.parametrize("text, part", [
    ("what about spray tan", "utter_ask_aftercare_sun"),
    ("can i wear makeup tmrw", "utter_ask_aftercare_makeup"),
    ("when can i wash my face", "utter_ask_aftercare_skincare"),
    ("and vit c?", "utter_ask_aftercare_skincare"),
])
def test_after_a_treatment_the_part_the_first_time_too(text, part):
    assert part_to_answer("ask_aftercare", text, [], treated=True) == part
    # Before one, asked first, the whole aftercare holds it.
    assert part_to_answer("ask_aftercare", text, []) is None


def test_treatment_without_an_article_is_told():
    assert treated_already("had treatment yesterday, when can i start my retinol again")
    assert heard_intent("nlu_fallback", "had treatment yesterday, when can i start my retinol again") == "ask_aftercare"
    assert answer_part("ask_aftercare", "when can i start my retinol again").response == "utter_ask_aftercare_skincare"


# --- worry and push-back ------------------------------------------------------------

@pytest.mark.parametrize("text", ["should i be worried", "so should i be worried?", "is that bad", "is it serious?", "do i need to worry"])
def test_a_worry_asked(text):
    assert asks_if_worrying(text)


@pytest.mark.parametrize("text", ["is it bad for my skin to wear makeup the next day after microneedling?", "im worried",
                                  "how bad does it hurt"])
def test_not_a_worry_asked(text):
    assert not asks_if_worrying(text)


@pytest.mark.parametrize("text", ["what if i stop it now", "what if i stopped taking it"])
def test_stopping_asked_as_what_if_is_about_the_medicine(text):
    assert kind_of(text, "cancel") == "medicine"


# --- "is that normal?" and a report with questions -----------------------------------

def test_normal_asked_of_what_was_just_told():
    from clinic_assistant.safety.expected_effects import normal_asked_after

    assert normal_asked_after("is that normal", ["had mn yesterday", "my face is really red still"])
    assert normal_asked_after("normal?", ["had microneedling 5 days ago and still some dry patches"])
    assert not normal_asked_after("is that normal", ["had mn yesterday", "theres pus on my chin"])
    assert not normal_asked_after("is that normal and can i take ibuprofen", ["day 2 and a bit pink"])
    assert not normal_asked_after("is that normal", [])


def test_a_report_of_the_first_days_with_questions_is_the_downtime():
    text = "2 days after my session and my skin feels tight and dry. is that normal? also can i use my hyaluronic serum"
    assert heard_intent("report_symptom", text) == "ask_downtime"
    assert heard_intent("report_symptom", "day 2 and a bit pink. theres pus too") == "report_symptom"
    assert heard_intent("report_symptom", "day 2 tight and dry. can i take ibuprofen") == "report_symptom"


@needs_medicines
def test_going_back_on_sunbeds_is_asked_not_told(reader):
    reading = read(reader, "had mn on thursday, how soon can i go back on the sunbeds")
    assert "recent_skin_stress" not in reading.findings


# --- products, tret and a friend's infection ---------------------------------------------

@pytest.mark.parametrize("text", ["is it ok to put aloe vera on", "and coconut oil?", "can i use vaseline"])
def test_a_product_by_kind_gets_the_product_answer(text):
    assert part_to_answer("ask_aftercare", text, [], treated=True) == "utter_aftercare_product"


@needs_medicines
def test_tret_is_tretinoin_and_its_use_asked_is_a_medicine_question(reader):
    assert read(reader, "i use tret every night").findings["recent_skin_stress"].answer is YES
    assert read(reader, "had mn 2 days ago, can i use my tret tonight").medicine_question


def test_a_friends_infection_asked_how_common_is_the_infection_part():
    text = "my friend had microneedling and got an infection, how common is that"
    assert part_to_answer("ask_safety", text, []) == "utter_ask_safety_infection"
    assert part_to_answer("ask_safety", "is infection a risk", []) is None  # the whole safety answer first


def test_only_the_itch_is_read_past():
    from clinic_assistant.safety.expected_effects import without_itch
    from clinic_assistant.safety.red_flags import Level, assess

    assert assess(without_itch("day 4 and its itchy and flaky")).level is Level.NONE
    # The rules' own problem stays: never an expected effect.
    assert not only_expected_effects("day 2 redness going down my neck")
    assert assess(without_itch("day 2 redness going down my neck and itchy")).level is not Level.NONE


def test_redness_almost_gone_and_peeling_on_day_3_is_expected():
    assert only_expected_effects("had my session friday. day 3 now and the redness is almost gone but its peeling")
    # Stop 48: a weekday is counted back on the clinic's clock (tests/unit/test_health_stop48.py);
    # "last monday" said on a Tuesday may be eight days back: no longer the first days' healing.
    assert not only_expected_effects("had mn last monday, my face is dry", TODAY + dt.timedelta(days=4))


@pytest.mark.parametrize("text, intent, topic", [
    ("had mn yesterday, can i drink alcohol tonight", "nlu_fallback", "alcohol"),
    ("ok what about wine at the weekend", "ask_aftercare", "alcohol"),
    ("and coffee?", "out_of_scope", "coffee or caffeine"),
])
def test_alcohol_and_coffee_are_not_covered(text, intent, topic):
    from clinic_assistant.not_covered import topic_not_covered

    assert topic_not_covered(text, intent) == topic
