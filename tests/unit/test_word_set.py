import pytest

from clinic_assistant.text.word_set import WordMap, WordSet
from clinic_assistant.text.word_tables import english_words


def test_holds_exactly_its_words():
    words = WordSet(["a", "ab", "abc", "abcd", "swelling", "swell", "bruise"])
    for word in ("a", "ab", "abc", "abcd", "swelling", "swell", "bruise"):
        assert word in words
    # prefixes, extensions and neighbours of stored words are not in it
    for other in ("", "b", "abd", "abcde", "swel", "swellings", "bruis", "ell", "\x1eab", "ab\x1eabc", 7, None):
        assert other not in words
    assert len(words) == 7


def test_counts_a_repeated_word_once():
    assert len(WordSet(["pain", "pain", "itch"])) == 2


@pytest.mark.parametrize("word", ["two\x1ewords", "unit\x1fhere", 3])
def test_refuses_a_word_it_could_not_tell_apart(word):
    with pytest.raises(ValueError):
        WordSet([word])
    with pytest.raises(ValueError):
        WordMap({word: "x"})
    with pytest.raises(ValueError):
        WordMap({"x": word})


def test_maps_exactly_its_words():
    mapping = {"tradename \t\t=": "x", "two\nlines": "y", "bled": "bleed", "bleeds": "bleed", "ab": "a", "a": "a", "Men": "man", "were": "be"}
    words = WordMap(mapping)
    for key, value in mapping.items():
        assert words.get(key) == value
    for other in ("", "ble", "bledd", "men", "b", "bleed", "a\x1fb", "\x1eab", "bled\x1fbleed"):
        assert words.get(other) is None
        assert words.get(other, other) == other
    assert len(words) == len(mapping)


def test_english_words_answer_as_the_set_they_are_built_from():
    import gzip
    import json

    import spacy_lookups_data

    with gzip.open(str(spacy_lookups_data.get_file("en_lemma_lookup.json.gz")), "rt", encoding="utf8") as f:
        lookup = json.load(f)
    words = english_words()
    sample = sorted(lookup)[::50]
    assert sample
    for word in sample:
        assert (word in words) is word.isalpha()
        assert (word + "qx" in words) is False


def test_english_words_are_words_not_typos():
    words = english_words()
    assert all(word in words for word in ("smelling", "injection", "swollen", "breathing"))
    assert not any(typo in words for typo in ("swolen", "brething", "eliqis", "pregnet"))
