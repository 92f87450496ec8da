"""Each custom action is sent what the actions read of the conversation, not
every stored field of every event (clinic_assistant/action_call.py). The
served suite (tests/test_conversation_suite.py) runs every action on it; this
checks the call itself."""
import json

import rasa.core.actions.action as rasa_action
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUtteranceReverted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa_sdk import Tracker

from actions.said_before import responses_given, said_in_previous_turn
from clinic_assistant import action_call

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [greet, ask_pain, report_symptom]
slots:
  screening_outcome:
    type: text
    influence_conversation: false
    mappings: [{type: custom}]
responses:
  utter_greet: [{text: hi}]
  utter_ask_pain: [{text: a little, buttons: [{title: Book, payload: Book}]}]
"""
)

RANKING = [{"name": "ask_pain", "confidence": 0.9}, {"name": "greet", "confidence": 0.1}]


def said(text, intent, disclosures=None):
    parse = {"intent": {"name": intent, "confidence": 0.9}, "intent_ranking": RANKING, "entities": [],
             "text_tokens": [[0, 3]], "crisis_score": 0.01, "disclosures": disclosures or {}}
    return UserUttered(text, intent=parse["intent"], parse_data=parse, input_channel="socketio")


def conversation():
    return DialogueStateTracker.from_events("visitor", [
        ActionExecuted("action_listen"),
        said("does it hurt", "ask_pain", {"findings": [{"item": "pregnancy", "answer": "yes"}]}),
        ActionExecuted("utter_ask_pain", policy="RulePolicy", confidence=1.0),
        BotUttered("a little", data={"buttons": [{"title": "Book", "payload": "Book"}]}, metadata={"utter_action": "utter_ask_pain"}),
        SlotSet("screening_outcome", "clear"),
        ActionExecuted("action_listen"),
        said("my cheek is red", "report_symptom"),
    ], slots=DOMAIN.slots)


def test_earlier_events_keep_what_the_actions_read_and_lose_the_rest():
    events = action_call.compact_events(conversation().current_state(EventVerbosity.ALL)["events"])
    first = next(event for event in events if event["event"] == "user")
    assert first["text"] == "does it hurt" and first["input_channel"] == "socketio"
    assert first["parse_data"] == {"intent": {"name": "ask_pain", "confidence": 0.9}, "entities": [],
                                   "disclosures": {"findings": [{"item": "pregnancy", "answer": "yes"}]}}
    bot = next(event for event in events if event["event"] == "bot")
    assert bot["text"] == "a little" and bot["metadata"] == {"utter_action": "utter_ask_pain"} and "data" not in bot
    assert {"event": "slot", "name": "screening_outcome"}.items() <= next(e for e in events if e["event"] == "slot").items()
    assert all("policy" not in event for event in events if event["event"] == "action")


def test_the_latest_message_goes_as_stored():
    stored = conversation().current_state(EventVerbosity.ALL)["events"]
    events = action_call.compact_events(stored)
    assert events[-1] == stored[-1] and events[-1]["parse_data"]["intent_ranking"] == RANKING


def test_no_message_yet_sends_every_event_compacted_and_none_lost():
    stored = DialogueStateTracker.from_events("visitor", [ActionExecuted("action_listen"), UserUtteranceReverted()],
                                              slots=DOMAIN.slots).current_state(EventVerbosity.ALL)["events"]
    assert [event["event"] for event in action_call.compact_events(stored)] == ["action", "rewind"]


def test_the_served_call_is_compact_and_the_sdk_reads_it_as_before(monkeypatch):
    monkeypatch.setattr(rasa_action, "RemoteAction", rasa_action.RemoteAction)  # put back after the test
    action_call.install()
    tracker = conversation()
    call = rasa_action.RemoteAction("action_respond", None)._action_call_format(tracker, DOMAIN)
    full = json.dumps(tracker.current_state(EventVerbosity.ALL))
    assert len(json.dumps(call["tracker"])) < len(full)
    assert call["domain"] == {"responses": {"utter_greet": [], "utter_ask_pain": []}}
    assert call["tracker"]["slots"]["screening_outcome"] == "clear"
    # What the actions read, read from the compact call and from the full tracker, agrees.
    compact, whole = Tracker.from_dict(call["tracker"]), Tracker.from_dict(json.loads(full))
    assert responses_given(compact) == responses_given(whole) == ["utter_ask_pain"]
    assert said_in_previous_turn(compact) == said_in_previous_turn(whole) == {"utter_ask_pain": "a little"}
    assert compact.latest_message == whole.latest_message
    assert compact.get_latest_input_channel() == "socketio"
