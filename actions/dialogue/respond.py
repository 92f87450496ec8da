"""One turn of the conversation whenever it is more than a question and its
answer (components/policies.py ConversationPolicy decides when).

The order is the safety order of CONTRACT §4, after the red flags and
symptoms that the policy sends to action_handle_symptom first:
1. staff hold the conversation: say nothing;
2. a pending contact prompt takes the message only if it answers it;
3. a disclosure, in any state, is recorded against the item it names;
4. after an urgent handoff, every message gets how to reach help now;
5. a running checklist takes its answers; anything else is answered and the
   checklist is recalled;
6. after the clinician-review outcome, push-back gets a firm, specific answer;
7. while a ticket is open, the team has the message;
8. otherwise: booking and screening requests, general questions about a
   condition, personal medicine questions, and the FAQ answers.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import clinic_config
from actions.base import ClinicAction
from actions.booking_policy import answer as answer_policy
from actions.contact import answer_contact_prompt
from actions.dialogue.pressure import kind_of
from actions.handoff.handoff import HANDOFF_SLOT, URGENT_SLOT, hand_off, open_ticket
from actions.handoff.store import CLAIMED
from actions.screening import actions as screening
from actions.screening.items import FLAGGED

FAQ_INTENTS = (
    "ask_pain", "ask_safety", "ask_downtime", "ask_sessions", "ask_results", "ask_cost", "ask_procedure",
    "ask_aftercare", "ask_preparation", "ask_suitability", "ask_comparison", "ask_clinic_info",
)
SCREENING_INTENTS = ("book_appointment", "start_screening")
PRESSURE_REPLIES = {
    "medicine": "utter_hold_medicine",
    "override": "utter_hold_override",
    "partial": "utter_hold_partial",
    "booking": "utter_hold_booking",
    "reassurance": "utter_hold_booking",
}
# Intents under which a condition named in general words gets its general
# rule rather than the intent's FAQ answer ("is it ok while breastfeeding?").
GENERAL_QUESTION_INTENTS = (
    "ask_contraindication", "ask_safety", "ask_suitability", "start_screening", "medical_advice", "nlu_fallback", None,
)


def domain_responses(tracker: Tracker, domain: Dict[Text, Any]) -> Dict[Text, Any]:
    return (domain or {}).get("responses") or {}


class ActionRespond(ClinicAction):
    def name(self) -> Text:
        return "action_respond"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        self.domain = domain
        ticket = open_ticket(tracker)
        if ticket is not None and ticket.status == CLAIMED:
            # Staff are writing: visitor messages reach them only. The open
            # ticket is restated so that the turn is not mistaken for a failure.
            return [SlotSet(HANDOFF_SLOT, ticket.id)]
        if ticket is None and tracker.get_slot(HANDOFF_SLOT):
            return [SlotSet(HANDOFF_SLOT, None), SlotSet(URGENT_SLOT, None)] + self.respond(dispatcher, tracker, None)
        prompt_answer = answer_contact_prompt(dispatcher, tracker)
        if prompt_answer is not None:
            return prompt_answer
        events: List[EventType] = []
        if tracker.get_slot("contact_prompt"):
            events.append(SlotSet("contact_prompt", None))  # not an answer: a new message
        return events + self.respond(dispatcher, tracker, ticket)

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, ticket) -> List[EventType]:
        reading = screening.reading_of(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        text = tracker.latest_message.get("text") or ""
        outcome = tracker.get_slot(screening.OUTCOME_SLOT)

        if outcome == "in_progress" and intent != "cancel":
            answered = screening.answer_checklist(dispatcher, tracker, reading)
            if answered is not None:
                return answered
        else:
            findings = screening.own_findings(reading)
            flagged = [f for f in findings if f["answer"] in FLAGGED]
            if flagged:
                return screening.record(findings) + screening.refer_to_clinician(dispatcher, tracker, flagged)
            if findings and intent not in SCREENING_INTENTS:
                # "I'm not pregnant": recorded, and the question is still answered.
                return screening.record(findings) + self.respond_to_intent(dispatcher, tracker, intent, reading, ticket)

        if ticket is not None and ticket.urgent:
            dispatcher.utter_message(response="utter_hold_urgent")
            return []
        if outcome == "in_progress":
            return self.inside_checklist(dispatcher, tracker, intent, reading, ticket)
        if outcome == "review":
            held = self.hold_review(dispatcher, tracker, intent, text)
            if held is not None:
                return held
        if ticket is not None:
            kind = kind_of(text, intent)
            dispatcher.utter_message(response="utter_hold_medicine" if kind == "medicine" else "utter_handoff_hold")
            return []
        return self.respond_to_intent(dispatcher, tracker, intent, reading, ticket)

    def inside_checklist(self, dispatcher, tracker, intent, reading, ticket) -> List[EventType]:
        """A message that does not answer the checklist: stop, hand over, or
        answer it and recall the checklist."""
        if intent == "cancel":
            return screening.stop(dispatcher)
        if intent in ("request_human", "medical_advice", "report_symptom"):
            return screening.stop_quietly() + self.respond_to_intent(dispatcher, tracker, intent, reading, ticket)
        if intent in FAQ_INTENTS or intent == "ask_policy" or reading.get("general") or intent == "ask_contraindication":
            events = self.respond_to_intent(dispatcher, tracker, intent, reading, ticket)
            screening.remind(dispatcher)
            return events
        if intent in SCREENING_INTENTS:
            return screening.start_checklist(dispatcher, tracker, booking=intent == "book_appointment")
        return screening.not_read(dispatcher, tracker)

    def hold_review(self, dispatcher, tracker, intent, text) -> Optional[List[EventType]]:
        """After "a clinician needs to review this": push-back gets a firm,
        specific answer; "does that matter?" gets the general rule."""
        kind = kind_of(text, intent)
        if kind == "about_it" or intent == "ask_contraindication":
            screening.general_answers(dispatcher, list(screening.flags_of(tracker)))
            dispatcher.utter_message(response="utter_review_still_needed")
            return []
        if kind in PRESSURE_REPLIES or intent in SCREENING_INTENTS or intent == "affirm":
            dispatcher.utter_message(response=PRESSURE_REPLIES.get(kind or "", "utter_hold_booking"))
            return []
        return None

    def respond_to_intent(self, dispatcher, tracker, intent, reading, ticket) -> List[EventType]:
        outcome = tracker.get_slot(screening.OUTCOME_SLOT)
        if intent in SCREENING_INTENTS:
            booking = intent == "book_appointment"
            if outcome == "clear":
                dispatcher.utter_message(response="utter_booking_link" if booking else "utter_screening_already_clear")
                return []
            if outcome == "review":
                dispatcher.utter_message(response="utter_hold_booking")
                return []
            return screening.start_checklist(dispatcher, tracker, booking)
        if reading.get("general") and intent in GENERAL_QUESTION_INTENTS:
            screening.general_answers(dispatcher, reading["general"])
            return []
        if intent == "ask_contraindication":
            dispatcher.utter_message(response="utter_general_overview")
            return []
        if intent == "medical_advice":
            dispatcher.utter_message(response="utter_medical_advice")
            return hand_off(dispatcher, tracker, "medical_advice") if ticket is None else []
        if intent == "request_human":
            dispatcher.utter_message(response="utter_handoff_visitor_request")
            return hand_off(dispatcher, tracker, "visitor_request") if ticket is None else []
        if intent in FAQ_INTENTS:
            dispatcher.utter_message(response=f"utter_{intent}")
            return []
        if intent == "ask_policy":
            answer_policy(dispatcher, tracker.latest_message.get("text") or "", clinic_config.current().policies)
            return []
        if f"utter_{intent}" in domain_responses(tracker, self.domain):
            dispatcher.utter_message(response=f"utter_{intent}")  # greet, thank, out_of_scope...
            return []
        return [FollowupAction("action_clarify")]
