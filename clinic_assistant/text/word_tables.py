"""The large word tables as compact look-ups (WordSet, WordMap), parsed in a
short child process: English words and lemmas (spacy-lookups-data) and
medicine names (build/medicine_names.json, scripts/build_medicine_names.py).

Parsing their JSON takes some 40 MB of Python objects for 8 MB of look-ups.
Parsed in the Rasa server, the freed objects stay behind as holes in its
heap, resident in every process forked from it; the child parses them and
sends back only the compact form (docs/performance.md, "Smaller stores").
`python -m clinic_assistant.text.word_tables` is that child.
"""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from clinic_assistant.text.word_set import WordMap, WordSet

MEDICINE_NAMES = Path(__file__).resolve().parents[2] / "build" / "medicine_names.json"


def _table(name: str) -> Any:
    import spacy_lookups_data

    with gzip.open(str(spacy_lookups_data.get_file(f"en_{name}.json.gz")), "rt", encoding="utf8") as f:
        return json.load(f)


def _parse() -> dict[str, dict]:
    lookup = _table("lemma_lookup")
    words = set(lookup) | set(lookup.values())
    for lemmas in _table("lemma_index").values():
        words.update(lemmas)
    return {
        "words": WordSet(w for w in words if w.isalpha()).to_json(),
        "lemmas": WordMap(lookup).to_json(),
        # built by `make` before anything reads it; empty where it was not (a bare checkout's tests)
        "medicines": WordMap(json.loads(MEDICINE_NAMES.read_text(encoding="utf-8")) if MEDICINE_NAMES.exists() else {}).to_json(),
    }


@lru_cache(maxsize=1)
def _parsed_in_child() -> dict[str, dict]:
    done = subprocess.run([sys.executable, "-m", __name__], capture_output=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"building the word tables failed: {done.stderr.decode(errors='replace')[-2000:]}")
    return json.loads(done.stdout)


@lru_cache(maxsize=1)
def english_words() -> WordSet:
    """About 114,000 English word forms (WordNet lemmas and their inflections,
    from spacy-lookups-data). A word in this set is a word, not a typo, so it
    is never bent towards a keyword ("smelling" is not "swelling")."""
    return WordSet.from_json(_parsed_in_child()["words"])


@lru_cache(maxsize=1)
def english_lemmas() -> WordMap:
    """spacy-lookups-data's English lemma table, as spaCy's lookup lemmatizer reads it."""
    return WordMap.from_json(_parsed_in_child()["lemmas"])


@lru_cache(maxsize=1)
def medicine_generics() -> WordMap:
    """Every medicine name drug-named-entity-recognition knows (about 96,000,
    generic and brand) -> its generic name."""
    return WordMap.from_json(_parsed_in_child()["medicines"])


if __name__ == "__main__":
    json.dump(_parse(), sys.stdout)
