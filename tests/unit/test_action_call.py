"""Each custom action is sent what the actions read of the conversation, not
every stored field of every event (clinic_assistant/action_call.py). The
served suite (tests/test_conversation_suite.py) runs every action on it; this
checks the call itself."""
import json

import pytest
import rasa.core.actions.action as rasa_action
from jsonschema import ValidationError
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa_sdk import Tracker

from actions.contact import _number_in_parts
from actions.said_before import responses_given, said_in_previous_turn
from actions.screening.actions import EARLIER_MESSAGES
from clinic_assistant import action_call
from clinic_assistant.safety import over_messages
from testkit.small_domain import small_domain

DOMAIN = small_domain(["greet", "ask_pain", "report_symptom"], """\
  utter_greet: [{text: hi}]
  utter_ask_pain: [{text: a little, buttons: [{title: Book, payload: Book}]}]
""")

RANKING = [{"name": "ask_pain", "confidence": 0.9}, {"name": "greet", "confidence": 0.1}]
READING = {"findings": [{"item": "pregnancy", "answer": "yes"}]}


def said(text, intent="ask_pain", disclosures=None, message_id=None):
    parse = {"intent": {"name": intent, "confidence": 0.9}, "intent_ranking": RANKING, "entities": [],
             "text_tokens": [[0, 3]], "crisis_score": 0.01, "disclosures": disclosures or {}}
    return UserUttered(text, intent=parse["intent"], parse_data=parse, input_channel="socketio", message_id=message_id)


def turn(number):
    return [ActionExecuted("action_listen"), said(f"question {number}", disclosures=READING, message_id=f"m{number}"),
            ActionExecuted("utter_ask_pain", policy="RulePolicy", confidence=1.0),
            BotUttered(f"answer {number}", data={"buttons": [{"title": "Book", "payload": "Book"}]},
                       metadata={"utter_action": "utter_ask_pain"})]


def conversation(turns):
    events = [event for number in range(turns) for event in turn(number)]
    events += [SlotSet("screening_outcome", "clear"), ActionExecuted("action_listen"), said("my cheek is red", "report_symptom")]
    return DialogueStateTracker.from_events("visitor", events, slots=DOMAIN.slots)


def call(tracker, monkeypatch):
    monkeypatch.setattr(rasa_action, "RemoteAction", rasa_action.RemoteAction)  # put back after the test
    action_call.install()
    return rasa_action.RemoteAction("action_respond", None)._action_call_format(tracker, DOMAIN)


def test_the_latest_message_goes_as_stored(monkeypatch):
    tracker = conversation(3)
    sent = call(tracker, monkeypatch)["tracker"]["events"]
    assert sent[-1] == tracker.events[-1].as_dict() and sent[-1]["parse_data"]["intent_ranking"] == RANKING


def test_recent_turns_keep_readings_and_texts_older_ones_words_and_names(monkeypatch):
    sent = call(conversation(15), monkeypatch)["tracker"]["events"]
    messages = [event for event in sent if event["event"] == "user"][:-1]
    replies = [event for event in sent if event["event"] == "bot"]
    recent, old = messages[-action_call.RECENT_MESSAGES:], messages[:-action_call.RECENT_MESSAGES]
    assert len(old) == 5 and all(m["parse_data"] == {"intent": {"name": "ask_pain", "confidence": 0.9}} for m in old)
    assert all(m["parse_data"]["disclosures"] == READING and "intent_ranking" not in m["parse_data"] for m in recent)
    assert [m["text"] for m in messages] == [f"question {n}" for n in range(15)]  # every message's words
    assert [r["metadata"] for r in replies] == [{"utter_action": "utter_ask_pain"}] * 15  # every response's name
    assert "text" not in replies[0] and replies[-1]["text"] == "answer 14" and "data" not in replies[-1]
    assert all("policy" not in event for event in sent if event["event"] == "action")
    assert {"event": "slot", "name": "screening_outcome", "value": "clear"}.items() <= next(e for e in sent if e["event"] == "slot").items()


def test_the_recent_turns_cover_every_reading_the_actions_take():
    assert action_call.RECENT_MESSAGES >= max(EARLIER_MESSAGES, over_messages.EARLIER_MESSAGES)


def test_the_sdk_reads_the_compact_call_as_the_whole_tracker(monkeypatch):
    tracker = conversation(15)
    sent = call(tracker, monkeypatch)
    whole = json.loads(json.dumps(tracker.current_state(EventVerbosity.ALL)))
    assert len(json.dumps(sent["tracker"])) < 0.6 * len(json.dumps(whole))
    compact, full = Tracker.from_dict(sent["tracker"]), Tracker.from_dict(whole)
    assert responses_given(compact) == responses_given(full) == ["utter_ask_pain"] * 15
    assert said_in_previous_turn(compact) == said_in_previous_turn(full) == {"utter_ask_pain": "answer 14"}
    assert _number_in_parts(compact, "9876") == _number_in_parts(full, "9876")
    assert compact.latest_message == full.latest_message and compact.slots == full.slots
    assert compact.get_latest_input_channel() == "socketio"
    assert sent["domain"] == {"responses": {"utter_greet": [], "utter_ask_pain": []}}


def test_a_call_at_message_300_is_the_same_as_built_afresh(monkeypatch):
    """The older events' forms are kept between calls; a call built on a
    conversation read turn by turn equals one read from scratch."""
    tracker = DialogueStateTracker.from_events("growing", [], slots=DOMAIN.slots)
    for number in range(30):
        for event in turn(number):
            tracker.update(event)
        call(tracker, monkeypatch)
    tracker.update(said("last one"))
    kept = call(tracker, monkeypatch)["tracker"]["events"]
    afresh = call(DialogueStateTracker.from_dict("growing", [e.as_dict() for e in tracker.events], DOMAIN.slots), monkeypatch)
    assert kept == afresh["tracker"]["events"]


def test_responses_from_the_action_server_are_checked_as_rasa_checks_them(monkeypatch):
    monkeypatch.setattr(rasa_action, "RemoteAction", rasa_action.RemoteAction)
    action_call.install()
    action = rasa_action.RemoteAction("action_respond", None)
    assert action._validate_action_result({"events": [{"event": "slot", "name": "x", "value": 1}], "responses": [{"text": "hi"}]})
    with pytest.raises(ValidationError, match="make sure your response from the Action endpoint is valid"):
        action._validate_action_result({"events": "not a list", "responses": []})
