"""A message that only says the visitor is worried (clinic_assistant/worry.py)."""
import pytest

from clinic_assistant.worry import low_about_looks, only_frustration, only_hesitation, only_worry


@pytest.mark.parametrize(
    "text, worry",
    [
        ("im a bit worried honestly", True),
        ("i'm nervous about it", True),
        ("kinda scared tbh", True),
        ("I am really anxious about the needles", True),
        # A question, a symptom or a condition is more than a worry.
        ("im scared of needles does it hurt", False),
        ("my face is swollen and im worried", False),
        ("im worried about my cold sores", False),
        ("not worried", False),
        ("", False),
    ],
)
def test_only_a_worry(text, worry):
    assert only_worry(text) is worry


@pytest.mark.parametrize("text, frustrated", [
    ("ugh this is useless, u r so dumb", True),
    ("this is a waste of time", True),
    ("this is useless, how much does it cost?", False),  # a question: answered
    ("is it painful", False),
])
def test_only_frustration(text, frustrated):
    assert only_frustration(text) is frustrated


@pytest.mark.parametrize("text", ["hmm", "?", "...", "🤔", "😬", "hmmm?", "idk"])
def test_a_pause(text):
    assert only_hesitation(text)


@pytest.mark.parametrize("text", ["ok", "hmm how much", "", "👍", "thanks"])
def test_not_a_pause(text):
    assert not only_hesitation(text)


@pytest.mark.parametrize("text, low", [
    ("my acne scars make me hate how i look, i dont even want to go out anymore", True),
    ("im so self conscious about my scars", True),
    ("i feel so ugly with this skin", True),
    ("the scarring is ruining my confidence", True),
    ("i've barely gone out since, i avoid going out", True),
    ("i hate needles", False),  # fear, read by the pain answer
    ("i don't want to go out in the sun after, right?", False),
    ("can i go out the same day", False),
    ("", False),
])
def test_low_about_looks(text, low):
    assert low_about_looks(text) is low
