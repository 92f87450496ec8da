"""Answers to booking-policy questions (intent ask_policy) from clinic.yml.

The sub-answer is picked by the topics the visitor's own words name
(clinic_assistant/policy_topics.py). A request for the policies naming none
of them gets a short overview with one button per topic; another booking
question ("can I bring my friend?") is told there is no answer to give and
offered a person. The clinic's text is quoted
as it stands; where clinic.yml leaves a policy empty, the visitor is told there
is no fixed policy to give and offered a person: nothing is made up.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Sequence, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.base import ClinicAction
from clinic_assistant import clinic_config
from clinic_assistant.policy_topics import CHANGES_OWN_BOOKING, asks_price, topic_label, topics_asked


def join_labels(labels: Sequence[str]) -> str:
    labels = list(labels)
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


# "pls cancel my appointment on friday", "can you move my booking": asked of
# the chat, which cannot do it; the policy then says how.
_ASKS_TO_CHANGE_OWN = re.compile(
    r"\b(?:pls|please|plz|can you|could you|can u|could u|i need to|i want to|i wanna|i'?d like to|id like to|need to)\s+"
    r"(?:cancel|reschedule|re-schedule|move|change|rebook|push back)\s+(?:my|our|the|me)\b"
    # Stop 39: "cancel my booking pls", "i need to cancel tomorrow's appointment",
    # "i want to reschedule to next friday", "can we make it 4 instead".
    r"|^\W*(?:hi\W+|hey\W+)?(?:cancel|reschedule|move)\s+(?:my|our|the|me)\b"
    r"|(?<!\bdo )(?<!\bif )(?<!\bwhen )(?<!\bwould )(?<!\bshould )\b(?:i|we)\s+(?:need|want|have|wanna|gotta|got)\s+(?:to\s+)?"
    r"(?:cancel|reschedule|re-schedule|move|rebook|push back)\b"
    r"|\bcan (?:i|we)\s+(?:cancel|reschedule|move|change)\s+(?:my|our|the|it|tomorrow|today|to)\b"
    r"|\bcan we make it\b|\bcancel (?:pls|please|plz|it)\b",
    re.IGNORECASE,
)


def answer(dispatcher: CollectingDispatcher, text: str, policies: Dict[str, str]) -> None:
    """Utter the policy answer(s) for a visitor's message, after the price
    when that was asked too, and after "I can't do that from this chat" when
    they ask the chat to cancel or move their appointment."""
    if _ASKS_TO_CHANGE_OWN.search(text or "") or CHANGES_OWN_BOOKING.search(text or ""):
        dispatcher.utter_message(response="utter_cannot_change_booking")
    if asks_price(text):
        dispatcher.utter_message(response="utter_ask_cost")
    asked = topics_asked(text)
    if not asked:
        dispatcher.utter_message(response=no_topic_response(text))
        return
    answer_topics(dispatcher, asked, policies)


# "what are your policies?", "policies": the list of topics is the answer.
_ASKS_FOR_THE_LIST = re.compile(r"\b(?:polic(?:y|ies)|rules|terms|t&cs?|terms and conditions)\b", re.IGNORECASE)


def no_topic_response(text: str) -> str:
    """A booking question that names no policy topic: the list of topics when
    the policies themselves were asked for, else "I don't have the clinic's
    answer to that" with the offer of a person ("can I bring my friend?")."""
    return "utter_policy_overview" if _ASKS_FOR_THE_LIST.search(text or "") else "utter_policy_not_listed"


def answer_topics(dispatcher: CollectingDispatcher, topics: Sequence[str], policies: Dict[str, str]) -> None:
    """The clinic's own words for each topic, or that it has no fixed policy."""
    known = [policies[key] for key in topics if policies.get(key)]
    unknown = [topic_label(key) for key in topics if not policies.get(key)]
    if known:
        dispatcher.utter_message(response="utter_policy_answer", policy_text="\n\n".join(known))
    if unknown:
        dispatcher.utter_message(response="utter_policy_unknown", policy_topic=join_labels(unknown))


class ActionAnswerPolicy(ClinicAction):
    def name(self) -> Text:
        return "action_answer_policy"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        text = (tracker.latest_message or {}).get("text") or ""
        answer(dispatcher, text, clinic_config.current().policies)
        return []
