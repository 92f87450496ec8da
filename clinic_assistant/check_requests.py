"""Requests for the check that the classifier hears as something else (h67).

- "is my daughter suitable? she's 19", "would my son be a good candidate":
  her or his check, as "check if my daughter can have it" starts it (the
  checklist then asks about them: actions/screening). Heard as out of scope.
- "actually ok lets continue", "go on with the check", after "never mind,
  forget it" stopped it: back into the check. Heard as another "cancel",
  which had answered "Okay, stopped" and left no way back.

Read through clinic_assistant/answer_parts.py heard_intent, so that the
dialogue policy and the answers hear the same request.
"""
from __future__ import annotations

import re

_RELATIVE = (
    r"(?:(?:step)?daughters?|(?:step)?sons?|child|kids?|sisters?|brothers?|friends?|niece|nephew|teen(?:ager)?"
    r"|mum|mom|mother|dad|father|wife|husband|partner|girlfriend|boyfriend|gf|bf)"
)
_ASKS_IF_THEY_SUIT = re.compile(
    rf"\b(?:is|would|will|could|can|might)\s+my\s+(?:\w+\s+)?{_RELATIVE}\s+(?:be\s+)?"
    r"(?:suitable|a (?:good |suitable )?candidate|eligible|ok(?:ay)? for|fine for|able to (?:have|get|do)|allowed)\b"
    rf"|\b(?:is|would) (?:it|microneedling|this|the treatment) (?:be )?(?:suitable|ok(?:ay)?|right) for my\s+(?:\w+\s+)?{_RELATIVE}\b",
    re.IGNORECASE,
)
_RESUMES = re.compile(
    r"^\W*(?:(?:actually|ok|okay|oh|wait|sorry|no|nah|yes|yeah|yep|fine|alright|right|hmm|um+|lol|so)\W+)*"
    r"(?:let'?s|lets|can we|could we|i(?:'d| would)? (?:like|want|wanna) to|i'?ll|please|pls)?\s*"
    r"(?:continue|carry on|keep going|go on|go back|resume|start (?:it )?again|restart"
    r"|do (?:it|the (?:check|list|checklist)) (?:after all|again|now)|finish (?:it|the (?:check|list|checklist)))"
    r"(?:\s+(?:with\s+)?(?:it|the (?:check|list|checklist|questions|booking)|then|after all|please|pls|now))*\W*$",
    re.IGNORECASE,
)


def asks_if_they_suit(text: str) -> bool:
    """"is my daughter suitable?": someone else's check asked for."""
    return bool(_ASKS_IF_THEY_SUIT.search(text or ""))


def resumes(text: str) -> bool:
    """"actually ok lets continue": back into a check that was stopped."""
    return bool(_RESUMES.match(text or ""))
