"""Actions that open and end a handoff."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import ClinicAction
from actions.handoff.handoff import CONTACT_PROMPT_SLOT, HANDOFF_SLOT, URGENT_SLOT, hand_off, ticket_store


class _ReasonHandoff(ClinicAction):
    """Says the reason's fixed line, then hands off with that reason."""

    reason: str = ""
    response: str = ""

    def name(self) -> Text:
        return f"action_handoff_{self.reason}"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(response=self.response)
        return hand_off(dispatcher, tracker, self.reason)


class ActionHandoffVisitorRequest(_ReasonHandoff):
    reason, response = "visitor_request", "utter_handoff_visitor_request"


class ActionHandoffMedicalAdvice(_ReasonHandoff):
    reason, response = "medical_advice", "utter_medical_advice"


class ActionHandoffLowConfidence(_ReasonHandoff):
    reason, response = "low_confidence", "utter_handoff_low_confidence"


class ActionHandback(ClinicAction):
    """Staff hand the conversation back (POST /conversations/{id}/execute)."""

    def name(self) -> Text:
        return "action_handback"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        ticket_id = tracker.get_slot(HANDOFF_SLOT)
        if ticket_id:
            ticket_store().close(ticket_id)
        dispatcher.utter_message(response="utter_handback")
        # Run from the API, outside a turn: end on action_listen so the
        # visitor's next message starts a normal turn that rules recognise.
        return [SlotSet(HANDOFF_SLOT, None), SlotSet(URGENT_SLOT, None), SlotSet(CONTACT_PROMPT_SLOT, None),
                ActionExecuted("action_listen")]
