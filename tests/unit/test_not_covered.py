"""clinic_assistant/not_covered.py: questions no fact or clinic setting
answers get no guess."""
from __future__ import annotations

import pytest

from clinic_assistant.not_covered import topic_not_covered


@pytest.mark.parametrize("text, intent, topic", [
    ("can you do microneedling over a tattoo", "ask_contraindication", "a tattoo"),
    ("what about over a mole", "ask_contraindication", "a mole or birthmark"),
    ("i have a birthmark on my cheek, can you needle around it?", "ask_suitability", "a mole or birthmark"),
    ("is it ok to have it when im on my period", "ask_contraindication", "during a period"),
    ("what about under eye bags", "ask_suitability", "under-eye bags or dark circles"),  # stop 45
    ("will it help my dark circles?", "ask_results", "under-eye bags or dark circles"),  # not the results answer
])
def test_a_topic_no_fact_answers(text, intent, topic):
    assert topic_not_covered(text, intent) == topic


@pytest.mark.parametrize("text, intent", [
    ("do you do tattoo removal", "out_of_scope"),  # another treatment (other_treatments.py)
    ("my mole is bleeding since the treatment", "report_symptom"),  # a symptom keeps its handling
    ("can someone call me about my tattoo", "request_human"),
    ("how much is it", "ask_cost"),
])
def test_anything_else_is_not_this(text, intent):
    assert topic_not_covered(text, intent) is None
