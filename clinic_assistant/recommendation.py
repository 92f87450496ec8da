""""what would you recommend then?", "what should i do?", "would you
recommend it? be honest": a visitor asking what is best for their skin.

The classifier has no intent for it and heard it as out of scope ("That's
outside what I can help with"), though it follows what the assistant just
said. Recommending a treatment is the practitioner's, after seeing the skin
and the history (docs/design.md: no medical advice), so the answer says
that and offers the consultation and the team (actions/dialogue/respond.py).
Only a message the classifier could not place is read so: "what do you
recommend for aftercare?" is the aftercare question, and "my face is
swollen, what should i do?" a symptom.
"""
from __future__ import annotations

import re

UNPLACED_INTENTS = ("out_of_scope", "nlu_fallback")

_ASKS = re.compile(
    r"\bwhat (?:would|do|should|could|can) (?:you|u|ya) (?:recommend|suggest|advise)"
    r"|\bwhat(?:'s| is|s) (?:the )?best (?:option |treatment |thing |one )?for me\b"
    r"|\bwhat (?:should|shall|could) i (?:do|get|try|have|go for|book)\b"
    r"|\b(?:any|your) (?:recommendations?|suggestions?|advice)\b"
    r"|\bwhat do (?:you|u) think i should\b|\bwhich (?:one|treatment) (?:should|would) (?:i|you)\b"
    r"|\b(?:would|do|should|could) (?:you|u) (?:honestly |personally )?recommend\b"
)


def asks_for_recommendation(text: str, intent: str) -> bool:
    """`text`, which the classifier placed nowhere, asks what the visitor should have."""
    return intent in UNPLACED_INTENTS and bool(_ASKS.search((text or "").lower()))
