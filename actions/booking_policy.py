"""Answers to booking-policy questions (intent ask_policy) from clinic.yml.

The sub-answer is picked by keywords of the visitor's own words: cancelling or
moving, deposits and refunds, arriving late, walk-ins, a consultation first
(also "I had it elsewhere"), insurance or HSA. A question naming none of them
gets a short overview with one button per topic. The clinic's text is quoted
as it stands; where clinic.yml leaves a policy empty, the visitor is told there
is no fixed policy to give and offered a person: nothing is made up.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Pattern, Sequence, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.base import ClinicAction
from clinic_assistant import clinic_config

# (clinic.yml policies key, how the topic is named to the visitor, keywords)
TOPICS: Tuple[Tuple[str, str, Pattern[str]], ...] = (
    (
        "cancellation",
        "cancelling or moving an appointment",
        re.compile(
            r"\bcancel|\bre-?schedul|\bpostpon|\bre-?book|\bmov(?:e|ing)\b|\bno[- ]?show"
            r"|\bchange (?:my|the|an|our) (?:appointment|booking|date|time|slot)|\bcan'?t make it"
        ),
    ),
    (
        "deposit",
        "deposits and refunds",
        re.compile(r"\bdeposit|\brefund|\bmoney back|\bnon-?refundable|\bpay (?:up ?front|in advance)|\bupfront"),
    ),
    (
        "late_arrival",
        "arriving late",
        re.compile(r"\blate\b|\brunning behind|\bdelayed\b|\bstuck in traffic"),
    ),
    (
        "walk_ins",
        "walk-ins",
        re.compile(
            r"\bwalk[- ]?ins?\b|\bdrop[- ]?ins?\b|\bwalk in\b|\bdrop in\b|\bwithout (?:an? )?(?:appointment|booking)"
            r"|\bsame[- ]day\b|\b(?:just )?(?:turn|show) up\b"
        ),
    ),
    (
        "consultation",
        "having a consultation first",
        re.compile(
            r"\bconsult|\belsewhere\b|\banother (?:clinic|place|spa)|\bsomewhere else|\bdifferent (?:clinic|place|spa)"
            r"|\bbefore (?:my|the) (?:first )?treatment|\bstraight (?:in|to)|\bskip the"
        ),
    ),
    (
        "insurance",
        "insurance",
        re.compile(r"\binsur|\bhsa\b|\bfsa\b|\bhealth savings|\bflexible spending|\bmedicare|\bmedicaid|\bcover(?:ed|s)?\b"),
    ),
)


def topics_asked(text: str) -> List[str]:
    """The policy keys a visitor's message asks about, in TOPICS order."""
    lowered = (text or "").lower()
    return [key for key, _, pattern in TOPICS if pattern.search(lowered)]


def topic_label(key: str) -> str:
    return next(label for topic, label, _ in TOPICS if topic == key)


def join_labels(labels: Sequence[str]) -> str:
    labels = list(labels)
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def answer(dispatcher: CollectingDispatcher, text: str, policies: Dict[str, str]) -> None:
    """Utter the policy answer(s) for a visitor's message."""
    asked = topics_asked(text)
    if not asked:
        dispatcher.utter_message(response="utter_policy_overview")
        return
    known = [policies[key] for key in asked if policies.get(key)]
    unknown = [topic_label(key) for key in asked if not policies.get(key)]
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
