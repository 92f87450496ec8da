"""The base of every custom action: a failure still answers the visitor.

An exception inside an action (the database is down, a bug) gives the static
failure reply and, where the ticket store still works, a handoff with reason
`action_failure`. When the whole action server is down or slow, the Rasa
server's ActionFailurePolicy answers instead (components/policies.py).
"""
from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff.handoff import hand_off

logger = logging.getLogger(__name__)


def _each_once(messages: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """The turn's messages without repeats: two questions of one message that
    ask the same ("buy a dermaroller off amazon and do it at home instead")
    got the same answer twice."""
    seen, kept = [], []
    for message in messages:
        if message not in seen:
            seen.append(message)
            kept.append(message)
    return kept


class ClinicAction(Action, ABC):
    # Abstract, so that rasa_sdk does not register the base class as an action.
    @abstractmethod
    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        raise NotImplementedError

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        try:
            events = await self.act(dispatcher, tracker, domain)
            dispatcher.messages[:] = _each_once(dispatcher.messages)
            return events
        except Exception:  # noqa: BLE001 - any failure must still answer
            logger.exception("Action %s failed for %s", self.name(), tracker.sender_id)
            dispatcher.messages.clear()
            dispatcher.utter_message(response="utter_action_failed")
            try:
                return hand_off(dispatcher, tracker, "action_failure")
            except Exception:  # noqa: BLE001 - the ticket store itself may be down
                logger.exception("Could not open an action_failure handoff")
                return []
