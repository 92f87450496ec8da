"""Post-treatment problems and emergencies (docs/design.md §4.1, §4.2)."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import ClinicAction
from actions.handoff.handoff import HANDOFF_SLOT, RAISED_BY_A_SYMPTOM, hand_off, open_ticket, raise_to_symptom
from actions.said_before import responses_given
from clinic_assistant.safety.crisis import CRISIS
from clinic_assistant.safety.help_called import help_called
from clinic_assistant.safety.no_problem import names_no_problem
from clinic_assistant.safety.over_messages import EMERGENCY_OVER_MESSAGES
from clinic_assistant.safety.red_flags import Level, assess
from clinic_assistant.tickets import CLAIMED


def visitor_text(tracker: Tracker) -> str:
    """The visitor's whole last message. The parsed text in latest_message is
    cut to the classifier's length limit, and a red flag may come after it."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event.get("text") or ""
    return tracker.latest_message.get("text") or ""


# A crisis's kind (the parse's `crisis`) and what it is answered with.
CRISIS_RESPONSES = {"self_harm": "utter_crisis", "poisoning": "utter_emergency", "abuse": "utter_abuse"}


class ActionHandleSymptom(ClinicAction):
    """Red flags get only the emergency message and an urgent handoff; any
    other reported problem gets "see a clinician today" (with the
    out-of-hours route) and a handoff. Never reassurance. While staff hold
    the conversation only the emergency message is sent: staff see the rest.
    A running checklist ends: the problem comes first. Thoughts of suicide
    or self-harm, poisoning and abuse (the parse's `crisis`) get their own
    message instead. A message that names
    no problem at all ("had my first session 2 days ago") is asked what is
    happening instead (clinic_assistant/safety/no_problem.py); one that
    says help was called, after the emergency message, is acknowledged
    (clinic_assistant/safety/help_called.py)."""

    def name(self) -> Text:
        return "action_handle_symptom"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        crisis = tracker.latest_message.get(CRISIS)
        if crisis:
            # Its kind's message and a person alerted, nothing else.
            dispatcher.utter_message(response=CRISIS_RESPONSES[crisis])
            return self._stop_checklist(tracker) + hand_off(dispatcher, tracker, "urgent_symptom", urgent=True, crisis=crisis)
        text = visitor_text(tracker)
        assessment = assess(text)
        level = assessment.level
        # Told over several messages (components/follow_ups.py read them together).
        urgent = level is Level.URGENT or bool(tracker.latest_message.get(EMERGENCY_OVER_MESSAGES))
        ticket = open_ticket(tracker)
        if not urgent and ticket is None and names_no_problem(text):
            # "had my first session 2 days ago": what comes next says what is wrong, if anything.
            dispatcher.utter_message(response="utter_symptom_what")
            return []
        if not urgent and help_called(text) and "utter_emergency" in responses_given(tracker):
            # "ok I called 911, they're sending someone": no new problem, no new ticket.
            dispatcher.utter_message(response="utter_help_called")
            return []
        events = self._stop_checklist(tracker)
        if ticket is not None and ticket.status == CLAIMED and not urgent:
            return events + [SlotSet(HANDOFF_SLOT, ticket.id)]
        if urgent:
            dispatcher.utter_message(response="utter_emergency")
            return events + hand_off(dispatcher, tracker, "urgent_symptom", urgent=True)
        dispatcher.utter_message(response="utter_symptom")
        if ticket is not None and level is Level.SYMPTOM and ticket.reason in RAISED_BY_A_SYMPTOM:
            return events + raise_to_symptom(dispatcher, ticket)  # a problem the rules read, not the classifier's guess
        return events + hand_off(dispatcher, tracker, "symptom")

    @staticmethod
    def _stop_checklist(tracker: Tracker) -> List[EventType]:
        """A running checklist ends: what was told comes first."""
        if tracker.get_slot("screening_outcome") == "in_progress":
            return [SlotSet("screening_outcome", "stopped")]
        return []
