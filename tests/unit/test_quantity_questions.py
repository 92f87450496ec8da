"""Numbers in a question about the treatment are quantities, not checklist
lines (clinic_assistant/screening/reader.py, stop 44: "do I need 6 sessions or
is 1 enough?" recorded line 1, pregnancy)."""
from pathlib import Path

import pytest

from clinic_assistant.screening.reader import reader_for

READER = reader_for((Path(__file__).resolve().parents[2] / "clinic.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", [
    "do I need 6 sessions or is 1 enough?",
    "how long is the appointment, 1 hour or 2?",
    "how far apart are sessions, 4 or 6 weeks?",
    "is it 3 treatments or 6",
])
def test_a_question_of_quantities_names_no_line(text):
    assert READER.read(text).numbers == []


@pytest.mark.parametrize("text, lines", [
    ("1 and 6", [1, 6]),
    ("3 and 9?", [3, 9]),
    ("4, how many days after should i wait?", [4]),
    ("number 6, had botox 2 weeks ago", [6]),
])
def test_line_numbers_still_count(text, lines):
    assert READER.read(text).numbers == lines
