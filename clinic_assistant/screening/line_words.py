"""Checklist lines named in words ("four", "the 4th one", "number seven"):
one table for the disclosure reader (clinic_assistant/screening/reader.py)
and the checklist's answer (actions/screening/actions.py), which must not
import the reader (it loads spaCy)."""
from __future__ import annotations

NUMBER_WORDS = {
    word: number
    for number, words in enumerate((
        "one first 1st", "two second 2nd", "three third 3rd", "four fourth 4th", "five fifth 5th", "six sixth 6th",
        "seven seventh 7th", "eight eighth 8th", "nine ninth 9th", "ten tenth 10th", "eleven eleventh 11th",
        "twelve twelfth 12th",
    ), start=1)
    for word in words.split()
}
# Any of them, longest first.
NUMBER_WORD = "(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
# Any but a bare "one", which is rarely a line ("all no except one thing").
LINE_WORD = "(?:" + "|".join(sorted((w for w in NUMBER_WORDS if w != "one"), key=len, reverse=True)) + ")"
