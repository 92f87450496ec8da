"""Custom actions run on saved trackers (tests/actions/trackers/*.json).

Each test loads a tracker as the Rasa server would send it, runs the action
with a real dispatcher and a real SQLite ticket store, and checks the events
and messages it returns.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.clarify import ActionClarify
from actions.handoff import handoff as handoff_module
from actions.screening.actions import (
    ActionBook,
    ActionScreeningOutcome,
    ActionStartScreening,
    ValidateScreeningForm,
)
from actions.symptoms import ActionHandleSymptom

ROOT = Path(__file__).resolve().parents[2]
TRACKERS = Path(__file__).parent / "trackers"
DOMAIN = yaml.safe_load((ROOT / "build" / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def ticket_db(tmp_path, monkeypatch):
    monkeypatch.setenv("CLINIC_DB_URL", f"sqlite:///{tmp_path / 'tickets.db'}")
    handoff_module.ticket_store.cache_clear()
    yield
    handoff_module.ticket_store.cache_clear()


def run(action, tracker_file):
    data = json.loads((TRACKERS / tracker_file).read_text())
    slots = {name: None for name in DOMAIN["slots"]}
    slots.update(data["slots"])
    data["slots"] = slots
    tracker = Tracker.from_dict(data)
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return events, dispatcher.messages


def slot_events(events):
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}


def payloads(messages):
    return [message["custom"]["handoff"] for message in messages if message.get("custom")]


def responses(messages):
    return [message.get("response") for message in messages if message.get("response")]


def test_condition_in_opening_message_refers_to_a_clinician():
    events, messages = run(ActionStartScreening(), "accutane_opening.json")
    slots = slot_events(events)
    assert slots["screen_isotretinoin"] == "yes"
    assert slots["screening_outcome"] == "review"
    [payload] = payloads(messages)
    assert payload["reason"] == "contraindication" and slots["handoff_ticket"] == payload["ticket"]
    ticket = handoff_module.ticket_store().get(payload["ticket"])
    assert ticket.flags == {"isotretinoin": "yes"}


def test_first_booking_starts_the_screening():
    events, messages = run(ActionBook(), "book_first_time.json")
    slots = slot_events(events)
    assert slots["screening_outcome"] == "in_progress" and slots["booking_requested"] is True
    assert responses(messages) == ["utter_screening_intro_booking"]


def test_all_no_is_clear_and_gives_the_booking_link():
    events, messages = run(ActionScreeningOutcome(), "screening_all_no.json")
    assert slot_events(events)["screening_outcome"] == "clear"
    assert responses(messages) == ["utter_screening_clear", "utter_booking_link"]
    assert not payloads(messages)


def test_not_sure_needs_a_clinician():
    events, messages = run(ActionScreeningOutcome(), "screening_bleeding_unsure.json")
    assert slot_events(events)["screening_outcome"] == "review"
    assert payloads(messages)[0]["reason"] == "contraindication"


def test_form_reads_a_free_text_answer():
    events, messages = run(ValidateScreeningForm(), "form_answer_warfarin.json")
    assert slot_events(events)["screen_bleeding"] == "yes"
    assert not messages


def test_form_asks_again_once_then_counts_not_sure():
    events, messages = run(ValidateScreeningForm(), "form_answer_gibberish.json")
    assert slot_events(events) == {"screening_retry": "screen_keloid"}
    assert responses(messages) == ["utter_screening_not_read"]
    events, _ = run(ValidateScreeningForm(), "form_answer_gibberish_again.json")
    assert slot_events(events)["screen_keloid"] == "unsure"


def test_form_rejects_a_symptom_so_the_safety_rules_answer():
    events, messages = run(ValidateScreeningForm(), "form_symptom.json")
    assert slot_events(events) == {} and not messages


def test_urgent_symptom_gets_only_the_emergency_message():
    events, messages = run(ActionHandleSymptom(), "urgent_symptom.json")
    assert responses(messages) == ["utter_emergency"]
    [payload] = payloads(messages)
    assert payload == {"reason": "urgent_symptom", "urgent": True, "ticket": slot_events(events)["handoff_ticket"]}


def test_other_symptom_hands_off_without_urgency():
    _, messages = run(ActionHandleSymptom(), "symptom.json")
    assert responses(messages)[0] == "utter_symptom"
    assert payloads(messages)[0]["reason"] == "symptom"


def test_first_fallback_asks_about_the_two_best_guesses():
    _, messages = run(ActionClarify(), "fallback_once.json")
    [message] = messages
    assert message["response"] == "utter_clarify_two"
    assert (message["first"], message["second"]) == ("the price", "the number of sessions")
    assert [b["payload"] for b in message["buttons"]][:2] == ["How much does it cost?", "How many sessions will I need?"]


def test_second_fallback_offers_a_person():
    events, messages = run(ActionClarify(), "fallback_twice.json")
    assert responses(messages) == ["utter_low_confidence_offer"]
    assert slot_events(events) == {"handoff_offer": "low_confidence"}


def test_a_failing_action_still_answers_and_hands_off(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database is on fire")

    monkeypatch.setattr("actions.screening.actions.reader", broken)
    events, messages = run(ActionStartScreening(), "accutane_opening.json")
    assert responses(messages)[0] == "utter_action_failed"
    assert payloads(messages)[0]["reason"] == "action_failure"


@pytest.mark.parametrize("tracker_file", sorted(p.name for p in TRACKERS.glob("*.json")))
def test_every_predicted_action_answers_something(tracker_file):
    """ActionFailurePolicy reads "a custom action, then no events" as failure."""
    for action in (ActionStartScreening(), ActionBook(), ActionHandleSymptom(), ActionClarify(), ActionScreeningOutcome()):
        events, messages = run(action, tracker_file)
        assert events or messages, f"{action.name()} returned nothing for {tracker_file}"


def test_handoff_while_closed_says_when_the_team_is_back():
    from zoneinfo import ZoneInfo

    from actions.handoff.handoff import tell_what_happens_next

    clinic_tz = ZoneInfo("America/New_York")  # clinic.yml
    dispatcher = CollectingDispatcher()
    tell_what_happens_next(dispatcher, dt.datetime(2026, 11, 22, 15, 0, tzinfo=clinic_tz))  # a Sunday
    [message] = dispatcher.messages
    assert message["response"] == "utter_handoff_closed" and message["opens_at"] == "Monday at 09:00"

    dispatcher = CollectingDispatcher()
    tell_what_happens_next(dispatcher, dt.datetime(2026, 11, 25, 10, 0, tzinfo=clinic_tz))  # a Wednesday
    [message] = dispatcher.messages
    assert message["response"] == "utter_handoff_open" and message["closes_at"] == "20:00"
