"""A skin concern microneedling treats, told as the visitor's own: "i have
pretty deep acne scars", "ive got stretch marks from pregnancy", "dark
spots on my cheeks".

"I have ..." pulls the classifier towards a contraindication, and the
answer was the list of what rules the treatment out, for the very thing it
is used for. Such a message gets what it is used for instead
(actions/dialogue/respond.py). Raised (keloid) scars, healing or infected
skin are no such concern: the disclosure reader flags them before this, and
a message naming them is left to the contraindication answer.
"""
from __future__ import annotations

import re

_CONCERN = re.compile(
    r"\b(?:acne |pitted |ice ?-?pick |rolling |boxcar |deep |old |chicken ?pox |surgical |c-?section |surgery |operation )?scar(?:s|ring|red)?\b"
    r"|\bstretch ?marks?\b|\bwrinkles\b|\bfine lines\b|\b(?:large|big|enlarged|open) pores\b"
    r"|\b(?:dark|age|sun|brown) ?spots?\b|\b(?:hyper)?pigmentation\b"
)
_NOT_THE_CONCERN = re.compile(
    r"\bkeloid|\braised\b|\bhypertrophic|\bheal|\bwounds?\b|\bfresh\b|\binfect|\bbleed|\bitch|\bsore\b|\bpain|\bswoll|\bswell"
)


def treated_concern(text: str) -> bool:
    """`text` names a concern the treatment is used for, and nothing that
    could make the skin unfit for it."""
    lowered = (text or "").lower()
    return bool(_CONCERN.search(lowered)) and not _NOT_THE_CONCERN.search(lowered)
