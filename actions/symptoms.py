"""Post-treatment problems and emergencies (CONTRACT §4.1, §4.2)."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.base import ClinicAction
from actions.handoff.handoff import hand_off
from actions.safety.red_flags import Level, assess


def visitor_text(tracker: Tracker) -> str:
    """The visitor's whole last message. The parsed text in latest_message is
    cut to the classifier's length limit, and a red flag may come after it."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event.get("text") or ""
    return tracker.latest_message.get("text") or ""


class ActionHandleSymptom(ClinicAction):
    """Red flags get only the emergency message and an urgent handoff; any
    other reported problem gets "contact the clinic today" and a handoff.
    Never reassurance."""

    def name(self) -> Text:
        return "action_handle_symptom"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        if assess(visitor_text(tracker)).level is Level.URGENT:
            dispatcher.utter_message(response="utter_emergency")
            return hand_off(dispatcher, tracker, "urgent_symptom", urgent=True)
        dispatcher.utter_message(response="utter_symptom")
        return hand_off(dispatcher, tracker, "symptom")
