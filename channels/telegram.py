"""Telegram through Rasa 3.6's connector, with the webhook's secret token checked.

Enabled by channels/credentials.py when TELEGRAM_ACCESS_TOKEN,
TELEGRAM_SECRET_TOKEN and TELEGRAM_WEBHOOK_URL are set::

    channels.telegram.ClinicTelegramInput:
      access_token: ${TELEGRAM_ACCESS_TOKEN}
      secret_token: ${TELEGRAM_SECRET_TOKEN}
      webhook_url: ${TELEGRAM_WEBHOOK_URL}
      api_url: ${TELEGRAM_API_URL}        # optional, default https://api.telegram.org

Differences from Rasa's ``TelegramInput`` (whose name "telegram" it keeps):

* Authenticity. Telegram sends the ``secret_token`` given to ``setWebhook``
  in ``X-Telegram-Bot-Api-Secret-Token``; an update without the right one is
  refused with 403 before anything reads or stores it. Rasa's check instead
  asked Telegram's ``getMe`` on every update and compared the bot's name.
* The webhook is registered once, with the secret token, when the server has
  started. Rasa called ``asyncio.run(set_webhook(...))`` in
  ``get_output_channel``, which fails inside the running event loop, so a
  staff reply sent through the HTTP API (``output_channel=latest``) never
  reached Telegram.
* One output channel (one aiohttp session) per input channel, pointed at
  ``api_url`` so tests can record the outbound calls.
* Text only: buttons as numbered options, the handoff as words, long texts
  split at Telegram's 4096 characters (channels/text_output.py). A reply
  such as "2", "the second one" or "1 and 3" picks options
  (channels/button_replies.py). A photo, voice message, sticker or location
  is answered with a note that it was not read; a caption is read as text.
* The conversation id is ``telegram:<chat id>`` (channels/namespace.py), so
  no other channel can name it; replies go to the chat id.
* Per-conversation rate limit (channels/rate_limit.py): a message over it is
  answered "please send it again in a few seconds" and not processed.
"""
from __future__ import annotations

import hmac
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text, Tuple

from aiogram import Bot
from aiogram.bot.api import TelegramAPIServer
from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.button_replies import as_button_payloads
from channels.namespace import namespaced
from channels.payloads import read_json
from channels.rate_limit import admit
from channels.text_output import TextOutput

logger = logging.getLogger(__name__)

TELEGRAM_API_URL = "https://api.telegram.org"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


# Message fields that carry something other than text (Bot API "Message").
ATTACHMENT_FIELDS = (
    "photo", "sticker", "animation", "voice", "audio", "video", "video_note",
    "document", "location", "venue", "contact", "poll",
)


def visitor_message(chat_message: Dict[str, Any]) -> Tuple[Text, Optional[Text]]:
    """(text, attachment kind) of a Telegram message: its text, or the caption
    of a photo, video or file, and which non-text content came with it."""
    text = chat_message.get("text")
    if not isinstance(text, str) or not text:
        caption = chat_message.get("caption")
        text = caption if isinstance(caption, str) else ""
    attachment = next((field for field in ATTACHMENT_FIELDS if chat_message.get(field)), None)
    return text, attachment


class ClinicTelegramOutput(TextOutput, TelegramOutput):
    max_chars = 4096  # Telegram's limit for one message's text

    def __init__(self, access_token: Text, api_url: Text = TELEGRAM_API_URL) -> None:
        Bot.__init__(self, access_token, server=TelegramAPIServer.from_base(api_url))

    async def send_text_part(self, recipient_id: Text, text: Text) -> None:
        try:
            await self.send_message(recipient_id, text)
        except TelegramAPIError:
            logger.exception("Telegram refused a message to chat %s", recipient_id)

    async def register_webhook(self, url: Text, secret_token: Text) -> None:
        # aiogram 2.15 predates Bot API 6.1's secret_token, so the call is made by hand.
        await self.request("setWebhook", {"url": url, "secret_token": secret_token})


class ClinicTelegramInput(TelegramInput):
    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials["access_token"],
            credentials["secret_token"],
            credentials["webhook_url"],
            credentials.get("api_url") or TELEGRAM_API_URL,
        )

    def __init__(self, access_token: Text, secret_token: Text, webhook_url: Text, api_url: Text) -> None:
        super().__init__(access_token, verify=None, webhook_url=webhook_url, debug_mode=False)
        self.secret_token = secret_token
        self.api_url = api_url
        self._output: Optional[ClinicTelegramOutput] = None

    def get_output_channel(self) -> ClinicTelegramOutput:
        # Created on first use, inside the server's event loop that its aiohttp session belongs to.
        if self._output is None:
            self._output = ClinicTelegramOutput(self.access_token, self.api_url)
        return self._output

    def is_from_telegram(self, request: Request) -> bool:
        sent = request.headers.get(SECRET_HEADER, "")
        return hmac.compare_digest(sent.encode(), self.secret_token.encode())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        telegram_webhook = Blueprint("telegram_webhook", __name__)

        @telegram_webhook.listener("after_server_start")
        async def register_webhook(*_: Any) -> None:
            try:
                await self.get_output_channel().register_webhook(self.webhook_url, self.secret_token)
            except Exception:  # a network problem must not stop the other channels
                logger.exception("Could not set the Telegram webhook to %s", self.webhook_url)

        @telegram_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @telegram_webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            if not self.is_from_telegram(request):
                logger.warning("Refused a Telegram update without the webhook's secret token")
                return response.text("forbidden", status=403)
            parsed, update = read_json(request.body)
            if not parsed:
                return response.text("the body must be JSON", status=400)
            update = update if isinstance(update, dict) else {}
            chat_message = update.get("message") or update.get("edited_message")
            chat_message = chat_message if isinstance(chat_message, dict) else {}
            chat = chat_message.get("chat") if isinstance(chat_message.get("chat"), dict) else {}
            chat_id = chat.get("id")
            if not isinstance(chat_id, (int, str)) or isinstance(chat_id, bool):
                return response.text("success")  # not a message from a chat: nothing to answer
            text, attachment = visitor_message(chat_message)
            if not text and not attachment:
                return response.text("success")  # joins, pins, service messages
            sender_id = namespaced(self.name(), chat_id)
            if text.strip() == "/start":  # what Telegram sends when a visitor opens the bot
                text = "Hi"
            output = self.get_output_channel()
            if not await admit(self.name(), sender_id, text, lambda reply: output.send_text_message(sender_id, reply)):
                return response.text("success")  # a 200: Telegram must not send the flood again
            if attachment:
                await output.send_attachment_note(sender_id, attachment, with_words=bool(text))
            if not text:
                return response.text("success")
            for payload in await as_button_payloads(request, sender_id, text):
                await on_new_message(
                    UserMessage(
                        payload,
                        output,
                        sender_id,
                        input_channel=self.name(),
                        metadata=self.get_metadata(request),
                    )
                )
            return response.text("success")

        return telegram_webhook
