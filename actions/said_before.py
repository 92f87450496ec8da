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
    this one: the text of each response, by its name."""
    users = [index for index, event in enumerate(tracker.events) if event.get("event") == "user"]
    if len(users) < 2:
        return {}
    return {(event.get("metadata") or {}).get("utter_action") or "": event.get("text") or ""
            for event in tracker.events[users[-2]:users[-1]] if event.get("event") == "bot"}
