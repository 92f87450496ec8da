"""1,000 generated spellings of each emergency still read as an emergency
(hypothesis): invisible characters anywhere, look-alike letters from other
scripts, digits and symbols for letters, separators between letters, case."""
from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from clinic_assistant.safety.red_flags import Level, assess  # noqa: E402

EMERGENCIES = ["I can't breathe", "my lips are swelling", "my throat is closing", "chest pain since my session"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff", "\u180b", "\u180e", "\u2061", "\U000e0101", "\u034f"]
LOOK_ALIKE = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441", "i": "\u0456", "s": "\u0455", "y": "\u0443"}
DIGITS = {"a": "4", "e": "3", "o": "0", "s": "5", "t": "7", "i": "1", "l": "1"}


@st.composite
def spellings(draw):
    text = draw(st.sampled_from(EMERGENCIES))
    out = []
    for ch in text:
        trick = draw(st.sampled_from(["keep", "keep", "keep", "look", "digit", "upper"])) if ch.isalpha() else "keep"
        if trick == "look":
            ch = LOOK_ALIKE.get(ch, ch)
        elif trick == "digit" and ch.lower() not in "il":  # "1" reads as i or l: one per word is enough
            ch = DIGITS.get(ch, ch)
        elif trick == "upper":
            ch = ch.upper()
        out.append(ch)
        if draw(st.integers(0, 4)) == 0:
            out.append(draw(st.sampled_from(INVISIBLE)))
    return "".join(out)


@st.composite
def spaced_out(draw):
    word = draw(st.sampled_from(["breathe", "swelling", "throat"]))
    separator = draw(st.sampled_from([" ", ".", "-", "_", "*", "/", "|", "~", "+", "\u2800", ",", "·"]))
    spaced = separator.join(word)
    return {"breathe": f"I can't {spaced}", "swelling": f"my lips are {spaced}", "throat": f"my {spaced} is closing"}[word]


FUZZ = settings(max_examples=1000, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))


@FUZZ
@given(spellings())
def test_an_obfuscated_emergency_is_still_urgent(text):
    assert assess(text).level is Level.URGENT, text


@FUZZ
@given(spaced_out())
def test_an_emergency_spelt_out_letter_by_letter_is_still_urgent(text):
    assert assess(text).level is Level.URGENT, text
