"""What every text-only output channel does the same way.

A channel mixes `TextOutput` in and says how one part of text is delivered
(`send_text_part`, to the provider's own id: the channel's prefix is taken
off the conversation id first) and how long a part may be (`max_chars`). Buttons become
numbered options, the handoff payload becomes words, a staff reply names its
author, and long texts are split, all through channels/text_rendering.py. A photo, voice
message, sticker or location is answered with a note that it was not read.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa.core.channels.channel import OutputChannel

from channels.namespace import provider_id
from channels.text_rendering import attachment_name, handoff_words, numbered_options, split_message, staff_signed
from clinic_assistant import responses

logger = logging.getLogger(__name__)


class TextOutput(OutputChannel):
    max_chars: int

    async def send_text_part(self, recipient_id: Text, text: Text) -> None:
        """Deliver one message of at most `max_chars` characters."""
        raise NotImplementedError

    def for_channel(self, recipient_id: Text, text: Text) -> Text:
        """The text as this channel should carry it to `recipient_id` (the provider's id)."""
        return text

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        # The conversation id carries the channel's prefix (channels/namespace.py); the provider wants its own id.
        recipient_id = provider_id(recipient_id, self.name())
        for part in split_message(self.for_channel(recipient_id, staff_signed(text, kwargs)), self.max_chars):
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

    async def send_attachment_note(self, recipient_id: Text, kind: Any) -> None:
        """Tell the visitor that their photo, voice message, sticker, location...
        was not read (the assistant and the console see text only), instead of
        leaving them waiting for an answer to it."""
        await self.send_text_message(recipient_id, responses.text("utter_attachment_not_read", attachment=attachment_name(kind)))
