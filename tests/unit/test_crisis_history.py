"""After the crisis message, and an episode long past (clinic_assistant/safety/crisis.py)."""
import pytest

from clinic_assistant.safety.crisis import long_past, stands_down


@pytest.mark.parametrize("text", ["lol jk im fine", "it was a false alarm", "i was talking about my skin lol", "nah im all good",
                                  "im not suicidal lol", "i'm safe at my sister's now"])
def test_a_stand_down(text):
    assert stands_down(text)


@pytest.mark.parametrize("text", ["i'm not joking", "this isn't a false alarm", "i'm not going to make it through tonight",
                                  "i'm good at pretending i'm fine", "im fine, just need to take the rest of the pills",
                                  "im okay now theyre kicking in", "i'm ok for now but he'll be back later", "how much is it"])
def test_not_a_stand_down(text):
    assert not stands_down(text)


@pytest.mark.parametrize("text", ["I overdosed when I was 19, I'm 40 now, does it go on the form",
                                  "tried to take my own life 8 years ago, in a good place now, can you treat the scars",
                                  "i used to self harm as a teen, can it help the scars"])
def test_an_episode_long_past(text):
    assert long_past(text)


@pytest.mark.parametrize("text", ["i used to self harm but i relapsed on friday", "i tried years ago and i want to again",
                                  "i want to kill myself", "self harmed last night"])
def test_not_long_past(text):
    assert not long_past(text)
