"""The contraindication screening: start, read answers, outcome, booking.

CONTRACT §4.3: the outcome is either "nothing you told me rules it out; the
practitioner confirms" (offer booking) or "a clinician needs to review this"
(handoff, reason `contraindication`). Never "it is safe for you".
Only yes / no / unsure flags are kept, never the visitor's words.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import clinic_config
from actions.base import ClinicAction
from actions.handoff.handoff import hand_off
from actions.screening.items import item_id, slot_name
from actions.screening.reader import Answer, ScreeningReader, load_items

RETRY_SLOT = "screening_retry"
OUTCOME_SLOT = "screening_outcome"
BOOKING_SLOT = "booking_requested"
# Intents that leave the form (through rules) unless the message names the item asked about.
INTERRUPTIONS = ("cancel", "request_human", "medical_advice")
FLAGGED = (Answer.YES.value, Answer.UNSURE.value)


@lru_cache(maxsize=1)
def reader() -> ScreeningReader:
    return ScreeningReader(load_items(clinic_config.current().raw))


def screening_slots() -> List[str]:
    return [slot_name(item["id"]) for item in clinic_config.current().screening_items]


def flags_of(tracker: Tracker) -> Dict[str, str]:
    """Flagged items (yes / unsure) by item id."""
    return {
        item_id(slot): tracker.get_slot(slot)
        for slot in screening_slots()
        if tracker.get_slot(slot) in FLAGGED
    }


def refer_to_clinician(
    dispatcher: CollectingDispatcher, tracker: Tracker, flags: Dict[str, str]
) -> List[EventType]:
    dispatcher.utter_message(response="utter_screening_review")
    return [SlotSet(OUTCOME_SLOT, "review"), SlotSet(BOOKING_SLOT, None)] + hand_off(
        dispatcher, tracker, "contraindication", flags=flags
    )


def begin_screening(
    dispatcher: CollectingDispatcher, tracker: Tracker, booking: bool
) -> List[EventType]:
    """Read what the opening message already says, then ask the rest.

    A condition the visitor named (yes, or not sure) goes straight to a
    clinician: nothing the remaining questions could say would change that.
    """
    detected = reader().detect(tracker.latest_message.get("text") or "")
    answers = {
        slot_name(item): answer.value
        for item, answer in detected.items()
        if answer is not Answer.UNKNOWN
    }
    events: List[EventType] = [SlotSet(slot, answers.get(slot)) for slot in screening_slots()]
    events += [SlotSet(RETRY_SLOT, None), SlotSet(OUTCOME_SLOT, None), SlotSet(BOOKING_SLOT, booking)]
    flags = {item_id(slot): value for slot, value in answers.items() if value in FLAGGED}
    if flags:
        return events + refer_to_clinician(dispatcher, tracker, flags)
    dispatcher.utter_message(response="utter_screening_intro_booking" if booking else "utter_screening_intro")
    # The rules start screening_form on this value (data/rules/screening.yml).
    return events + [SlotSet(OUTCOME_SLOT, "in_progress")]


class ActionStartScreening(ClinicAction):
    def name(self) -> Text:
        return "action_start_screening"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        return begin_screening(dispatcher, tracker, booking=False)


class ActionBook(ClinicAction):
    """A first booking request goes through the screening; once it has an
    outcome, rules answer booking requests with static responses."""

    def name(self) -> Text:
        return "action_book"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        return begin_screening(dispatcher, tracker, booking=True)


class ValidateScreeningForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_screening_form"

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        """Read the answer to the question just asked (one item a turn)."""
        slot = tracker.get_slot("requested_slot")
        if slot not in screening_slots():
            return []
        latest = tracker.latest_message
        intent = latest.get("intent", {}).get("name")
        if intent == "report_symptom":
            return []  # rejected: the safety rules take over
        text = latest.get("text") or ""
        if intent in INTERRUPTIONS and item_id(slot) not in reader().detect(text):
            return []  # "stop", "talk to a person": rules leave the form
        answer = reader().read_answer(item_id(slot), text)
        if answer is Answer.UNKNOWN:
            if tracker.get_slot(RETRY_SLOT) != slot:
                dispatcher.utter_message(response="utter_screening_not_read")
                return [SlotSet(RETRY_SLOT, slot)]
            answer = Answer.UNSURE  # asked twice: count it as not sure
        return [SlotSet(slot, answer.value), SlotSet(RETRY_SLOT, None)]


    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        # rasa_sdk only returns the form's required slots; the retry marker
        # set during extraction must reach the tracker too.
        events = await super().get_validation_events(dispatcher, tracker, domain)
        changed = tracker.slots_to_validate()
        if RETRY_SLOT in changed:
            events.append(SlotSet(RETRY_SLOT, changed[RETRY_SLOT]))
        return events


class ActionScreeningOutcome(ClinicAction):
    def name(self) -> Text:
        return "action_screening_outcome"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        flags = flags_of(tracker)
        if flags:
            return refer_to_clinician(dispatcher, tracker, flags)
        dispatcher.utter_message(response="utter_screening_clear")
        events: List[EventType] = [SlotSet(OUTCOME_SLOT, "clear"), SlotSet(BOOKING_SLOT, None)]
        if tracker.get_slot(BOOKING_SLOT):
            dispatcher.utter_message(response="utter_booking_link")
        return events


class ActionStopScreening(ClinicAction):
    def name(self) -> Text:
        return "action_stop_screening"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(response="utter_screening_stopped")
        return [SlotSet(OUTCOME_SLOT, "stopped"), SlotSet(RETRY_SLOT, None)]
