"""Stop 46: fever with redness reaching another part, told in other words
(clinic_assistant/safety/red_flags.py)."""
import pytest

from clinic_assistant.safety.red_flags import FEELS_HOT, Level, assess

EMERGENCIES = [
    "had microneedling 2 days ago, i have a high temp and the redness is going down my neck",
    "got a temp and the red has moved onto my neck",
    "temp of 38.5 and redness down to my collarbone",
    "i feel feverish, red going up to my ear",
    "my temperature is high and the redness has reached my neck",
    "im hot and the red is getting bigger",
    "redness is spreading and feeling really hot",
    "im feverish and red all the way to my ears",
]

NOT_EMERGENCIES = [
    "the redness is going down now",
    "the red on my neck is going down",
    "will the redness go down my neck",
    "is it normal for redness to go down to the neck",
    "the redness went down, my neck is fine",
    "the redness hasnt spread down my neck, i have a temp",
    "my cheeks feel hot and red",
    "im not hot but the redness is spreading",
    "i dont feel hot, the redness is getting bigger though",
]


@pytest.mark.parametrize("text", EMERGENCIES)
def test_fever_with_redness_reaching_a_part_is_an_emergency(text):
    assessment = assess(text)
    assert assessment.level is Level.URGENT
    assert "fever_with_spreading_redness" in assessment.reasons


@pytest.mark.parametrize("text", NOT_EMERGENCIES)
def test_redness_settling_or_warm_skin_is_no_emergency(text):
    assert assess(text).level is not Level.URGENT


def test_feeling_hot_alone_is_a_sign_only():
    assessment = assess("i feel really hot")
    assert assessment.level is Level.NONE and FEELS_HOT in assessment.signs


def test_a_reading_asked_about_is_a_fever():
    assert "fever" in assess("is it normal to have a temp of 38").reasons
    assert assess("is it normal to have a temp of 37").level is Level.NONE
