"""A blood thinner told apart from the bleeding (clinic_assistant.safety.over_messages.py),
read from the real disclosure reader's reading."""
import pytest

from clinic_assistant.safety.over_messages import emergency_over_messages, reasons_told, takes_a_blood_thinner
from clinic_assistant.safety.red_flags import BLOOD_THINNER_TAKEN
from components.disclosures import read_disclosures


@pytest.mark.parametrize("text", ["I'm on apixaban", "i take xarelto for my heart", "she takes warfarin btw",
                                  "im on blood thinners"])
def test_a_blood_thinner_taken(text):
    assert takes_a_blood_thinner(read_disclosures(text))


@pytest.mark.parametrize("text", ["i'm not on any blood thinners", "I have haemophilia", "i take ibuprofen sometimes",
                                  "what time do you open"])
def test_no_blood_thinner_taken(text):
    assert not takes_a_blood_thinner(read_disclosures(text))


def said(text):
    return text, read_disclosures(text)


def test_bleeding_then_a_blood_thinner_is_an_emergency():
    assert reasons_told(*said("I'm on apixaban")) == (BLOOD_THINNER_TAKEN,)
    bleeding = said("it's still bleeding a bit and won't stop")
    assert emergency_over_messages(said("I'm on apixaban"), [bleeding]) == "bleeding_on_blood_thinner"
    assert emergency_over_messages(bleeding, [said("i take xarelto for my heart")]) == "bleeding_on_blood_thinner"
    assert emergency_over_messages(said("i'm not on any blood thinners"), [bleeding]) is None
    assert emergency_over_messages(said("I'm on apixaban"), [said("is there much bleeding during the session")]) is None


def test_signs_make_an_emergency_together():
    """A headache alone is a sign, nothing more; with a stiff neck, meningitis signs."""
    assert emergency_over_messages(said("and a stiff neck"), [said("had microneedling on monday"), said("headache and feel sick")]) \
        == "meningitis_signs"
    assert emergency_over_messages(said("and a stiff neck"), [said("what time do you close")]) is None


def test_only_the_last_messages_count():
    old = [said("i have a bad headache")] + [said("ok thanks")] * 6
    assert emergency_over_messages(said("my neck is stiff"), old) is None
    assert emergency_over_messages(said("my neck is stiff"), old[:-1]) == "meningitis_signs"
