"""Practical visitors on a phone, stop 47 (helper 89): a friend's checklist
line, one day's hours, one session after the sessions, transport questions
and other ways to message the clinic (clinic.yml's optional `directions` and
`messaging:`), and what probing found after them."""
from __future__ import annotations

import asyncio
import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from clinic_assistant import clinic_config
from clinic_assistant.answer_parts import (
    DAY_HOURS_PART,
    ONE_SESSION,
    TRANSPORT_PART,
    one_session_asked,
    part_to_answer,
)
from clinic_assistant.availability import hours_on
from clinic_assistant.hours_asked import asks_day_hours
from clinic_assistant.messaging_asked import clinic_contact, messaging_asked
from clinic_assistant.screening.reader import their_numbers

ROOT = Path(__file__).resolve().parents[2]
THURSDAY = dt.date(2026, 12, 3)


# --- A friend's line of the checklist -------------------------------------------------

@pytest.mark.parametrize("message, numbers", [
    ("my friend has 2", [2]),
    ("sorry i meant my friend has 2, i have none", [2]),
    ("2 is my friends", [2]),
    ("2 is for my sister not me", [2]),
    ("my friend has number 2 not me", [2]),
    ("i have 6 and my bf has 11", [11]),
    ("my mum has 2 and 6", [2, 6]),
])
def test_a_line_told_of_someone_else(message, numbers):
    assert their_numbers(message) == numbers


@pytest.mark.parametrize("message", [
    "2", "6 and 11", "my sister is 16", "my daughter is 12", "she has 2 kids", "my mum had 2 sessions", "1 is my main worry",
])
def test_no_line_of_someone_else(message):
    assert their_numbers(message) == []


# --- One day's hours ------------------------------------------------------------------

@pytest.mark.parametrize("message", [
    "r u open tmrw", "wat time u close on wed", "open sat?", "what time do you open tomorrow", "are you open on sundays",
    "u open 2moro?",
])
def test_one_days_hours_asked(message):
    assert asks_day_hours(message)
    assert part_to_answer("ask_clinic_info", message, []) == DAY_HOURS_PART


@pytest.mark.parametrize("message", ["are u open now", "r u open today", "are you open christmas eve", "whats your address"])
def test_no_days_hours(message):
    assert part_to_answer("ask_clinic_info", message, []) != DAY_HOURS_PART


def test_tomorrow_by_the_clinics_date():
    assert hours_on("r u open tmrw", THURSDAY) == {"day": "Friday", "opens": "09:00", "closes": "17:00", "after_closing": False}
    assert hours_on("u open 2moro?", dt.date(2026, 12, 5)) == {"day": "Sunday"}


# --- One session after the sessions -----------------------------------------------------

@pytest.mark.parametrize("message", ["what if i just do 1", "can i only do one", "is 1 enough", "just one then?"])
def test_one_session_right_after_the_sessions(message):
    assert one_session_asked(message, ["utter_ask_sessions"])
    assert part_to_answer("ask_policy", message, ["utter_ask_sessions"]) == ONE_SESSION


@pytest.mark.parametrize("message, given", [
    ("what if i just do 1", ["utter_ask_cost"]),
    ("what if i just do 1 area", ["utter_ask_sessions"]),
    ("just 1 more question", ["utter_ask_sessions"]),
    ("1", ["utter_ask_sessions"]),
])
def test_no_one_session(message, given):
    assert not one_session_asked(message, given)


# --- Getting there ------------------------------------------------------------------------

@pytest.mark.parametrize("message", [
    "is it near the train station", "can i get the bus there", "is it close to the station", "how do i get there by subway",
    "is it walking distance from downtown",
])
def test_transport_asked(message):
    assert part_to_answer("ask_clinic_info", message, []) == TRANSPORT_PART


@pytest.mark.parametrize("message", ["whats your address", "what time do you close", "is there parking"])
def test_no_transport(message):
    assert part_to_answer("ask_clinic_info", message, ["utter_ask_clinic_info"]) != TRANSPORT_PART


# --- clinic.yml's optional fields, given and not ------------------------------------------

def _config_with(**clinic) -> clinic_config.ClinicConfig:
    raw = yaml.safe_load((ROOT / "clinic.yml").read_text(encoding="utf-8"))
    raw = copy.deepcopy(raw)
    raw["clinic"].update(clinic)
    return clinic_config.ClinicConfig(raw)


@pytest.fixture
def clinic(monkeypatch):
    def use(**fields):
        config = _config_with(**fields)
        monkeypatch.setattr(clinic_config, "current", lambda: config)
        return config
    return use


def test_the_demo_clinic_gives_no_channel_nor_directions():
    config = clinic_config.current()
    assert config.messaging == {"whatsapp": "", "sms": "", "instagram": "", "facebook": "", "telegram": ""}
    assert config.directions == ""


def test_messaging_fields_given_and_left_out(clinic):
    clinic(messaging={"whatsapp": "+1 555 010 4478", "instagram": "@willowskin"})
    assert clinic_contact(messaging_asked("can i whatsapp you")) == "+1 555 010 4478"
    assert clinic_contact(messaging_asked("dm you on insta?")) == "@willowskin"
    assert clinic_contact(messaging_asked("can i text u")) is None
    clinic(messaging=None)
    assert clinic_contact(messaging_asked("can i whatsapp you")) is None


@pytest.mark.parametrize("message, channel", [
    ("dm you on insta?", "Instagram"), ("message u on whatsapp", "WhatsApp"), ("can i reach you on telegram", "Telegram"),
])
def test_a_channel_named_after_dm_or_message(message, channel):
    assert messaging_asked(message) == channel


DOMAIN = yaml.safe_load((ROOT / "build" / "domain.yml").read_text(encoding="utf-8"))


def _respond(text: str, intent: str, monkeypatch, tmp_path) -> list:
    """ActionRespond's responses to one message at the start of a conversation."""
    from actions.dialogue.respond import ActionRespond
    from actions.handoff import handoff as handoff_module

    monkeypatch.setenv("CLINIC_DB_URL", f"sqlite:///{tmp_path / 'tickets.db'}")
    handoff_module.ticket_store.cache_clear()
    parse = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "intent_ranking": [], "entities": [], "disclosures": {}}
    data = {
        "sender_id": "stop47", "slots": {name: None for name in DOMAIN["slots"]}, "latest_message": parse,
        "events": [{"event": "action", "name": "action_listen"}, {"event": "user", "text": text, "parse_data": parse}],
        "paused": False, "followup_action": None, "active_loop": {}, "latest_action_name": "action_listen",
    }
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionRespond().run(dispatcher, Tracker.from_dict(data), DOMAIN))
    handoff_module.ticket_store.cache_clear()
    return dispatcher.messages


def test_whatsapp_given_in_clinic_yml_is_answered_with_it(clinic, monkeypatch, tmp_path):
    clinic(messaging={"whatsapp": "+1 555 010 4478"})
    [message] = [m for m in _respond("can i whatsapp you", "ask_clinic_info", monkeypatch, tmp_path) if m.get("response")]
    assert message["response"] == "utter_messaging_known"
    assert message["channel"] == "WhatsApp" and message["contact"] == "+1 555 010 4478"


def test_whatsapp_left_out_is_answered_as_before(clinic, monkeypatch, tmp_path):
    clinic(messaging={"instagram": "@willowskin"})
    [message] = [m for m in _respond("can i whatsapp you", "ask_clinic_info", monkeypatch, tmp_path) if m.get("response")]
    assert message["response"] == "utter_messaging_unknown"


def test_directions_given_and_left_out(clinic, monkeypatch, tmp_path):
    clinic(directions="Springfield Central station is a 5-minute walk.")
    [message] = [m for m in _respond("is it near the train station", "ask_clinic_info", monkeypatch, tmp_path) if m.get("response")]
    assert message["response"] == "utter_ask_clinic_info_directions"
    assert message["directions"] == "Springfield Central station is a 5-minute walk."
    clinic(directions="")
    [message] = [m for m in _respond("is it near the train station", "ask_clinic_info", monkeypatch, tmp_path) if m.get("response")]
    assert message["response"] == TRANSPORT_PART
