"""Low NLU confidence: ask once, then offer a person, then hand off.

Never a confident wrong answer: the first unclear message gets "did you mean
A or B?" built from the classifier's two best guesses; a second in a row gets
the fixed line and an offer of a person; a third hands off (low_confidence).
"""
from __future__ import annotations

from typing import Any, Dict, List, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import ClinicAction
from actions.handoff.handoff import hand_off

FALLBACK_INTENT = "nlu_fallback"

# What a clarifying question offers for each intent: a short label and the
# button's payload, a plain question the classifier recognises.
OPTIONS: Dict[str, Tuple[str, str]] = {
    "ask_pain": ("whether it hurts", "Does it hurt?"),
    "ask_safety": ("risks and side effects", "Is microneedling safe?"),
    "ask_downtime": ("downtime and recovery", "What's the downtime?"),
    "ask_sessions": ("the number of sessions", "How many sessions will I need?"),
    "ask_results": ("when results show", "When will I see results?"),
    "ask_cost": ("the price", "How much does it cost?"),
    "ask_procedure": ("how the treatment works", "How does microneedling work?"),
    "ask_aftercare": ("aftercare", "What should I do after the treatment?"),
    "ask_preparation": ("how to prepare", "How do I prepare for my appointment?"),
    "ask_suitability": ("what it can treat", "What skin concerns does it treat?"),
    "ask_comparison": ("how it compares with other treatments", "How does it compare with laser?"),
    "book_appointment": ("booking a consultation", "Book a consultation"),
    "ask_clinic_info": ("our opening hours and address", "Opening hours"),
    "start_screening": ("checking if it's right for you", "Check if it's right for me"),
    "request_human": ("talking to a person", "Talk to a person"),
}


def consecutive_fallbacks(tracker: Tracker) -> int:
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        if (event.get("parse_data", {}).get("intent", {}) or {}).get("name") != FALLBACK_INTENT:
            break
        count += 1
    return count


def best_guesses(tracker: Tracker, limit: int = 2) -> List[str]:
    ranking = tracker.latest_message.get("intent_ranking") or []
    names = [entry.get("name") for entry in ranking]
    return [name for name in names if name in OPTIONS][:limit]


def clarifying_question(dispatcher: CollectingDispatcher, guesses: List[str]) -> None:
    buttons = [{"title": OPTIONS[name][1], "payload": OPTIONS[name][1]} for name in guesses]
    buttons.append({"title": "Something else", "payload": "Ask something else"})
    if len(guesses) == 2:
        first, second = (OPTIONS[name][0] for name in guesses)
        dispatcher.utter_message(response="utter_clarify_two", first=first, second=second, buttons=buttons)
    elif guesses:
        dispatcher.utter_message(response="utter_clarify_one", first=OPTIONS[guesses[0]][0], buttons=buttons)
    else:
        dispatcher.utter_message(response="utter_clarify_rephrase")


class ActionClarify(ClinicAction):
    def name(self) -> Text:
        return "action_clarify"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        attempts = consecutive_fallbacks(tracker)
        if attempts >= 3:
            dispatcher.utter_message(response="utter_handoff_low_confidence")
            return hand_off(dispatcher, tracker, "low_confidence")
        # The question waits for the visitor. As Rasa's core fallback this
        # action also runs where no rule applies, and without an explicit
        # listen it would be predicted again and again.
        if attempts == 2:
            dispatcher.utter_message(response="utter_low_confidence_offer")
            return [SlotSet("handoff_offer", "low_confidence"), FollowupAction("action_listen")]
        clarifying_question(dispatcher, best_guesses(tracker))
        return [SlotSet("handoff_offer", None), FollowupAction("action_listen")]
