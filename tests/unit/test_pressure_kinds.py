"""clinic_assistant/pressure.py: what kind of push-back a message is."""
import pytest

from clinic_assistant.pressure import kind_of


@pytest.mark.parametrize("text", [
    "I'll just not tell the practitioner then",
    "i won't mention it to the nurse",
    "I just won't put it on the form",
    "fine, I'll keep it to myself",
    "can't I just leave it off?",
])
def test_hiding_a_disclosure_is_pressure_to_override(text):
    assert kind_of(text, "request_human") == "override"


@pytest.mark.parametrize("text, intent", [
    ("can I talk to the practitioner please", "request_human"),
    ("what do I tell my boss about the redness", "ask_downtime"),
    ("thanks, I'll wait", "thank"),
])
def test_a_plain_request_or_question_is_not_override(text, intent):
    assert kind_of(text, intent) != "override"
