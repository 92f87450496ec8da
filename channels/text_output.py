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
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa.core.channels.channel import OutputChannel

from channels.namespace import provider_id
from channels.text_rendering import attachment_name, handoff_words, numbered_options, split_message, staff_signed
from clinic_assistant import responses

logger = logging.getLogger(__name__)


@dataclass
class _Held:
    """One reply kept back while a turn is held: its text, its buttons, and
    whether it is a bot text of the conversation (the tracker's BotUttered
    with text, whose buttons a typed reply answers: channels/button_replies.py)."""

    text: Text
    buttons: Sequence[Dict[Text, Any]] = ()
    bot_text: bool = True


class TextOutput(OutputChannel):
    max_chars: int
    # While held (see `hold`), the replies of a turn wait here, by recipient, to go out as one message.
    _held: Optional[Dict[Text, List[_Held]]] = None

    def hold(self) -> None:
        """Keep what is sent until `release`. For a provider that does not keep
        the order of messages sent in quick succession (SMS, WhatsApp through
        Twilio), one turn's replies then go out as one message, in order."""
        self._held = {}

    async def release(self) -> None:
        """Send what was held: each recipient's replies as one message, a blank
        line between them (split at `max_chars` like any text). Only the last
        bot text's buttons can be answered, so only they are listed: the
        options of an earlier reply of the same turn would be stale."""
        held, self._held = self._held or {}, None
        for recipient_id, replies in held.items():
            bot_texts = [reply for reply in replies if reply.bot_text]
            live = bot_texts[-1] if bot_texts else None
            texts = [numbered_options(reply.text, reply.buttons) if reply is live and reply.buttons else reply.text
                     for reply in replies]
            await self._deliver(recipient_id, "\n\n".join(text.strip() for text in texts if text.strip()))

    async def send_text_part(self, recipient_id: Text, text: Text) -> None:
        """Deliver one message of at most `max_chars` characters."""
        raise NotImplementedError

    def for_channel(self, recipient_id: Text, text: Text) -> Text:
        """The text as this channel should carry it to `recipient_id` (the provider's id)."""
        return text

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._send(recipient_id, _Held(staff_signed(text, kwargs)))

    async def _send(self, recipient_id: Text, reply: _Held) -> None:
        # The conversation id carries the channel's prefix (channels/namespace.py); the provider wants its own id.
        recipient_id = provider_id(recipient_id, self.name())
        if self._held is not None:
            self._held.setdefault(recipient_id, []).append(reply)
        else:
            await self._deliver(recipient_id, numbered_options(reply.text, reply.buttons) if reply.buttons else reply.text)

    async def _deliver(self, recipient_id: Text, text: Text) -> None:
        for part in split_message(self.for_channel(recipient_id, text), self.max_chars):
            await self.send_text_part(recipient_id, part)

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        await self._send(recipient_id, _Held(staff_signed(text, kwargs), buttons))

    async def send_quick_replies(
        self, recipient_id: Text, text: Text, quick_replies: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        await self._send(recipient_id, _Held(staff_signed(text, kwargs), quick_replies))

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        words = handoff_words(json_message)
        if words is None:
            # Visitors must never see raw JSON; nothing else is sent as custom today.
            logger.warning("%s: a custom payload other than a handoff was not sent", self.name())
            return
        await self._send(recipient_id, _Held(words, bot_text=False))  # a payload in the tracker, not a text

    async def send_attachment_note(self, recipient_id: Text, kind: Any, with_words: bool = False) -> None:
        """Tell the visitor that their photo, voice message, sticker, location...
        was not read (the assistant and the console see text only), instead of
        leaving them waiting for an answer to it; `with_words` when words came
        with it (a caption), which are read."""
        response = "utter_attachment_not_read_with_words" if with_words else "utter_attachment_not_read"
        note = responses.text(response, attachment=attachment_name(kind))
        await self._send(recipient_id, _Held(note, bot_text=False))  # not in the tracker
