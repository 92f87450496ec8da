"""Unit tests of channels/button_replies.py: which buttons a typed reply answers."""
from __future__ import annotations

from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

from channels.button_replies import latest_buttons

BUTTONS = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]


def test_the_buttons_of_the_last_bot_text_count():
    events = [UserUttered("hi"), BotUttered("Anything else?", {"buttons": BUTTONS}), ActionExecuted("action_listen")]
    assert latest_buttons(events) == BUTTONS


def test_a_payload_only_message_after_the_buttons_does_not_hide_them():
    events = [BotUttered("Pick one", {"buttons": BUTTONS}), BotUttered(None, {"custom": {"handoff": {}}}), SlotSet("x", 1)]
    assert latest_buttons(events) == BUTTONS


def test_a_later_text_without_buttons_ends_the_choice():
    events = [BotUttered("Pick one", {"buttons": BUTTONS}), BotUttered("Dana (clinic team): hello", {}, {"staff": "Dana"})]
    assert latest_buttons(events) == []


def test_once_the_visitor_has_written_the_old_buttons_are_gone():
    assert latest_buttons([BotUttered("Pick one", {"buttons": BUTTONS}), UserUttered("1")]) == []
    assert latest_buttons([]) == []
