"""What the assistant has said so far in the conversation, by response name:
whether the checklist or the emergency message was shown, which answers
were given whole."""
from __future__ import annotations

from typing import List

from rasa_sdk import Tracker


def responses_given(tracker: Tracker) -> List[str]:
    return [(event.get("metadata") or {}).get("utter_action") or "" for event in tracker.events if event.get("event") == "bot"]
