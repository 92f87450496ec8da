"""Text normalisation: what every message goes through before any rule."""
import pytest

from clinic_assistant.safety.normalize import (
    normalise,
    strip_accents,
    strip_invisible,
    within_edits,
)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Hello  World", "hello world"),
        ("  spaced\tout\n\nlines  ", "spaced out lines"),
        ("sw\u200bell\u200cing", "swelling"),  # zero-width space / non-joiner
        ("l\u200dips", "lips"),  # zero-width joiner
        ("\ufeffbom", "bom"),  # byte-order mark
        ("soft\u00adhyphen", "softhyphen"),
        ("\u202emy lips\u202c", "my lips"),  # right-to-left override / pop
        ("\u2066isolate\u2069", "isolate"),
        ("word\u2060joiner", "wordjoiner"),
        ("\uff53\uff57\uff45\uff4c\uff4c", "swell"),  # full-width letters (NFKC)
        ("\U0001d42c\U0001d430\U0001d41e\U0001d425\U0001d425", "swell"),  # maths bold (NFKC)
        ("\ufb01ne", "fine"),  # ligature (NFKC)
        ("\u0455w\u0435lling", "swelling"),  # Cyrillic dze, ie
        ("\u0440\u0443s", "pys"),  # Cyrillic er, u (looks like y)
        ("\u0421\u041d\u0415\u0421\u0422", "chect"),  # upper-case Cyrillic, folded after case-folding
        ("br\u0435\u0430th\u0456ng", "breathing"),  # Cyrillic ie, a, i
        ("\u03bfozing", "oozing"),  # Greek omicron
        ("\u0399NFECTED", "infected"),  # Greek capital iota
        ("can\u2019t", "can't"),
        ("\u201cquoted\u201d", '"quoted"'),
        ("it\u2018s", "it's"),
        ("well\u2014known", "well-known"),
        ("STRASSE", "strasse"),
        ("stra\u00dfe", "strasse"),  # casefold, not lower
        ("thumbs \U0001f44d\ufe0f", "thumbs \U0001f44d"),  # emoji kept, variation selector dropped
        ("", ""),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["S\u200bW\u0415LL\u0130NG", "caf\u00e9 \u2018ok\u2019", "\u0130stanbul", "x\u200b\u0301y", "  a \u00a0 b  "],
)
def test_normalise_is_idempotent(raw):
    once = normalise(raw)
    assert normalise(once) == once


def test_normalise_is_linear_on_long_input():
    text = "sw\u200belling \u0455ore " * 20000
    assert normalise(text).startswith("swelling sore swelling")


def test_strip_invisible_keeps_visible_text():
    assert strip_invisible("a\u200bb\u00adc d") == "abc d"


@pytest.mark.parametrize("raw, expected", [("pu\u0301s", "pus"), ("inf\u00e9ction", "infection"), ("s\u0336w\u0336e\u0336l\u0336l\u0336", "swell")])
def test_strip_accents(raw, expected):
    assert strip_accents(raw) == expected


@pytest.mark.parametrize(
    "a, b, limit, expected",
    [
        ("swollen", "swolen", 1, True),  # deletion
        ("pain", "pian", 1, True),  # adjacent transposition
        ("warfarin", "warferin", 1, True),  # substitution
        ("pregnant", "pregnet", 2, True),
        ("pregnant", "pregnet", 1, False),
        ("chest", "cheat", 0, False),
        ("abc", "abc", 0, True),
        ("", "ab", 1, False),
        ("isotretinoin", "aspirin", 2, False),
    ],
)
def test_within_edits(a, b, limit, expected):
    assert within_edits(a, b, limit) is expected
