"""A reply that names nothing, read with the question before it
(clinic_assistant/screening/follow_ups.py).

"can you have it while breastfeeding?" gets the general rule; "well I am"
next is a disclosure of breastfeeding. The NLU reads one message alone, so
this is done where the Rasa server has both the message and the
conversation: as it parses a visitor's message, before the turn is logged.
Only the disclosure reading changes; the dialogue then treats it as any
other disclosure (actions/dialogue/respond.py).
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.trackers import DialogueStateTracker

from clinic_assistant.screening.follow_ups import with_referent
from components.disclosures import DISCLOSURES, read_disclosures

# What the classifier makes of "well I am", "yeah I take one", "mine is well
# controlled": a task of its own ("I want to book it") is not a reply.
REPLY_INTENTS = ("affirm", "deny", "thank", "out_of_scope", "nlu_fallback", "ask_contraindication")


def asked_in_general(tracker: DialogueStateTracker) -> Optional[str]:
    """The visitor's word for the one condition or medicine their previous
    message asked about in general, if it asked about one and told nothing."""
    previous = tracker.latest_message  # the new message is not logged yet
    reading = (previous.parse_data.get(DISCLOSURES) if previous else None) or {}
    general = reading.get("general") or []
    if len(general) != 1 or reading.get("findings"):
        return None
    return (reading.get("general_said") or {}).get(general[0])


def read_as_follow_up(parse: Dict[Text, Any], tracker: DialogueStateTracker, metadata: Optional[Dict]) -> None:
    reading = parse.get(DISCLOSURES) or {}
    if reading.get("findings") or reading.get("general"):
        return  # it names something itself
    if (parse.get("intent") or {}).get("name") not in REPLY_INTENTS:
        return
    said = asked_in_general(tracker)
    text = with_referent(parse.get("text") or "", said) if said else None
    if text is None:
        return
    reread = read_disclosures(text, metadata)
    if reread["findings"]:
        parse[DISCLOSURES] = reread


class FollowUpReading(MessageProcessor):
    async def parse_message(
        self, message: UserMessage, tracker: Optional[DialogueStateTracker] = None, only_output_properties: bool = True
    ) -> Dict[Text, Any]:
        parse = await super().parse_message(message, tracker, only_output_properties)
        if tracker is not None:  # /model/parse has no conversation
            read_as_follow_up(parse, tracker, message.metadata)
        return parse
