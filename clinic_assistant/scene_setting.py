"""A statement beside a question that only sets the scene.

"my husband thinks im crazy. is it safe?", "my sister had it last year,
whats the downtime", "treatment went great! how long till my next session":
the statement tells who or why, and the question is what is asked. Classified
whole, such messages went where the statement pulled them (a medical
question handed to a clinician, the list of what rules it out, a problem to
check today); the question alone is answered
(components/question_segments.py decides).

A statement is more than scenery when it says anything the answer depends
on: a screening item or medicine (the disclosure reader, checked by the
caller), a problem (the red-flag rules), a treatment had (unless it is good
news), the skin, the person, health in lay words or a body area ("i have
dark skin, will it work for me?" asks about suitability; "doc has me on
something for my blood"; data/lexicon/self_description.yml), or a number
(an age, a date).
"""
from __future__ import annotations

import re
from functools import lru_cache

from clinic_assistant.safety.after_treatment import tells_of_treatment
from clinic_assistant.safety.no_problem import names_no_problem
from clinic_assistant.safety.red_flags import Level, assess
from clinic_assistant.text.vocabulary import LEXICON, Vocabulary

_WORD = re.compile(r"[a-z]+|\d")


@lru_cache(maxsize=1)
def _self_description() -> frozenset[str]:
    sections = ("skin", "person", "health", "areas")
    vocabulary = Vocabulary(LEXICON / "self_description.yml", sections)
    return frozenset(word for section in sections for word in vocabulary.words(section))


def sets_the_scene(statement: str) -> bool:
    """True when the statement (which names no screening item or medicine)
    says nothing the answer to the question beside it depends on."""
    lowered = (statement or "").lower()
    words = set(_WORD.findall(lowered))
    if any(word.isdigit() for word in words) or words & _self_description():
        return False
    if assess(lowered).level is not Level.NONE:
        return False
    return not tells_of_treatment(lowered) or names_no_problem(lowered)
