"""The readers' vocabulary files are checked when they load: a broken file
stops start-up with the file and the entry named, instead of a reader that
quietly misses words (clinic_assistant/text/vocabulary.py)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from clinic_assistant.safety.red_flags import VOCABULARY_FILE, Level, assess, load_vocabulary
from clinic_assistant.text.vocabulary import Vocabulary, VocabularyError


def _broken(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "red_flags.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_the_shipped_file_loads_and_is_what_the_reader_uses():
    vocabulary = load_vocabulary()
    assert "SWELL" in vocabulary.tags["swollen"]
    assert vocabulary.phrases[("short", "of", "breath")] == "sob"
    assert vocabulary.phrases[("wont", "stop")] == "persist"  # a product of first words and phrases
    assert vocabulary.spelling.find("brething") == "breathing"
    assert vocabulary.spelling.find("smelling") is None  # an English word is never bent
    assert assess("cant breath after the numbing cream").level is Level.URGENT


@pytest.mark.parametrize(
    "change, entry",
    [
        (lambda d: d.update(colour="red"), "unknown sections ['colour']"),
        (lambda d: d.pop("aliases"), "missing sections ['aliases']"),
        (lambda d: d["tags"].update(SWELL=""), "tags.SWELL: expected a non-empty string"),
        (lambda d: d["tags"].update(SWOLLEN="swollen"), "tags: unknown ['SWOLLEN']"),
        (lambda d: d["tags"].pop("FEVER"), "tags: unknown [], missing ['FEVER']"),
        (lambda d: d["tags"].update(RASH="rash Hives"), "tags.RASH: 'Hives' is not a lower-case word"),
        (lambda d: d["words"].update(weak=["normal", "ok"]), "words.weak: expected a non-empty string"),
        (lambda d: d["words"].update(fine="fine"), "words: unknown ['fine']"),
        (lambda d: d["expressions"].update(sob=[]), "expressions.sob: expected a non-empty list"),
        (lambda d: d["expressions"].update(sob=["breathless"]), "'breathless' is one word, not a phrase"),
        (lambda d: d["over"].update(again=["went down"]), "'went down' is already read as"),
        (lambda d: d["phrase_products"]["worse"].pop("then"), "phrase_products.worse: expected exactly the keys"),
        (lambda d: d["single"].update(RASH={"reason": "rash", "kind": "mild"}), "single.RASH.kind: 'mild' is not one of"),
        (lambda d: d["single"].update(SPOTS={"reason": "spots", "kind": "problem"}), "single: ['SPOTS'] not defined"),
        (lambda d: d.update(fuzzy_keywords=d["fuzzy_keywords"] + " swelingg"), "fuzzy_keywords: ['swelingg'] not defined"),
        (lambda d: d["aliases"].update({False: "no"}), "aliases.False: a key must be a string"),
    ],
)
def test_a_broken_file_is_refused_with_file_and_entry_named(tmp_path, change, entry):
    path = _broken(tmp_path, change)
    with pytest.raises(VocabularyError) as refused:
        load_vocabulary(path)
    assert str(path) in str(refused.value)
    assert entry in str(refused.value)


def test_a_file_that_is_no_yaml_mapping_is_refused(tmp_path):
    path = tmp_path / "red_flags.yml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="expected a mapping of sections"):
        load_vocabulary(path)


@pytest.mark.parametrize("section, problem", [
    ({"symbols": ["x"]}, "expected the key words"),
    ({"words": []}, "non-empty list of regular expressions"),
    ({"words": ["don'?t (know"]}, "not a regular expression"),
])
def test_a_broken_answer_pattern_is_refused_with_its_section_named(tmp_path, section, problem):
    path = tmp_path / "answers.yml"
    path.write_text(yaml.safe_dump({"unsure": section}), encoding="utf-8")
    with pytest.raises(VocabularyError, match=rf"answers.yml: unsure.*{re.escape(problem)}"):
        Vocabulary(path, ["unsure"]).pattern("unsure")


def test_answer_patterns_match_whole_words_and_symbols_anywhere(tmp_path):
    path = tmp_path / "answers.yml"
    path.write_text(yaml.safe_dump({"no": {"words": ["no", "nope"], "symbols": ["\\u274c"]}}), encoding="utf-8")
    pattern = Vocabulary(path, ["no"]).pattern("no")
    assert pattern.search("nope, never") and pattern.search("\u274c\u274c") and not pattern.search("know nothing")
