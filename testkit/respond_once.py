"""ActionRespond run on one message at the start of a conversation, in the
unit tests' process: what a visitor's first message gets back."""
from __future__ import annotations

import asyncio
from pathlib import Path

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parents[1]


def built_domain() -> dict:
    return yaml.safe_load((ROOT / "build" / "domain.yml").read_text(encoding="utf-8"))


def respond_once(text: str, intent: str, monkeypatch, tmp_path, sender: str = "respond-once") -> list:
    """The dispatcher's messages; tickets go to a fresh SQLite file in `tmp_path`."""
    from actions.dialogue.respond import ActionRespond
    from actions.handoff import handoff as handoff_module

    domain = built_domain()
    monkeypatch.setenv("CLINIC_DB_URL", f"sqlite:///{tmp_path / 'tickets.db'}")
    handoff_module.ticket_store.cache_clear()
    parse = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "intent_ranking": [], "entities": [], "disclosures": {}}
    data = {
        "sender_id": sender, "slots": {name: None for name in domain["slots"]}, "latest_message": parse,
        "events": [{"event": "action", "name": "action_listen"}, {"event": "user", "text": text, "parse_data": parse}],
        "paused": False, "followup_action": None, "active_loop": {}, "latest_action_name": "action_listen",
    }
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionRespond().run(dispatcher, Tracker.from_dict(data), domain))
    handoff_module.ticket_store.cache_clear()
    return dispatcher.messages
