"""Writes build/medicine_names.json: every medicine name that
drug-named-entity-recognition knows (generic and brand, about 100,000),
mapped to its generic name.

The library resolves names offline from a dictionary it ships, but loading it
costs about 360 MB per process (it builds fuzzy-match indexes at import); the
flat name -> generic table it yields here costs a few MB, so the Rasa server
reads this file instead of importing the library.
"""
from __future__ import annotations

import bz2
import json
import pickle
from pathlib import Path

import drug_named_entity_recognition

from clinic_assistant.text.word_tables import english_words

ROOT = Path(__file__).resolve().parents[1]

OUT = ROOT / "build" / "medicine_names.json"


def main() -> None:
    package = Path(drug_named_entity_recognition.__file__).parent
    with bz2.open(package / "drug_ner_dictionary.pkl.bz2", "rb") as handle:
        dictionary = pickle.load(handle)
    data = dictionary["drug_canonical_to_data"]
    words = english_words()
    names = {}
    for variant, canonicals in dictionary["drug_variant_to_canonical"].items():
        canonical = sorted(canonicals)[0]
        entry = data.get(canonical, {})
        generic = str(entry.get("name") or canonical).lower()
        # Everyday words that are also a product's own name ("aloe", "iron")
        # would turn small talk into a medicine; brand names of a generic
        # ("advil" -> ibuprofen) and medicines with a MedlinePlus page
        # ("sertraline", in some word lists too) stay. Short names are noise.
        everyday = variant in words and variant == generic and not entry.get("medline_plus_id")
        if len(variant) < 4 or everyday:
            continue
        # A brand made of everyday words ("all clear" eye drops) reads as
        # small talk far more often than as the product.
        if " " in variant and all(part in words for part in variant.split()):
            continue
        names[variant] = generic
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(names, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(names)} medicine names")


if __name__ == "__main__":
    main()
