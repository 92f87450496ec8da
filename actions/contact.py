"""Contact details after a handoff, asked with consent and validated.

Only on channels that do not identify the visitor (web chat); Telegram,
WhatsApp, SMS and Messenger already give staff a way back.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import ClinicAction
from actions.handoff.handoff import HANDOFF_SLOT, ticket_store
from actions.pii import find_contact

# Intents that leave the form instead of answering it.
INTERRUPTIONS = ("cancel", "deny", "report_symptom")


class ValidateContactForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_contact_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        if tracker.get_slot("contact_consent") is False:
            return ["contact_consent"]
        return domain_slots

    async def extract_contact_consent(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != "contact_consent":
            return {}
        intent = tracker.latest_message.get("intent", {}).get("name")
        text = tracker.latest_message.get("text") or ""
        contact = find_contact(text)
        if contact:  # answered the next question straight away
            return {"contact_consent": True, "contact": contact}
        if intent == "report_symptom":
            return {}  # rejected: the safety rules take over
        # Anything but a clear yes counts as no: the team replies in the chat.
        return {"contact_consent": intent == "affirm"}

    async def extract_contact(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != "contact":
            return {}
        if tracker.latest_message.get("intent", {}).get("name") in INTERRUPTIONS:
            return {}  # rejected: the rules stop the form
        contact = find_contact(tracker.latest_message.get("text") or "")
        if contact is None:
            dispatcher.utter_message(response="utter_contact_invalid")
        return {"contact": contact}


class ActionContactSaved(ClinicAction):
    def name(self) -> Text:
        return "action_contact_saved"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        contact, ticket_id = tracker.get_slot("contact"), tracker.get_slot(HANDOFF_SLOT)
        if contact and ticket_id:
            ticket_store().set_contact(ticket_id, contact)
            dispatcher.utter_message(response="utter_contact_saved")
        else:
            dispatcher.utter_message(response="utter_contact_declined")
        return []
