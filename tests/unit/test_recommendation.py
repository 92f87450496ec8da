"""clinic_assistant/recommendation.py: "what would you recommend then?",
placed nowhere by the classifier, is a question for the practitioner."""
from __future__ import annotations

import pytest

from clinic_assistant.recommendation import asks_for_recommendation


@pytest.mark.parametrize("text", [
    "ok what would you recommend then",
    "so what should i do",
    "whats the best option for me",
    "any suggestions?",
    "would you recommend it? be honest",  # stop 38: was out of scope
    "do u honestly recommend it",
])
def test_asks_what_is_best_for_them(text):
    assert asks_for_recommendation(text, "out_of_scope")
    assert asks_for_recommendation(text, "nlu_fallback")


def test_a_placed_question_keeps_its_intent():
    assert not asks_for_recommendation("what do you recommend for aftercare", "ask_aftercare")
    assert not asks_for_recommendation("my face is swollen, what should i do", "report_symptom")
    assert not asks_for_recommendation("what's the weather like", "out_of_scope")
