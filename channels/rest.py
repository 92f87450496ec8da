"""Rasa's REST channel, unable to write into another channel's conversations.

Enabled in credentials.yml as ``channels.rest.ClinicRestInput:`` (its name
stays "rest", its URL ``/webhooks/rest/webhook``). Differences from Rasa
3.6's ``RestInput``:

* The sender must be 1 to 128 letters, digits and ``. _ - ~ @ + =``: no
  colon, so none of the messaging channels' conversation ids
  (``telegram:…``, ``twilio:…``, ``facebook:…``, channels/namespace.py), and
  never a session id the server issued to the website widget
  (channels/session_ids.py). Such a sender gets 403, a missing or malformed
  one 400; Rasa put every message without a sender into one shared
  conversation called "default".
* ``input_channel`` in the body is ignored: the channel is always "rest", so
  a later ``output_channel=latest`` cannot be pointed at Twilio or Telegram.
* With ``REST_CHANNEL_TOKEN`` set, a request needs
  ``Authorization: Bearer <token>`` (or ``?token=``); else 401.
* The message must be a string of at most ``MAX_CHANNEL_CHARS`` characters
  (20,000; 413 with a reply saying so), metadata a JSON object of at most
  2,000 characters (else dropped).
* ``message_id`` in the body (optional): the client's id for this message,
  1 to 64 letters, digits and ``. _ : ~ -`` (else 400). A message sent again
  with an id the conversation already holds is not processed again: the
  reply is the one the first delivery got (components/exactly_once.py), so a
  client may re-send a turn that got no answer.
* Per-conversation rate limit (channels/rate_limit.py): 429 with a reply that
  says so and a ``Retry-After`` header; the message is not processed.
* A turn that fails before producing any reply (Rasa logged the error and
  answered ``[]``) gets a static reply with the clinic's phone number.
* No streaming mode.
"""
from __future__ import annotations

import hmac
import json
import logging
import math
import os
import re
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.payloads import read_json
from channels.rate_limit import failed_text, limiter_for, too_fast_text, too_long_text
from channels.session_ids import is_signed_session_id
from clinic_assistant.limits import MAX_CHANNEL_CHARS
from components.exactly_once import MESSAGE_ID_RULE, valid_message_id

logger = logging.getLogger(__name__)

SENDER = re.compile(r"^[A-Za-z0-9._~@+=-]{1,128}$")
MAX_METADATA_CHARS = 2_000


def _error(status: int, message: str, **headers: str) -> HTTPResponse:
    return response.json({"error": message}, status=status, headers=headers or None)


def _too_big(metadata: dict) -> bool:
    try:
        return len(json.dumps(metadata, default=str)) > MAX_METADATA_CHARS
    except (ValueError, RecursionError):
        return True


def sender_problem(sender: Any) -> Optional[tuple]:
    """(status, reason) when `sender` may not be used on the REST channel."""
    if not isinstance(sender, str) or not sender:
        return 400, "`sender` must be a non-empty string"
    if ":" in sender or is_signed_session_id(sender):
        return 403, "this sender id belongs to another channel"
    if not SENDER.match(sender):
        return 400, "`sender` is 1 to 128 letters, digits and . _ - ~ @ + ="
    return None


class ClinicRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls()

    def __init__(self, token: Optional[str] = None) -> None:
        self.token = token if token is not None else os.environ.get("REST_CHANNEL_TOKEN", "")

    def authorised(self, request: Request) -> bool:
        if not self.token:
            return True
        header = request.headers.get("Authorization", "")
        sent = header[7:] if header.startswith("Bearer ") else (request.args.get("token") or "")
        return hmac.compare_digest(sent.encode(), self.token.encode())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        rest = Blueprint("clinic_rest_webhook", __name__)
        limiter = limiter_for(self.name())

        @rest.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @rest.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.authorised(request):
                return _error(401, "this channel needs its token")
            parsed, body = read_json(request.body)
            if not parsed:
                return _error(400, "the body must be JSON (UTF-8)")
            if not isinstance(body, dict):
                return _error(400, "the body must be a JSON object")
            sender = body.get("sender")
            problem = sender_problem(sender)
            if problem:
                return _error(*problem)
            text = body.get("message")
            if not isinstance(text, str):
                return _error(400, "`message` must be a string")
            message_id = body.get("message_id")
            if message_id is not None and not valid_message_id(message_id):
                return _error(400, MESSAGE_ID_RULE)
            if len(text) > MAX_CHANNEL_CHARS:
                reply = [{"recipient_id": sender, "text": too_long_text(len(text), MAX_CHANNEL_CHARS)}]
                return response.json(reply, status=413)
            decision = limiter.check(sender, text)
            if not decision.allowed:
                reply = [{"recipient_id": sender, "text": too_fast_text()}]
                return response.json(reply, status=429, headers={"Retry-After": str(math.ceil(decision.retry_after))})
            metadata = body.get("metadata")
            if not isinstance(metadata, dict) or _too_big(metadata):
                metadata = None
            collector = CollectingOutputChannel()
            failed = False
            try:
                await on_new_message(
                    UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata, message_id=message_id)
                )
            except CancelledError:
                failed = True
                logger.error("A REST turn was cancelled (timeout)")
            except Exception:  # noqa: BLE001 - the visitor gets what was produced, as in Rasa
                failed = True
                logger.exception("A REST turn failed")
            if failed and not collector.messages:  # a failed turn is never silent (a held one may be)
                collector.messages.append({"recipient_id": sender, "text": failed_text()})
            return response.json(collector.messages)

        return rest
