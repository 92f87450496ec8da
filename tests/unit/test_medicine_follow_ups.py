"""A dose or stopping asked after a medicine, naming none (clinic_assistant/safety/medicine_follow_ups.py)."""
import pytest

from clinic_assistant.safety.medicine_follow_ups import asks_dose_or_stopping


@pytest.mark.parametrize("text", [
    "how many can I take?",
    "how many a day is ok?",
    "how much should she take",
    "how long would she need to stop it",
    "how long do i have to come off them for",
    "what dose is safe",
    "when can i start it again",
    "should i skip them today?",
    "could he come off it for a few days",
    "do i need to be off it for 3 days or 5 days?",
    "how many days should i be off them before",
    "does she have to stay off it the week before",
])
def test_a_dose_or_stopping_asked(text):
    assert asks_dose_or_stopping(text)


@pytest.mark.parametrize("text", [
    "how many sessions do i need",
    "how much does each one cost",
    "how long does the redness last",
    "how many days off work will i need",
    "how long is the downtime",
    "when can i start wearing make-up again",
    "how often should i come back",
])
def test_the_treatment_asked_about(text):
    assert not asks_dose_or_stopping(text)
