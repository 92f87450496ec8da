"""The reader's vocabulary, kept as data (data/lexicon/, clinic.yml).

- medicine classes (data/lexicon/medicines.yml, Rasa lookup tables): which
  generic and brand names are a blood thinner, isotretinoin, an antiviral...;
- every other medicine name, resolved to its generic by
  drug-named-entity-recognition (build/medicine_names.json, written by
  scripts/build_medicine_names.py);
- health words outside the checklist and skincare names that are no medicine
  (data/lexicon/health.yml);
- lay cues for medspaCy's ConText (data/lexicon/context.yml);
- screening items told by what happens rather than by name ("when I get a
  cut it heals as a big shiny bump": keloid), and words that answer an item
  no by telling the other thing ("she's bottle fed": not breastfeeding), both
  in data/lexicon/context.yml beside the cues.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from clinic_assistant.text.word_set import WordMap
from clinic_assistant.text.word_tables import medicine_generics

ROOT = Path(__file__).resolve().parents[2]
LEXICON = ROOT / "data" / "lexicon"


def _lookup_tables(path: Path) -> dict[str, tuple[str, ...]]:
    tables = {}
    for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        names = [line[2:].strip().lower() for line in entry["examples"].splitlines() if line.startswith("- ")]
        tables[entry["lookup"]] = tuple(names)
    return tables


@dataclass(frozen=True)
class MedicineClass:
    name: str  # lookup table name, e.g. "anticoagulant"
    item: str  # screening item it answers
    called: str  # "a blood thinner"
    only_allergy: bool = False  # counts only as an allergy ("allergic to lidocaine")


@dataclass(frozen=True)
class Description:
    """An item told in lay words: a word of each group in turn, each at most
    `within` words after the one before, in one clause ("my ear piercing scar
    grew into a big lump": [scar...], [lump...])."""
    item: str
    groups: tuple[frozenset[str], ...]
    within: int


@dataclass(frozen=True)
class Lexicon:
    classes: dict[str, MedicineClass]
    class_of_name: dict[str, str]  # "eliquis" / "apixaban" -> "anticoagulant"
    generic_of_name: WordMap  # every known medicine name -> generic
    other_conditions: tuple[str, ...]
    own_only_conditions: tuple[str, ...]  # other conditions with no general rule ("moles")
    not_medicines: frozenset[str]
    context_rules: tuple[dict[str, Any], ...]
    dropped_default_cues: frozenset[str]
    descriptions: tuple[Description, ...] = ()
    tells_no: dict[str, tuple[str, ...]] = field(default_factory=dict)  # item id -> "bottle fed"...
    # clinic.yml screening.not_screened: told, on no line of the checklist ("the pill")
    not_screened: tuple[str, ...] = ()

    def medicine(self, name: str) -> tuple[str, MedicineClass | None] | None:
        """(generic, class or None) for a medicine name, or None if it is none."""
        if name in self.not_medicines:
            return None
        generic = self.generic_of_name.get(name)
        cls = self.class_of_name.get(name) or (self.class_of_name.get(generic) if generic else None)
        if cls is None and generic is None:
            return None
        if generic in self.not_medicines:
            return None
        return generic or name, self.classes.get(cls) if cls else None


def load_lexicon(clinic: dict[str, Any]) -> Lexicon:
    tables = _lookup_tables(LEXICON / "medicines.yml")
    health = _lookup_tables(LEXICON / "health.yml")
    configured = clinic["screening"].get("medicine_classes") or {}
    classes = {
        name: MedicineClass(name, str(spec["item"]), str(spec["called"]), bool(spec.get("only_allergy")))
        for name, spec in configured.items()
        if name in tables
    }
    class_of_name = {name: cls for cls in classes for name in tables[cls]}
    context = yaml.safe_load((LEXICON / "context.yml").read_text(encoding="utf-8"))
    return Lexicon(
        classes=classes,
        class_of_name=class_of_name,
        generic_of_name=medicine_generics(),
        other_conditions=health["other_condition"],
        own_only_conditions=health.get("own_only_condition", ()),
        not_medicines=frozenset(health["not_medicine"]),
        context_rules=tuple(context["context_rules"]),
        dropped_default_cues=frozenset(context["drop_default_cues"]),
        descriptions=tuple(
            Description(str(d["item"]), tuple(frozenset(str(w).lower() for w in group) for group in d["words"]), int(d.get("within", 6)))
            for d in context.get("described") or ()
        ),
        tells_no={str(entry["item"]): tuple(str(p).lower() for p in entry["phrases"]) for entry in context.get("tells_no") or ()},
        not_screened=tuple(str(t).lower() for t in (clinic["screening"].get("not_screened") or {}).get("terms") or ()),
    )
