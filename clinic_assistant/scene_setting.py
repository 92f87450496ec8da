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

A question whose answer is the same for everyone (the price, the hours, the
address, the booking policies, booking itself) does not depend on the skin,
the person or the area (stop 45: "I've got acne scars on my cheeks from my
teens, how much would it be?" got what it treats, or a clinician, instead of
the price): beside such a question only health in lay words, a problem, a
treatment had still make the statement more than scenery
(`scenery_for_same_answer`; the caller checks the question's intent, and the
price part reads the area from the whole message).
"""
from __future__ import annotations

import re
from functools import lru_cache

from clinic_assistant.safety.after_treatment import tells_of_treatment
from clinic_assistant.safety.no_problem import names_no_problem
from clinic_assistant.safety.red_flags import Level, assess
from clinic_assistant.text.vocabulary import LEXICON, Vocabulary

_WORD = re.compile(r"[a-z]+|\d")


_SECTIONS = ("skin", "person", "health", "areas")


@lru_cache(maxsize=2)
def _self_description(sections: tuple = _SECTIONS) -> frozenset[str]:
    vocabulary = Vocabulary(LEXICON / "self_description.yml", _SECTIONS)
    return frozenset(word for section in sections for word in vocabulary.words(section))


# What a visitor asks whose answer is the same whoever asks it.
SAME_FOR_EVERYONE = ("ask_cost", "ask_clinic_info", "ask_policy", "book_appointment")


def sets_the_scene(statement: str) -> bool:
    """True when the statement (which names no screening item or medicine)
    says nothing the answer to the question beside it depends on."""
    lowered = (statement or "").lower()
    words = set(_WORD.findall(lowered))
    if any(word.isdigit() for word in words) or words & _self_description():
        return False
    return _no_problem_nor_treatment(lowered)


def _no_problem_nor_treatment(lowered: str) -> bool:
    if assess(lowered).level is not Level.NONE:
        return False
    return not tells_of_treatment(lowered) or names_no_problem(lowered)


def scenery_for_same_answer(statement: str) -> bool:
    """True when the statement (which names no screening item or medicine)
    sets the scene for a question whose answer is the same for everyone
    (SAME_FOR_EVERYONE): the skin, the person, an area or a number said
    ("i've got acne scars on my cheeks from my teens,", "im 34 with a few
    wrinkles,"), but no health in lay words, no problem, no treatment had."""
    lowered = (statement or "").lower()
    if set(_WORD.findall(lowered)) & _self_description(("health",)):
        return False
    return _no_problem_nor_treatment(lowered)
