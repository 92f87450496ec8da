"""A message of emoji alone is read as its word (clinic_assistant/text/emoji.py)."""
import pytest

from clinic_assistant.text.emoji import emoji_as_word


@pytest.mark.parametrize("text, word", [
    ("👍", "ok"), ("👍🏽", "ok"), ("🙏🙏", "thanks"), ("❤️", "thanks"), ("😂😂", "lol"), ("👎", "no"), ("😬", "hmm"), ("🤔?", "hmm"),
])
def test_emoji_alone(text, word):
    assert emoji_as_word(text) == word


@pytest.mark.parametrize("text", ["👍 thanks", "ok", "", "🦄", "how much 😬"])
def test_words_or_unknown_emoji_are_left(text):
    assert emoji_as_word(text) is None
