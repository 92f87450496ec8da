"""ConversationPolicy sends a message of several questions to action_respond
when its questions need more than the rule for the message's own intent."""
from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from clinic_assistant.questions import QUESTIONS
from components.policies import ACTION_CLARIFY, ACTION_RESPOND, ConversationPolicy

DOMAIN = Domain.from_dict({"intents": ["ask_downtime", "ask_pain", "medical_advice"], "actions": [ACTION_RESPOND]})


def part(intent, text):
    return {"text": text, "intent": intent, "confidence": 0.9, "medicine_question": False}


def tracker(parts):
    text = "how long is the downtime? also can i take something for the pain afterwards"
    parse = {"text": text, "intent": {"name": "ask_downtime", "confidence": 0.8}, "entities": [], QUESTIONS: parts}
    events = [ActionExecuted("action_listen"), UserUttered(text, intent=parse["intent"], parse_data=parse)]
    return DialogueStateTracker.from_events("visitor", events)


@pytest.fixture
def policy(tmp_path):
    return ConversationPolicy.create(
        ConversationPolicy.get_default_config(), LocalModelStorage(tmp_path), Resource("policy"),
        ExecutionContext(None, node_name="policy"),
    )


@pytest.mark.parametrize(
    "parts, chosen",
    [
        # The rule answers the message's own intent; a second question needs the action.
        ([part("ask_downtime", "how long is the downtime?"), part("ask_pain", "does it hurt")], ACTION_RESPOND),
        # A medicine question of its own is for a clinician, even when nothing names a medicine.
        ([part("ask_downtime", "how long is the downtime?"),
          part("medical_advice", "can i take something for the pain afterwards")], ACTION_RESPOND),
        # Both questions ask what the message asks: the rule is enough.
        ([part("ask_downtime", "how long is the downtime?"), part("ask_downtime", "is swelling normal")], None),
        ([], None),
    ],
)
def test_a_message_of_several_questions_goes_to_the_action_when_they_need_it(policy, parts, chosen):
    assert policy.choose(tracker(parts), DOMAIN) == chosen


def said(text, intent):
    parse = {"text": text, "intent": {"name": intent, "confidence": 0.37}, "entities": []}
    events = [ActionExecuted("action_listen"), UserUttered(text, intent=parse["intent"], parse_data=parse)]
    return DialogueStateTracker.from_events("visitor", events)


@pytest.mark.parametrize(
    "text, intent, chosen",
    [
        ("ok great, can i come tomorrow?", "goodbye", ACTION_CLARIFY),
        ("thanks, is there parking", "thank", ACTION_CLARIFY),
        # Closing words alone: the rules' "Take care!" or "You're welcome".
        ("ok great, bye", "goodbye", None),
        ("thanks, will do", "thank", None),
        ("can i come tomorrow?", "book_appointment", ACTION_RESPOND),
    ],
)
def test_a_goodbye_or_thanks_that_asks_something_gets_the_clarifying_question(policy, text, intent, chosen):
    assert policy.choose(said(text, intent), DOMAIN) == chosen
