"""clinic_assistant/safety/after_treatment.py: the visitor has had the treatment already."""
from __future__ import annotations

import pytest

from clinic_assistant.safety.after_treatment import told_of_treatment, treated_already


@pytest.mark.parametrize("text", [
    "had microneedling last thursday", "got my treatment this morning", "i had it done yesterday",
    "had microneedling on monday, can i wash my face tonight", "day 3 and my skin is flaky", "im 2 days post microneedling",
    "did mn on monday, can i go to the gym today",
])
def test_treated_already(text):
    assert treated_already(text)


@pytest.mark.parametrize("text", [
    "i had botox 3 days ago", "can i have it on monday", "how many days after can i wear makeup", "day 2 of my period",
])
def test_not_treated(text):
    assert not treated_already(text)


def test_told_of_treatment_earlier_in_the_chat():
    assert told_of_treatment(["hi", "had microneedling yesterday"], [])
    assert told_of_treatment(["hi"], ["utter_greet", "utter_symptom_what"])
    assert not told_of_treatment(["how much is it"], ["utter_ask_cost"])
