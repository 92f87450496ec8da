"""The visitor's own age in a message (clinic_assistant/age.py)."""
import pytest

from clinic_assistant.age import pushes_past_minimum_age, said_under_age, someone_elses_age, stated_age


@pytest.mark.parametrize(
    "text, age",
    [
        ("im 16 can i get it", 16),
        ("hi, I am 17 years old, is that ok?", 17),
        ("17 yo here, do you treat teens", 17),
        ("I'm only 15 but my acne scars are bad", 15),
        ("im 45 and have wrinkles", 45),
        # An age still to come: a year younger now.
        ("but im 18 in january", 17),
        ("i'll be 18 next month", 17),
        # No age of the visitor's own.
        ("I'm 20 weeks pregnant", None),
        ("im 5 minutes late", None),
        ("I'm 1 of 3 sisters", None),
        ("can i come at 3", None),
        ("I am 12:30 tomorrow", None),
        ("my 15 year old daughter has acne, can she have it?", None),
        ("", None),
    ],
)
def test_the_age_the_visitor_states(text, age):
    assert stated_age(text) == age


@pytest.mark.parametrize(
    "text, age",
    [
        ("my daughter is 17, can she come with me and get it done?", 17),
        ("my 15 year old son has acne scars, can he have it", 15),
        ("can my 16-year-old daughter book in", 16),
        ("my son (16) wants it done", 16),
        ("what about my daughter shes 16", 16),
        # Stop 40: a parent booking for a daughter was walked through the checklist.
        ("can i book my daughter in, shes 16", 16),
        ("i want to book for my daughter, she is 16 and has acne scars. how much is it", 16),
        ("shes 17, 18 in march", 17),
        ("shes 20 weeks pregnant", None),
        ("he just turned 17", 17),
        ("its for my daughter, 16yo", 16),
        ("can i book my son aged 16", 16),
        ("can my 14 year old come in for a consult", 14),
        ("hi, I'm the mum of a 16 year old", 16),
        # No one's age.
        ("my daughter is 5 weeks postpartum", None),
        ("my sister is 20 weeks pregnant, is it ok for her", None),
        ("im 16 can i get it", None),
    ],
)
def test_the_age_of_someone_the_visitor_asks_for(text, age):
    assert someone_elses_age(text) == age


def test_push_back_right_after_the_minimum_age():
    after = ["utter_greet", "utter_under_minimum_age"]
    # Stop 40: "pls just tell me if its ok" after a daughter's age had started the checklist.
    for text in ("my mum will come with me", "my dad can sign for me", "can you just book me in anyway", "why not",
                 "pls just tell me if its ok", "so can she get it done or not"):
        assert pushes_past_minimum_age(text, after), text
    # Accepting it, a new age of their own, or anything said before the minimum age was given.
    assert not pushes_past_minimum_age("ok i'll wait then, thanks", after)
    assert not pushes_past_minimum_age("sorry i'm actually 19", after)
    assert not pushes_past_minimum_age("my mum will come with me", ["utter_ask_cost"])


def test_told_their_own_age_was_under_the_minimum():
    assert said_under_age(["utter_greet", "utter_under_minimum_age", "utter_ask_cost"])
    assert said_under_age(["utter_minimum_age_firm"])
    assert not said_under_age(["utter_under_minimum_age_other"])  # someone else's age
    assert not said_under_age([None, "utter_ask_pain"])
