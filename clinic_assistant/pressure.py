"""What kind of push-back a message is, and whether it also asks to book
(data/lexicon/pressure.yml)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, List, Optional

import yaml

from clinic_assistant.text.vocabulary import LEXICON

PRESSURE_FILE = LEXICON / "pressure.yml"
INTENT_KINDS = {"book_appointment": "booking", "medical_advice": "medicine"}
# Read from the same file, but no push-back.
NOT_PUSH_BACK = ("book_request", "day_proposed")


@lru_cache(maxsize=1)
def _patterns() -> Dict[str, List[re.Pattern]]:
    raw = yaml.safe_load(PRESSURE_FILE.read_text(encoding="utf-8"))
    kinds = {kind: [re.compile(p) for p in patterns] for kind, patterns in raw["pressure"].items()}
    kinds["book_request"] = [re.compile(p) for p in raw["book_request"]]
    kinds["verdict"] = [re.compile(p) for p in raw["verdict"]]
    kinds["day_proposed"] = [re.compile(p) for p in raw["day_proposed"]]
    return kinds


def kind_of(text: str, intent: Optional[str]) -> Optional[str]:
    """medicine, override, partial, booking, reassurance, about_it or None."""
    lowered = (text or "").lower()
    for kind, patterns in _patterns().items():
        if kind not in NOT_PUSH_BACK and any(p.search(lowered) for p in patterns):
            return kind
    return INTENT_KINDS.get(intent or "")


# "why?", "how come", "really?" alone: the classifier heard a yes ("Great. What
# would you like to know next?"). "why not" without a question mark may be one.
_WHY = re.compile(
    r"^\W*(?:but\s+|and\s+|ok\s+|so\s+)?(?:why+|y|how come|really|for real|seriously|why not\s*\?)"
    # "why so many?", "but why tho", "why cant i", "really? that long?"
    r"(?:[\s?!.]+(?:tho|though|so many|so long|that long|that many|is that|cant i|can'?t i|so))*\W*$",
    re.IGNORECASE,
)


def asks_why(text: str) -> bool:
    return bool(_WHY.match(text or ""))


def proposes_a_day(text: str) -> bool:
    """"could i come thursday after work?", "next tuesday afternoon?"."""
    lowered = (text or "").lower()
    return any(p.search(lowered) for p in _patterns()["day_proposed"])


def asks_to_book(text: str) -> bool:
    """A booking request said beside another question ("..., I'd like to book")."""
    lowered = (text or "").lower()
    return any(p.search(lowered) for p in _patterns()["book_request"])


def asks_for_verdict(text: str) -> bool:
    """"so can i do it or not? yes or no": a yes for them personally, asked
    after the checklist found nothing (the practitioner decides)."""
    lowered = (text or "").lower()
    return any(p.search(lowered) for p in _patterns()["verdict"])
