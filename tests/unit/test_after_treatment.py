"""clinic_assistant/safety/after_treatment.py: the visitor has had the treatment already."""
from __future__ import annotations

import pytest

from clinic_assistant.safety.after_treatment import told_of_treatment, treated_already, treated_then


@pytest.mark.parametrize("text", [
    "had microneedling last thursday", "got my treatment this morning", "i had it done yesterday",
    "had microneedling on monday, can i wash my face tonight", "day 3 and my skin is flaky", "im 2 days post microneedling",
    "did mn on monday, can i go to the gym today",
    # Stop 40: "earlier today" started the booking checklist.
    "got it done earlier today. can i go for a run tomorrow", "had microneedling earlier, is it ok to have a couple beers tonight",
    "had it done an hour ago", "i got my face needled like 3 hours ago what do i avoid",
    "had microneedling at lunch, what should i put on tonight",
])
def test_treated_already(text):
    assert treated_already(text)


@pytest.mark.parametrize("text", [
    "i had botox 3 days ago", "can i have it on monday", "i want to get it done earlier in the year", "how many days after can i wear makeup", "day 2 of my period",
])
def test_not_treated(text):
    assert not treated_already(text)


def test_told_of_treatment_earlier_in_the_chat():
    assert told_of_treatment(["hi", "had microneedling yesterday"], [])
    assert told_of_treatment(["hi"], ["utter_greet", "utter_symptom_what"])
    assert not told_of_treatment(["how much is it"], ["utter_ask_cost"])


@pytest.mark.parametrize("text, then", [
    # Stop 39: when the treatment was, so a problem beside a medicine question is for today.
    ("2 days post, running a fever, can i take ibuprofen?", True),
    ("microneedling yesterday, pain is getting worse, can i take ibuprofen for it", True),
    ("a couple of spots look a bit infected since my treatment, can i put betadine on them", True),
    ("had microneedling last wk, cold sore came up on my lip, can i use zovirax", True),
    ("i had microneedling done sunday and got spots all over my chin now", True),
    # A general medicine question names no time: it stays the clinician's medicine question.
    ("what cream can i use for the itching after microneedling", False),
    ("can i take an antihistamine for the swelling after my treatment", False),
])
def test_treated_then(text, then):
    assert treated_then(text) is then


@pytest.mark.parametrize("text, expected", [
    ("my skin looks terrible since chemo, can microneedling help?", False),
    ("since chemo can microneedling help", False),
    ("since the microneedling my skin is itchy", True),
    ("post-treatment itchy", True),
])
def test_after_what_treatment(text, expected):
    from clinic_assistant.safety.after_treatment import tells_of_treatment

    assert tells_of_treatment(text) is expected
