"""A message cut short, and a greeting once the conversation is under way (clinic_assistant/worry.py)."""
import pytest

from clinic_assistant.worry import greets_again, unfinished


@pytest.mark.parametrize("text", ["and also", "can i", "i mean", "quick q", "one more thing...", "Also,"])
def test_a_message_cut_short(text):
    assert unfinished(text)


@pytest.mark.parametrize("text", ["and also does it hurt", "can i book", "also how much is it", "i mean the neck"])
def test_a_message_with_its_question(text):
    assert not unfinished(text)


def test_a_greeting_again_once_under_way():
    assert greets_again("greet", "hi again", ["utter_greet", "utter_ask_cost"])
    assert not greets_again("greet", "hi", [])
    assert not greets_again("greet", "hi", ["utter_greet"])
    assert not greets_again("greet", "hi, how much is it?", ["utter_ask_pain"])
    assert not greets_again("thank", "thanks", ["utter_ask_pain"])
