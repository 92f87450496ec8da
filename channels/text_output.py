"""What every text-only output channel does the same way.

A channel mixes `TextOutput` in and says how one part of text is delivered
(`send_text_part`, to the provider's own id: the channel's prefix is taken
off the conversation id first) and how long a part may be (`max_chars`). Buttons become
numbered options, the handoff payload becomes words, a staff reply names its
author, and long texts are split, all through channels/text_rendering.py.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa.core.channels.channel import OutputChannel

from channels.namespace import provider_id
from channels.text_rendering import handoff_words, numbered_options, split_message, staff_signed

logger = logging.getLogger(__name__)


class TextOutput(OutputChannel):
    max_chars: int

    async def send_text_part(self, recipient_id: Text, text: Text) -> None:
        """Deliver one message of at most `max_chars` characters."""
        raise NotImplementedError

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        # The conversation id carries the channel's prefix (channels/namespace.py); the provider wants its own id.
        recipient_id = provider_id(recipient_id, self.name())
        for part in split_message(staff_signed(text, kwargs), self.max_chars):
            await self.send_text_part(recipient_id, part)

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_message(recipient_id, numbered_options(text, buttons), **kwargs)

    async def send_quick_replies(
        self, recipient_id: Text, text: Text, quick_replies: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_message(recipient_id, numbered_options(text, quick_replies), **kwargs)

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        words = handoff_words(json_message)
        if words is None:
            # Visitors must never see raw JSON; nothing else is sent as custom today.
            logger.warning("%s: a custom payload other than a handoff was not sent", self.name())
            return
        await self.send_text_message(recipient_id, words)
