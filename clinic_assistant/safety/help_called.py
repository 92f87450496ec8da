"""A visitor who says emergency help is on its way, after the emergency
message: "ok I called 911, they're sending someone".

The classifier may read it as another problem (the number, "sending
someone"), and "please get this checked by a clinician today" with a new
ticket would answer a message that reports help already called. Only after
the emergency message in the same conversation (actions/symptoms.py) and
only when no red flag is named, which the rules read first.
"""
from __future__ import annotations

import re

from clinic_assistant.questions import asks_something

_CALLED = re.compile(
    r"\b(?:called|calling|rang|ringing|phoned|phoning|dialled|dialed|contacted)\b\W+(?:\w+\W+){0,2}?"
    r"(?:\d{3}\b|an? ambulance|the ambulance|paramedics|emergency|the er\b|a&e)"
    r"|\b(?:ambulance|paramedics|help)\b\W+(?:\w+\W+){0,2}?(?:is|are|'s|’s|s)?\W*(?:coming|on (?:the|their|its) way)"
    r"|\b(?:they(?:'re|’re| are)?|theyre)\s+sending\s+(?:someone|an ambulance|help|paramedics)",
    re.IGNORECASE,
)


def help_called(text: str) -> bool:
    """Told, not asked: "should I call 911?" and "do I ring an ambulance" ask."""
    text = text or ""
    return not asks_something(text) and bool(_CALLED.search(text))
