"""A blood thinner told apart from the bleeding (clinic_assistant/safety/blood_thinner.py),
read from the real disclosure reader's reading."""
import pytest

from clinic_assistant.safety.blood_thinner import bleeding_told_in, reasons_told, takes_a_blood_thinner
from clinic_assistant.safety.red_flags import BLOOD_THINNER_TAKEN, combined_emergency
from components.disclosures import read_disclosures


@pytest.mark.parametrize("text", ["I'm on apixaban", "i take xarelto for my heart", "she takes warfarin btw",
                                  "im on blood thinners"])
def test_a_blood_thinner_taken(text):
    assert takes_a_blood_thinner(read_disclosures(text))


@pytest.mark.parametrize("text", ["i'm not on any blood thinners", "I have haemophilia", "i take ibuprofen sometimes",
                                  "what time do you open"])
def test_no_blood_thinner_taken(text):
    assert not takes_a_blood_thinner(read_disclosures(text))


def test_bleeding_then_a_blood_thinner_is_an_emergency():
    earlier = reasons_told("it's still bleeding a bit and won't stop", {})
    now = reasons_told("I'm on apixaban", read_disclosures("I'm on apixaban"))
    assert now == (BLOOD_THINNER_TAKEN,)
    assert combined_emergency(now, earlier) == "bleeding_on_blood_thinner"
    assert combined_emergency(reasons_told("i'm not on any blood thinners", read_disclosures("i'm not on any blood thinners")),
                              earlier) is None


def test_bleeding_told_not_asked():
    assert bleeding_told_in(["hi", "my face is bleeding"])
    assert not bleeding_told_in(["is there much bleeding during the session", "i take xarelto"])
