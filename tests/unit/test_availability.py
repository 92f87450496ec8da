"""Free times asked (clinic_assistant/availability.py): the diary is not seen from here."""
import pytest

from clinic_assistant.availability import asks_availability


@pytest.mark.parametrize("text", [
    "anything tomorrow?", "do u have space this week", "any openings saturday", "whats the earliest i can get in",
    "can i come in at 5", "is there a waitlist", "how far out are you booked", "got anything this weekend?",
    "do you have any slots free this saturday morning", "any saturday?", "anything on friday afternoon",
])
def test_free_times_asked(text):
    assert asks_availability(text)


@pytest.mark.parametrize("text", [
    "are you open saturday?", "what time do you close on friday", "how much is it", "any redness after 2 days?",
    "any tips for tomorrow", "my appointment is tomorrow what should i do", "im free on weekends", "",
])
def test_not_free_times(text):
    assert not asks_availability(text)


@pytest.mark.parametrize("text", ["how do i pick a time", "where do i choose the date", "how can we see the slots"])
def test_how_to_pick_a_time_is_free_times(text):
    assert asks_availability(text)


@pytest.mark.parametrize("text", ["what are your opening hours on saturday", "what are your opening times tomorrow",
                                  "how do i pick a moisturiser"])
def test_opening_hours_and_other_picks_are_not_free_times(text):
    assert not asks_availability(text)
