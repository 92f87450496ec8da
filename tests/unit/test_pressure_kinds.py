"""clinic_assistant/pressure.py: what kind of push-back a message is."""
import pytest

from clinic_assistant.pressure import kind_of, proposes_a_day


@pytest.mark.parametrize("text", [
    "I'll just not tell the practitioner then",
    "i won't mention it to the nurse",
    "I just won't put it on the form",
    "fine, I'll keep it to myself",
    "can't I just leave it off?",
])
def test_hiding_a_disclosure_is_pressure_to_override(text):
    assert kind_of(text, "request_human") == "override"


@pytest.mark.parametrize("text", [
    "look i've had it done before at another place on xarelto and it was fine",
    "other clinics do it for people on blood thinners",
    "i had it last year while on eliquis and it was fine",
    "i've done it loads of times before and never had an issue",
])
def test_what_was_done_elsewhere_is_pressure_to_override(text):
    assert kind_of(text, "ask_safety") == "override"


@pytest.mark.parametrize("text, intent", [
    ("no problem, thanks", "thank"),
    ("did you have any problems with the booking page", "ask_clinic_info"),
    ("can I talk to the practitioner please", "request_human"),
    ("what do I tell my boss about the redness", "ask_downtime"),
    ("thanks, I'll wait", "thank"),
])
def test_a_plain_request_or_question_is_not_override(text, intent):
    assert kind_of(text, intent) != "override"


@pytest.mark.parametrize("text", [
    "could i just come off it for a week?",
    "can I stop taking them the week before",
    "should i skip it that day",
])
def test_asking_to_stop_the_named_medicine_is_medicine_pressure_whatever_the_intent(text):
    assert kind_of(text, "ask_sessions") == "medicine"


@pytest.mark.parametrize("text", ["can i stop the treatment halfway", "could i stop if it hurts"])
def test_stopping_the_treatment_is_not_medicine_pressure(text):
    assert kind_of(text, "ask_procedure") is None


@pytest.mark.parametrize("text, intent", [
    ("ugh ok, how long do i have to wait after stopping", "nlu_fallback"),
    ("how soon after finishing can i have it", "ask_downtime"),
    ("so when can i get it then", "ask_procedure"),
    # Why it matters, heard as a medical question: no medicine in it.
    ("oh ok. is it just because of the redness?", "medical_advice"),
])
def test_asking_when_the_rule_lets_them_is_about_the_item(text, intent):
    assert kind_of(text, intent) == "about_it"


@pytest.mark.parametrize("text, proposed", [
    ("could i come thursday after work?", True),
    ("next tuesday afternoon?", True),
    ("friday at 3?", True),
    ("can we come in tomorrow", True),
    ("can i go to the gym on thursday", False),
    ("i had botox on monday", False),
])
def test_a_day_proposed_is_told_apart(text, proposed):
    # Stop 38: "next tuesday afternoon?" under the checklist showed the whole list again.
    assert proposes_a_day(text) is proposed
