""""do you do botox?", "do you offer lip fillers": a treatment other than
microneedling, asked for by name.

The classifier knows microneedling's topics only, so it heard the nearest
one ("do you do botox" as what microneedling is, "do you offer lip fillers"
as the price) or none. The clinic configuration says nothing about other
treatments, so the answer says the assistant cannot tell and offers the
team (actions/dialogue/respond.py), never a guess. Asked beside
microneedling ("is botox better than microneedling?", "can I have fillers
after microneedling?") it is a comparison or a medical question: left to
the classifier.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional, Tuple

from clinic_assistant.answer_parts import last_answer
from clinic_assistant.questions import follow_up

RESPONSE = "utter_other_treatment"

# The name the answer uses, and how visitors write it.
_TREATMENTS: Tuple[Tuple[str, str], ...] = (
    ("Botox or other wrinkle injections", r"bo?tox|dysport|xeomin|wrinkle (?:relax\w*|injections?)|anti ?-?wrinkle injections?|tox"),
    ("fillers", r"(?:lip |dermal |cheek |chin |under ?-?eye )?fill?ers?|lip (?:injections?|flip)"),
    # PRP is microneedling's add-on, answered from the clinic configuration (answer_parts.py); PRF is not.
    ("PRF", r"prf"),
    ("laser treatments", r"laser(?: hair removal| resurfacing| treatments?)?|ipl|photofacials?|co2|fraxel|bbl"),
    ("chemical peels", r"(?:chemical )?peels?"),
    # "a facial" or "facials", not "facial scars".
    ("facials", r"hydra ?facials?|facials|an? facial(?!\s+(?:scar|area|skin|hair|line|wrinkle|rejuv))"
     r"|microdermabrasion|dermaplaning|led (?:light|therapy)"),
    ("RF microneedling", r"morpheus ?8?|rf microneedling|radio ?frequency(?: microneedling)?|potenza|secret rf"),
    ("skin boosters", r"profhilo|skin boosters?|polynucleotides|mesotherapy|sculptra"),
    ("thread lifts", r"thread ?lifts?|pdo threads?"),
    ("tattoo removal", r"tattoo removal"),
    ("hair removal", r"wax(?:ing)?|electrolysis"),
)
_TREATMENT = r"\b(?:" + "|".join(pattern for _, pattern in _TREATMENTS) + r")\b"
# The same, each treatment a group of its own: which one was named.
_NAMED = re.compile(r"\b(?:" + "|".join(f"(?P<t{number}>{pattern})" for number, (_, pattern) in enumerate(_TREATMENTS)) + r")\b")
# "do you do botox", "do u guys offer lip fillers", "does the clinic have any
# peels", "is botox something you do", "how much is lip filler". Not "can you have it after lip
# filler?" or "do you have appointments after lip filler", which ask when
# microneedling can follow a filler.
_ASKS_OFFERED = re.compile(
    r"\b(?:do|does)\s+(?:you|u|ya|y'?all|your clinic|the clinic|your place)\s+(?:guys\s+|also\s+|still\s+)*"
    r"(?:do|offer|provide|have|perform|sell|carry)\s+(?:(?!after|before|since|following|post|with)\w+\s+){0,3}?"
    + _TREATMENT
    + r"|" + _TREATMENT + r"\W+(?:is that |is it )?something (?:you|u) (?:do|offer)\b"
    # "how much is lip filler at ur clinic": its price, which the price list does not hold.
    + r"|\bhow much (?:is|are|for|does|do|would|to get)\s+(?:(?:a|an|the|your|some|it for)\s+)?" + _TREATMENT
)
_MICRONEEDLING = re.compile(r"micro ?-?needl|needling|dermapen|derma ?pen|collagen induction")
# "do you do rf microneedling": another treatment, though its name holds microneedling's.
_RF_MICRONEEDLING = re.compile(r"\b(?:rf|radio ?-?frequency)\s*-?\s*micro ?-?needl\w*")


def other_treatment_asked(text: str, given: Iterable[Optional[str]] = ()) -> Optional[str]:
    """The treatment's name when `text` asks whether the clinic offers a
    treatment other than microneedling, or names one right after that
    answer ("what about lip fillers?"); else None. `given`: the responses
    sent so far."""
    lowered = (text or "").lower()
    if _MICRONEEDLING.search(_RF_MICRONEEDLING.sub(" ", lowered)):
        return None
    if not (_ASKS_OFFERED.search(lowered) or (last_answer(given) == RESPONSE and follow_up(lowered))):
        return None
    found = _NAMED.search(lowered)
    if found is None:
        return None
    number = int(next(name for name, value in found.groupdict().items() if value)[1:])
    return _TREATMENTS[number][0]
