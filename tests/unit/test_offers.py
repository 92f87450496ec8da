"""A yes to the assistant's own offer of a person (stop 40)."""
from __future__ import annotations

import pytest

from clinic_assistant.offers import accepts_offer_of_a_person

OFFERED = ["utter_greet", "utter_frustration_offer"]


@pytest.mark.parametrize("text", ["yes", "yes pls", "ok sure", "yeah pass me on", "go on then", "yes please that would be great",
                                  "sure why not", "yeah go for it", "ye", "actually yes"])
def test_yes_takes_the_offer_up(text):
    assert accepts_offer_of_a_person("affirm", text, OFFERED)


@pytest.mark.parametrize("text", ["ok fair enough", "ok", "thanks", "yes how much is it"])
def test_taking_the_answer_is_no_request(text):
    assert not accepts_offer_of_a_person("affirm", text, OFFERED)


def test_only_right_after_an_offer():
    assert not accepts_offer_of_a_person("affirm", "yes", ["utter_frustration_offer", "utter_ask_pain"])
