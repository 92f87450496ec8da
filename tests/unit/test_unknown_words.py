"""Keyboard mashes are unclear; typos and the clinic's own words are not."""
import pytest

from components.unknown_words import UnknownWordsFallback

GUARD = UnknownWordsFallback(None, None, frozenset({"microneedling", "dermapen", "k"}))


@pytest.mark.parametrize("text", ["asdf", "qwv xkkz plumbus", "zxqv blorptastic frumious", "jjjj kkkk", "x"])
def test_no_known_word_is_unclear(text):
    assert not GUARD.knows_a_word(text)


@pytest.mark.parametrize(
    "text",
    ["microneedling?", "hurt?", "mirconeedling hurt", "dermapen", "k", "price pls", "👍", "123", "", "hmm ok"],
)
def test_a_known_word_emoji_or_number_is_left_to_the_classifier(text):
    assert GUARD.knows_a_word(text)
