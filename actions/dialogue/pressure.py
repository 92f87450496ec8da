"""What kind of push-back a message is (data/lexicon/pressure.yml)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional

import yaml

PRESSURE_FILE = Path(__file__).resolve().parents[2] / "data" / "lexicon" / "pressure.yml"
INTENT_KINDS = {"book_appointment": "booking", "medical_advice": "medicine"}


@lru_cache(maxsize=1)
def _patterns() -> Dict[str, List[re.Pattern]]:
    raw = yaml.safe_load(PRESSURE_FILE.read_text(encoding="utf-8"))["pressure"]
    return {kind: [re.compile(p) for p in patterns] for kind, patterns in raw.items()}


def kind_of(text: str, intent: Optional[str]) -> Optional[str]:
    """medicine, override, partial, booking, reassurance, about_it or None."""
    lowered = (text or "").lower()
    for kind, patterns in _patterns().items():
        if any(p.search(lowered) for p in patterns):
            return kind
    return INTENT_KINDS.get(intent or "")
