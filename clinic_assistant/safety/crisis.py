"""A visitor in crisis: thoughts of suicide or self-harm, an overdose,
something swallowed, or violence at home.

"i hate my face so much i dont want to be here anymore" had been read as a
request for a person ("Of course. I'm passing this chat to our team.", then
the contact prompt), and "i want to kill myself" as a cancel ("No problem,
I've let the team know you don't need them now"). Neither is a question
about microneedling, and no confidence gate may stand between such a
message and the emergency number: like the red flags (CONTRACT §4.1), it is
read by rules (data/lexicon/crisis.yml) on the normalised text, before
anything the classifier said, and answered with the message for its kind
and an urgent handoff (actions/symptoms.py). So are "i took like 20
paracetamol", "my toddler ate some of the numbing cream" (the emergency
message) and "im scared to go home, my partner gets violent".

Hyperbole ("dying to try it", "to die for") and questions about old scars
("can it help my old self harm scars") are removed before the patterns are
read, so they get their ordinary answer.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, List, Optional

import yaml

from clinic_assistant.safety.normalize import normalise
from clinic_assistant.text.vocabulary import LEXICON

CRISIS_FILE = LEXICON / "crisis.yml"
# The parse result's key (components/safety_override.py sets it): the dialogue and the action read it.
CRISIS = "crisis"
# Visitors leave out apostrophes or type them as spaces ("don t"); the
# patterns allow either, once the message's apostrophes are one kind.
_APOSTROPHE_SPACE = re.compile(r"\b(don|can|won|isn|wasn|didn|doesn|i) t\b")


# The kinds of crisis, in the order they are read (data/lexicon/crisis.yml).
KINDS = ("self_harm", "poisoning", "abuse")
# "500mg", "20 mg": a dose is no count of pills ("i took 400 mg ibuprofen").
_DOSE = re.compile(r"\b\d+(?:\.\d+)? ?(?:mg|mcg|ml|g|milligrams?)\b")


@lru_cache(maxsize=1)
def _patterns() -> Dict[str, List[re.Pattern]]:
    raw = yaml.safe_load(CRISIS_FILE.read_text(encoding="utf-8"))
    return {section: [re.compile(p) for p in patterns] for section, patterns in raw.items()}


def _any(section: str, text: str) -> bool:
    return any(pattern.search(text) for pattern in _patterns()[section])


def crisis_kind(text: str) -> Optional[str]:
    """"self_harm" (thoughts of suicide or self-harm, an overdose, now),
    "poisoning" (something swallowed, the numbing cream's toxic signs),
    "abuse" (violence at home), or None: not for hyperbole, medicines taken
    as prescribed, accidents, nor scars and episodes long past."""
    lowered = _DOSE.sub("dose", _APOSTROPHE_SPACE.sub(r"\1't", normalise(text or "")))
    for pattern in _patterns()["not_crisis"]:
        lowered = pattern.sub(" ", lowered)
    for kind in KINDS:
        if _any(kind, lowered):
            if kind == "self_harm" and _any("past_episode", lowered) and not _any("now", lowered):
                continue  # "i had an overdose at 15, can i get it done now"
            return kind
    return None


# After the crisis message: "it was a false alarm, i'm fine", "lol i was joking".
_STANDS_DOWN = re.compile(
    r"\b(false alarm|(i'?m|im|i am) (fine|ok|okay|alright|all right|safe|good)( now)?|(just |only )?(joking|kidding)|jk"
    r"|didn'?t mean (it|that)|(not|wasn'?t) serious|(i'?m|im|i am) not (suicidal|in danger|going to)|misunderstood|(it was|was) a joke)\b")


def stands_down(text: str) -> bool:
    """The visitor says the crisis message was not for them, or they are safe."""
    return bool(_STANDS_DOWN.search(normalise(text or "")))
