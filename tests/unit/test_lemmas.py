"""The reader's lemmas are spaCy's lookup lemmatizer's, token for token."""
import gzip
import json
from pathlib import Path

import spacy
import spacy_lookups_data
import yaml

from clinic_assistant.screening import lemmas

ROOT = Path(__file__).resolve().parents[2]


def training_texts():
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            for line in str(block.get("examples", "")).splitlines():
                yield line.lstrip("- ").strip()


def test_same_lemmas_as_spacys_lookup_lemmatizer():
    with gzip.open(str(spacy_lookups_data.get_file("en_lemma_lookup.json.gz")), "rt", encoding="utf8") as f:
        table = json.load(f)
    texts = [*training_texts(), " ".join(table), " ".join(word.capitalize() for word in table),
             "Xarelto bleeding bled swollen keloids breastfeeding nursing pregnant isn't I'm qwzx"]
    assert len(texts) > 1000
    theirs = spacy.blank("en")
    theirs.add_pipe("lemmatizer", config={"mode": "lookup"})
    theirs.initialize()
    ours = spacy.blank("en")
    ours.add_pipe(lemmas.COMPONENT)
    changed = 0
    for text in texts:
        expected = [token.lemma_ for token in theirs(text)]
        got = [token.lemma_ for token in ours(text)]
        assert got == expected, text[:80]
        changed += sum(token.text != token.lemma_ for token in ours(text))
    assert changed > 40_000  # the table was at work, not only the fall-back to the text


def test_a_lemma_already_set_is_kept():
    nlp = spacy.blank("en")
    doc = nlp.make_doc("bled")
    assert [t.lemma_ for t in lemmas.lookup_lemmas(nlp.make_doc("bled"))] == ["bleed"]
    doc[0].lemma_ = "given"
    assert [t.lemma_ for t in lemmas.lookup_lemmas(doc)] == ["given"]
