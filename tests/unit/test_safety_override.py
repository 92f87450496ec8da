"""The safety override leaves a question about the treatment's pain to the
FAQ answer, and nothing else (components/safety_override.py)."""
import pytest

from clinic_assistant.safety.red_flags import assess
from components.safety_override import asked_as_follow_up, pain_question, screening_matter

ASK_PAIN = {"name": "ask_pain", "confidence": 0.8}


@pytest.mark.parametrize("text", [
    "how much pain is involved", "pain?", "r the needles painful", "scale of pain pls", "which areas hurt the most",
    "hows the pain compared to getting a tattoo", "rate the pain out of 10",
    # Worry about the pain to come.
    "im dreading the pain", "i cant handle pain at all",
])
def test_questions_about_the_pain_of_the_treatment(text):
    assert pain_question(text, assess(text).reasons, ASK_PAIN)


@pytest.mark.parametrize(
    "text",
    ["it hurts a lot", "my face hurts 3 days after", "pain getting worse after treatment",
     "does it hurt this much after?", "i'm in pain", "pain and swelling?",
     "i'm scared because it still hurts", "i can't handle the pain anymore", "my cheeks hurt, is that normal?",
     "how do i cope with the pain 2 days after"],
)
def test_a_report_of_pain_stays_a_symptom(text):
    assert not pain_question(text, assess(text).reasons, ASK_PAIN)


def test_only_when_the_classifier_is_sure_it_is_the_pain_question():
    text = "how much pain is involved"
    assert not pain_question(text, assess(text).reasons, {"name": "ask_pain", "confidence": 0.3})
    assert not pain_question(text, assess(text).reasons, {"name": "report_symptom", "confidence": 0.9})


@pytest.mark.parametrize("text", ["dose it hurt alot", "dose microneedling hurt"])
def test_dose_for_does_is_a_question(text):
    # Stop 39: "dose it hurt" got "get this checked by a clinician today".
    assert pain_question(text, assess(text).reasons, ASK_PAIN)


@pytest.mark.parametrize("text, asked", [
    ("cost? pain?", True), ("price, pain, downtime?", True), ("price? pain? sessions?", True),
    ("pain after? how long?", False), ("my pain? help", False),
])
def test_questions_in_a_row_heard_as_another_topic(text, asked):
    assert pain_question(text, assess(text).reasons, {"name": "ask_cost", "confidence": 0.8}) == asked


def test_a_reaction_happening_now_is_no_screening_matter():
    """Stop 40: "im having a reaction to the numbing cream" was noted as an allergy for the review."""
    reading = {"findings": [{"item": "anaesthetic_allergy", "answer": "yes"}]}
    assert not screening_matter(reading, "im having a reaction to the numbing cream")
    assert not screening_matter(reading, "reacting to the numbing cream again like last time")
    assert screening_matter(reading, "i had a reaction to numbing cream once, is there another option")
    bleeding = {"findings": [{"item": "bleeding", "answer": "yes"}]}
    assert not screening_matter(bleeding, "whats the out of hours number, im bleeding a lot still from this morning")


@pytest.mark.parametrize("text, asked", [
    ("what about swelling?", True),
    ("and bruising?", True),
    ("and a stiff neck", False),
    ("and a rash that doesn't fade", False),
    ("and she seems confused", False),
])
def test_a_sign_of_illness_after_and_is_told_not_asked(text, asked):
    """Stop 43: "and a stiff neck" after "headache and feel sick" is a sign added."""
    assessment = assess(text)
    assert asked_as_follow_up(text, assessment.reasons + assessment.signs) is asked
