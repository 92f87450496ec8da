"""Reading a typed reply on a text channel as the button it names.

Text channels show buttons as numbered options (channels/text_rendering.py).
Which buttons the visitor is answering is read from the tracker store, not
kept in memory, so it works when several Rasa servers share one store.
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Text

from rasa.shared.core.events import BotUttered, Event, UserUttered
from sanic.request import Request

from channels.text_rendering import chosen_payloads


def latest_buttons(events: Iterable[Event]) -> List[Dict[str, Any]]:
    """The buttons of the bot's last text message, if the visitor has not
    written since (payload-only messages such as a handoff are skipped)."""
    for event in reversed(list(events)):
        if isinstance(event, UserUttered):
            return []
        if isinstance(event, BotUttered) and event.text:
            return list(event.data.get("buttons") or event.data.get("quick_replies") or [])
    return []


async def as_button_payloads(request: Request, sender_id: str, text: str) -> List[Text]:
    """What the visitor's text means as messages to the assistant: the payload of
    each button it picks ("2", "the second one", "1 and 3", or an option's
    words), in order, else the text itself."""
    tracker = await request.app.ctx.agent.tracker_store.retrieve(sender_id)
    if tracker is None:
        return [text]
    payloads = [payload for payload in chosen_payloads(text, latest_buttons(tracker.events)) if isinstance(payload, str) and payload]
    return payloads or [text]
