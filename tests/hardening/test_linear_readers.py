"""The readers that see visitor text give the right answer on adversarial
input (issue 13). Their time is measured by scripts/bench_adversarial.py
(`make bench-adversarial`), not asserted here."""
from __future__ import annotations

import pytest

from clinic_assistant.limits import MAX_CHANNEL_CHARS, MAX_READ_CHARS, MAX_READ_WORDS
from clinic_assistant.pii import find_contact, redact
from clinic_assistant.questions import question_beside_statement, split_questions
from clinic_assistant.safety.normalize import normalise, strip_invisible
from clinic_assistant.safety.red_flags import Level, assess

SIZES = (1_000, 4_000, 16_000, MAX_CHANNEL_CHARS)


def filled(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


PADDING = ["a", "ab", "a b ", "a.b-a_b*", "a/b|a~b", ",", ", ", "ab ", "a ab ", "c4nt ", "name.surname+tag_", "1 2 3 "]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("unit", PADDING)
def test_padding_alone_is_no_red_flag(unit, size):
    assert assess(filled(unit, size)).level is Level.NONE


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("unit", PADDING)
def test_a_red_flag_after_the_padding_is_still_found(unit, size):
    text = filled(unit, size - 40) + ". I can't breathe"
    assert len(text) <= MAX_READ_CHARS
    assert assess(text).level is Level.URGENT


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("unit", PADDING + [" ", ", and is it "])
def test_padding_is_not_cut_into_questions(unit, size):
    assert split_questions(filled(unit, size)) == []


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("unit", PADDING + [" "])
def test_the_question_after_padding_is_found(unit, size):
    assert question_beside_statement(filled(unit, size)) is None
    assert question_beside_statement(filled(unit, size) + ". how long is the downtime?") == "how long is the downtime?"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("unit", PADDING + [" "])
def test_two_questions_around_the_padding_are_found(unit, size):
    padded = "does it hurt? " + filled(unit, size) + " and how long is the downtime?"
    assert len(split_questions(padded)) == 2


@pytest.mark.parametrize("size", SIZES)
def test_a_red_flag_before_the_padding_is_found(size):
    assert assess("my lips are swelling. " + filled("a b ", size)).level is Level.URGENT


def test_only_the_documented_number_of_words_is_read():
    words = "ok," * (MAX_READ_WORDS // 2)  # a word and a comma: two of the words counted
    assert len(words + "my lips are swelling") <= MAX_READ_CHARS
    assert assess(words + "my lips are swelling").level is Level.NONE
    assert assess("ok " * (MAX_READ_WORDS // 2) + "my lips are swelling").level is Level.URGENT


def test_a_word_longer_than_any_keyword_is_never_bent():
    assert assess("swelling" * 10 + " lips").level is Level.NONE
    assert assess("b r e a t h e " * 20 + "is hard").level is Level.NONE  # no word is 140 letters long


@pytest.mark.parametrize(
    "text",
    [
        "i c4nt br3athe", "c4n't br3athe", "i can't br34th3", "my l1ps are sw0ll3n", "ch3st p@in",
        "my thr0at is cl0sing",
    ],
)
def test_digits_and_symbols_used_as_letters(text):
    assert assess(text).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "b/r/e/a/t/h/e is hard", "b|r|e|a|t|h|e is hard", "my lips are s~w~e~l~l~i~n~g",
        "c+h+e+s+t p+a+i+n", "b\u2800r\u2800e\u2800a\u2800t\u2800h\u2800e is hard", "swel/ling lips",
        "m y  l i p s  a r e  s w e l l i n g", "i c a n t b r e a t h e",
    ],
)
def test_any_separator_between_letters(text):
    assert assess(text).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    ["I have 3 and 6", "day 3 and my face is fine", "24h after my session, no pain", "call me on 555 1234",
     "h e l l o", "n o s w e l l i n g", "my email is jane@example.com"],
)
def test_digits_and_spacing_do_not_invent_red_flags(text):
    assert assess(text).level is Level.NONE


@pytest.mark.parametrize(
    "invisible",
    ["\u2800", "\u3164", "\u180b", "\u180c", "\u180d", "\U000e0100", "\U000e01ef", "\u2061", "\u061c", "\U0001d173", "\u200b", "\ufeff"],
)
def test_every_invisible_character_is_read_through(invisible):
    assert assess(f"my lips are sw{invisible}el{invisible}ling").level is Level.URGENT


def test_normalise_removes_every_format_character():
    import sys
    import unicodedata

    format_characters = [chr(p) for p in range(sys.maxunicode + 1) if unicodedata.category(chr(p)) == "Cf"]
    assert strip_invisible("a" + "".join(format_characters) + "b") == "ab"
    assert normalise("my\u2800lips") == "my lips"  # a blank glyph reads as a space
    assert assess("my\u2800lips\u2800are\u2800swelling").level is Level.URGENT


# --- clinic_assistant/pii.py ------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("unit", ["a", "ab", "name.surname+tag_", "swellingbreathingchest", "1 2 3 ", "-"])
def test_pii_on_long_text_without_contact_details(unit, size):
    text = filled(unit, size)
    assert find_contact(text) in (None,) or unit.startswith("1")
    assert redact(text).count("[e-mail]") == 0


@pytest.mark.parametrize("size", SIZES)
def test_contact_details_after_long_padding_are_found_and_redacted(size):
    text = filled("ab", size) + " mail jane.doe@example.com or call +44 7700 900123"
    assert find_contact(" " + text[-60:]) == "jane.doe@example.com or +447700900123"  # both kept (stop 40)
    redacted = redact(text)
    assert redacted.endswith("mail [e-mail] or call [phone]")


def test_an_address_after_a_long_run_of_address_characters_is_still_redacted():
    text = "x" * 5000 + "@example.com"
    assert "@example.com" not in redact("see " + "a" * 30 + "@example.com")
    assert redact(text)  # answers (a 5,000-character local part is no address)


def test_a_long_list_of_numbers_is_redacted_piece_by_piece():
    numbers = " ".join(["+44 7700 900123"] * 50)
    assert "7700" not in redact(numbers)
