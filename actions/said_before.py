"""What the assistant has said so far in the conversation, by response name:
whether the checklist or the emergency message was shown, which answers
were given whole."""
from __future__ import annotations

from typing import Dict, List

from rasa_sdk import Tracker


def responses_given(tracker: Tracker) -> List[str]:
    return [(event.get("metadata") or {}).get("utter_action") or "" for event in tracker.events if event.get("event") == "bot"]


def said_in_previous_turn(tracker: Tracker) -> Dict[str, str]:
    """What the assistant said between the visitor's previous message and
    this one: the text of each response, by its name. Read from the end: a
    long conversation costs no more than a short one."""
    said: Dict[str, str] = {}
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                return said
        elif users == 1 and event.get("event") == "bot":
            said.setdefault((event.get("metadata") or {}).get("utter_action") or "", event.get("text") or "")
    return {}
