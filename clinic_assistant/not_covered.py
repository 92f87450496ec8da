""""can you do microneedling over a tattoo?", "what about over a mole?",
"can i have it during my period?": questions about microneedling that
neither shared/FACTS.md nor the clinic configuration answers.

The classifier hears them as a contraindication question, and the visitor
got the list of what rules the treatment out, which says nothing about
tattoos or moles. They get, instead, that the assistant has no answer from
the clinic and will not guess, with the practitioner at a consultation and
the team as the way to one (actions/dialogue/respond.py). A health matter
read in the same message (a disclosure, a symptom, a medicine question)
keeps its own handling, which comes first.
"""
from __future__ import annotations

import re
from typing import Optional, Tuple

# How the answer names it, and how visitors write it.
_TOPICS: Tuple[Tuple[str, str], ...] = (
    ("a tattoo", r"tattoo(?:s|ed)?(?!\s+removal)|tats?\b"),
    ("a mole or birthmark", r"moles?|birth ?marks?|beauty marks?"),
    ("during a period", r"(?:my|your|her|a|the|on)\s+period|menstruat\w*|time of the month"),
    # Stop 45: the suitability paragraph twice, then its sentence on darker skin for "dark circles".
    # Stop 47: "can i come in for a patch test" got the preparation answer, which names none.
    ("a patch test", r"patch[- ]?tests?|test patch(?:es)?|spot tests?|test (?:area|spot) first"),
    # Stop 47: "had mn yesterday, can i drink alcohol tonight" got "did you mean...?";
    # neither FACTS.md nor clinic.yml says anything of alcohol after (or before) it.
    ("alcohol", r"alcohol(?:ic)?|booze|wine|beers?|prosecco|champagne|cocktails?|vodka|tequila|(?:get(?:ting)?|got) drunk"),
    ("coffee or caffeine", r"coffee|caffeine|energy drinks?"),
    ("under-eye bags or dark circles", r"(?:under ?-?eye|eye)\s+bags|bags under (?:my |the |her )?eyes|dark (?:under ?-?eye )?circles|puffy eyes"),
)
_NAMED = re.compile(r"\b(?:" + "|".join(f"(?P<t{number}>{pattern})" for number, (_, pattern) in enumerate(_TOPICS)) + r")")
# What such a question is heard as; a booking, a person or a health matter keeps its own handling.
_HEARD_AS = {
    "ask_contraindication", "ask_suitability", "ask_safety", "ask_procedure", "ask_preparation",
    "ask_downtime", "ask_aftercare", "ask_results", "out_of_scope", "nlu_fallback",
}


def topic_not_covered(text: str, intent: str) -> Optional[str]:
    """How the answer names the topic `text` asks about that no fact or
    clinic setting answers, if it is one and is heard as `intent`; else None."""
    if intent not in _HEARD_AS:
        return None
    found = _NAMED.search((text or "").lower())
    if found is None:
        return None
    number = int(next(name for name, value in found.groupdict().items() if value)[1:])
    return _TOPICS[number][0]
