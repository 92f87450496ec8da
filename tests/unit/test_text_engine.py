"""The text engine both rule-based readers share (clinic_assistant/text/engine.py):
spelling tolerance, clause breaks and negation scope, one rule for both."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from clinic_assistant.safety.red_flags import Level, assess
from clinic_assistant.screening.items import Answer
from clinic_assistant.text.engine import CLAUSE_BREAKS, NEGATION, Spelling, clause_spans, negated, squeeze
from clinic_assistant.text.word_tables import MEDICINE_NAMES

ROOT = Path(__file__).resolve().parents[2]


def test_squeeze_folds_doubled_letters():
    assert squeeze("swollen") == squeeze("swolen") == "swolen"
    assert squeeze("accutane") == "acutane"


@pytest.fixture(scope="module")
def spelling() -> Spelling[str]:
    forms = {"swelling": "SWELL", "warfarin": "BLEED", "face": "FACE", "chemotherapy": "CHEMO"}
    return Spelling(forms, min_length=4, fuzzy=["swelling", "warfarin", "face"], aliases={"pian": "PAIN"})


@pytest.mark.parametrize(
    "word, value",
    [
        ("swelling", "SWELL"),
        ("swellling", "SWELL"),  # doubled letters
        ("sweling", "SWELL"),  # one edit from a short keyword
        ("swleing", "SWELL"),  # a swapped pair
        ("warfrn", "BLEED"),  # two edits from a keyword of eight letters
        ("fcae", "FACE"),  # four letters: only a swapped pair...
        ("fact", None),  # ...never another letter (and "fact" is English)
        ("pian", "PAIN"),  # an alias no edit rule reaches
        ("smelling", None),  # an English word is never bent
        ("chemoterapy", None),  # not among the fuzzy keywords
        ("chemotherapy", "CHEMO"),  # but spelt right it is known
        ("swe", None),  # too short
    ],
)
def test_spelling_bends_misspellings_not_words(spelling, word, value):
    assert spelling.find(word) == value


def test_spelling_of_two_words_run_together(spelling):
    assert spelling.find("warfare") is None  # an English word
    assert spelling.find("warfare", real_words=True) == "BLEED"  # "warfa rin" joined: no longer a word
    assert spelling.exact("swellling") == "SWELL"
    assert spelling.exact("sweling") == "SWELL"  # squeezed alike
    assert spelling.exact("sweing") is None  # exact ignores edit distance


def test_a_fuzzy_keyword_must_be_a_known_spelling():
    with pytest.raises(ValueError, match="swolen"):
        Spelling({"swelling": 1}, min_length=4, fuzzy=["swollen"])


def test_clauses_end_at_the_shared_breaks():
    words = "no swelling , but my lips hurt so i came".split()
    assert [words[a:b] for a, b in clause_spans(words)] == [["no", "swelling"], ["my", "lips", "hurt"], ["i", "came"]]
    assert {",", ".", "but", "and", "so", "because", "whereas"} <= CLAUSE_BREAKS


def test_negation_reaches_back_within_its_scope():
    words = "i dont have any real swelling".split()
    assert negated(words, 5, 5, reach=5, stop=CLAUSE_BREAKS)
    assert not negated(words, 5, 5, reach=3, stop=CLAUSE_BREAKS)  # out of reach
    assert not negated("no , swelling".split(), 2, 2, reach=5, stop=CLAUSE_BREAKS)  # a clause break
    assert negated("face isnt swollen".split(), 0, 2, reach=5, stop=CLAUSE_BREAKS)  # inside the mention
    assert {"no", "not", "never", "dont", "none"} <= NEGATION


def test_both_readers_read_the_same_negation_words():
    assert assess("my lips are swelling").level is Level.URGENT
    assert assess("my lips are never swelling").level is Level.NONE


@pytest.mark.skipif(not MEDICINE_NAMES.exists(), reason="build/medicine_names.json missing")
def test_the_disclosure_reader_uses_the_shared_words():
    from clinic_assistant.screening.reader import reader_for

    reader = reader_for((ROOT / "clinic.yml").read_text(encoding="utf-8"))
    today = dt.date(2024, 6, 15)
    assert reader.read("never been pregnant", today).findings["pregnancy"].answer is Answer.NO
    assert reader.read("i take warfrin", today).findings["bleeding"].answer is Answer.YES
    # "then ..." starts a new clause: its question does not say the visitor stopped anything.
    reading = reader.read("i have diabetes and i get cold sores now and then does either of those stop me", today)
    assert reading.findings["immune_metabolic"].answer is Answer.YES


def test_the_action_server_side_imports_no_language_pipeline():
    code = (
        "import sys, clinic_assistant.safety.red_flags as r, clinic_assistant.text.engine;"
        "r.assess('my lips are swolen');"
        "print(sorted({'spacy', 'thinc', 'tensorflow', 'medspacy'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
