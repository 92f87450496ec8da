"""actions/booking_policy.py: asking the chat to cancel or move an
appointment gets that it cannot, before the policy."""
from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.booking_policy import answer
from clinic_assistant import clinic_config


@pytest.mark.parametrize("text, cannot", [
    ("pls cancel my appointment on friday", True),
    ("can you move my booking to next week", True),
    ("what is your cancellation policy", False),
    ("how much notice do i need to cancel", False),
])
def test_a_change_asked_of_the_chat(text, cannot):
    dispatcher = CollectingDispatcher()
    answer(dispatcher, text, clinic_config.current().policies)
    said = [m.get("response") for m in dispatcher.messages]
    assert ("utter_cannot_change_booking" in said) is cannot
    assert said[-1] != "utter_cannot_change_booking"  # the policy follows
