"""One set of buttons per reply.

An action that sends several messages ("does it hurt, and how long is the
downtime?" gets two answers; a question answered before the checklist) sent
each one's buttons: the same next steps twice in the widget, two numbered
lists on a text channel, where the visitor's "2" is read against the last
(channels/button_replies.py). The visitor is sent the buttons of the last
message that has any; the tracker keeps every message as the action sent it.
"""
from __future__ import annotations

from typing import Any, Dict, List

BUTTON_KEYS = ("buttons", "quick_replies")


def newest_buttons_only(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """`messages` with the buttons taken off all but the last that has some."""
    with_buttons = [index for index, message in enumerate(messages) if any(message.get(key) for key in BUTTON_KEYS)]
    if len(with_buttons) < 2:
        return messages
    return [
        {key: value for key, value in message.items() if key not in BUTTON_KEYS} if index in with_buttons[:-1] else message
        for index, message in enumerate(messages)
    ]
