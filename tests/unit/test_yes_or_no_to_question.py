"""Short replies to a yes/no question (clinic_assistant/screening/follow_ups.py)."""
import pytest

from clinic_assistant.screening.follow_ups import yes_or_no_to_question


@pytest.mark.parametrize("text, said", [
    ("ya", "yes"), ("yes i am", "yes"), ("only at night", "yes"), ("does pumping count?", "yes"),
    ("no", "no"), ("nope, formula", "no"), ("not anymore", "no"),
    ("ok", "unsure"), ("k", "unsure"),
    ("what does that mean", None), ("how much is it for the face and neck together", None),
])
def test_short_replies(text, said):
    assert yes_or_no_to_question(text) == said
