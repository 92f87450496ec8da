"""SMS and WhatsApp through Twilio, with Rasa 3.6's connector, signature checked.

Enabled by channels/credentials.py when TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN
and at least one of TWILIO_NUMBER (SMS) and TWILIO_WHATSAPP_NUMBER are set::

    channels.twilio.ClinicTwilioInput:
      account_sid: ${TWILIO_ACCOUNT_SID}
      auth_token: ${TWILIO_AUTH_TOKEN}
      twilio_number: ${TWILIO_NUMBER}                # SMS sender, +E.164
      whatsapp_number: ${TWILIO_WHATSAPP_NUMBER}     # WhatsApp sender, +E.164
      webhook_url: ${TWILIO_WEBHOOK_URL}             # the public URL Twilio posts to
      api_url: ${TWILIO_API_URL}                     # optional, default https://api.twilio.com

Differences from Rasa's ``TwilioInput`` (whose name "twilio" it keeps):

* Authenticity. Each webhook must carry a valid ``X-Twilio-Signature``
  (HMAC-SHA1 of the URL Twilio called plus the form fields, keyed with the auth
  token); anything else is refused with 403 before it is read. Behind a proxy
  the URL this server sees is not the one Twilio signed, so ``webhook_url``
  gives the public one; without it the request's own URL is used.
* One input channel for SMS and WhatsApp. The conversation id is Twilio's
  ``From`` behind the channel's prefix ("twilio:+15551234567" or
  "twilio:whatsapp:+15551234567", channels/namespace.py), and replies go out
  from the matching number.
* Per-conversation rate limit (channels/rate_limit.py): a message over it is
  answered "please send it again in a few seconds" and not processed.
* Sends run in a worker thread (the twilio client is synchronous), against
  ``api_url`` so tests can record them.
* Text only, split at Twilio's 1600-character limit for a message body, which
  applies to WhatsApp as well as SMS (channels/text_output.py).
* One message per turn: Twilio queues each message and carriers do not keep
  the order of messages sent close together, so "I'm passing this chat to our
  team", the opening hours and the handoff reference could arrive in any
  order. The replies to one visitor message are sent together, a blank line
  between them (split at 1600 characters between replies first). Staff replies
  and the handback, sent through Rasa's HTTP API, go out as they come.
* SMS keywords: STOP and Twilio's other opt-out words are neither answered nor
  stored (Twilio confirms them and refuses messages after them); START greets.
  The opt-out (who and when, not the words) is kept for the staff console
  until START (channels/sms_opt_outs.py).
  SMS texts get plain GSM characters for curly quotes, dashes and ellipses.
* A photo, voice message, location or file is answered with a note that it
  was not read; the words sent with an MMS are read.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text
from urllib.parse import parse_qs, urlsplit

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint, response
from sanic.request import Request, RequestParameters
from sanic.response import HTTPResponse
from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator

from channels import sms_opt_outs
from channels.button_replies import as_button_payloads
from channels.namespace import namespaced
from channels.rate_limit import admit
from channels.text_output import TextOutput
from channels.text_rendering import sms_plain

logger = logging.getLogger(__name__)

TWILIO_API_URL = "https://api.twilio.com"
WHATSAPP = "whatsapp:"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def whatsapp_address(number: Optional[Text]) -> Optional[Text]:
    """Twilio's WhatsApp form of a number ("whatsapp:+1..."), however it was configured."""
    if not number:
        return None
    return number if number.startswith(WHATSAPP) else WHATSAPP + number


# Twilio's default SMS keywords (matched on the whole message, any case). Twilio
# itself answers them and, after an opt-out, refuses every message to that number
# until the person opts in again. WhatsApp has no such keywords.
SMS_OPT_OUT = frozenset({"STOP", "STOPALL", "STOP ALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"})
SMS_OPT_IN = frozenset({"START", "UNSTOP"})


def sms_keyword(text: Text, form: Any) -> Optional[Text]:
    """"stop" or "start" for an SMS opt-out or opt-in keyword (or Twilio's
    OptOutType field saying so), else None. "YES", also an opt-in keyword for
    Twilio, is left to the assistant: it is an answer far more often."""
    declared = (form.get("OptOutType") or "").upper()
    word = " ".join(text.split()).upper().rstrip(".!")
    if declared == "STOP" or word in SMS_OPT_OUT:
        return "stop"
    if declared == "START" or word in SMS_OPT_IN:
        return "start"
    return None


def attachment_kind(form: Any) -> Optional[Text]:
    """What non-text content a Twilio message carries: WhatsApp's MessageType,
    else the first media item's type (MMS), else None."""
    message_type = (form.get("MessageType") or "").lower()
    if message_type and message_type not in ("text", "button", "interactive"):
        return message_type
    if form.get("Latitude") and form.get("Longitude"):
        return "location"
    try:
        media = int(form.get("NumMedia") or 0)
    except ValueError:
        media = 0
    if media > 0:
        content_type = (form.get("MediaContentType0") or "").lower()
        return {"image": "photo", "audio": "audio", "video": "video"}.get(content_type.split("/")[0], "file")
    return None


class ClinicTwilioOutput(TextOutput, TwilioOutput):
    max_chars = 1600  # Twilio's limit for a message Body (SMS and WhatsApp)

    def __init__(
        self,
        account_sid: Text,
        auth_token: Text,
        sms_number: Optional[Text],
        whatsapp_number: Optional[Text],
        api_url: Text = TWILIO_API_URL,
    ) -> None:
        super().__init__(account_sid, auth_token, sms_number)
        self.whatsapp_number = whatsapp_address(whatsapp_number)
        self.api_url = urlsplit(api_url)

    def get_hostname(self, uri: str) -> str:
        """Every call of the twilio client goes through here: send it to `api_url`."""
        parts = urlsplit(uri)
        return parts._replace(
            scheme=self.api_url.scheme,
            netloc=self.api_url.netloc,
            path=self.api_url.path.rstrip("/") + parts.path,
        ).geturl()

    def for_channel(self, recipient_id: Text, text: Text) -> Text:
        # An SMS with one curly quote or dash is sent as UCS-2: 70 characters a
        # segment instead of 160. WhatsApp shows them as they are.
        return text if recipient_id.startswith(WHATSAPP) else sms_plain(text)

    def sender_for(self, recipient_id: Text) -> Optional[Text]:
        return self.whatsapp_number if recipient_id.startswith(WHATSAPP) else self.twilio_number

    async def send_text_part(self, recipient_id: Text, text: Text) -> None:
        sender = self.sender_for(recipient_id)
        if not sender:
            logger.error("No Twilio number is configured to write to %s", recipient_id)
            return
        try:
            await asyncio.to_thread(self.messages.create, to=recipient_id, from_=sender, body=text)
        except TwilioRestException:
            logger.exception("Twilio refused a message to %s", recipient_id)


class ClinicTwilioInput(TwilioInput):
    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials["account_sid"],
            credentials["auth_token"],
            credentials.get("twilio_number"),
            credentials.get("whatsapp_number"),
            credentials.get("webhook_url"),
            credentials.get("api_url") or TWILIO_API_URL,
        )

    def __init__(
        self,
        account_sid: Text,
        auth_token: Text,
        sms_number: Optional[Text],
        whatsapp_number: Optional[Text],
        webhook_url: Optional[Text],
        api_url: Text,
    ) -> None:
        super().__init__(account_sid, auth_token, sms_number, debug_mode=False)
        self.whatsapp_number = whatsapp_number
        self.webhook_url = webhook_url
        self.api_url = api_url
        self.validator = RequestValidator(auth_token)

    def get_output_channel(self) -> ClinicTwilioOutput:
        return ClinicTwilioOutput(
            self.account_sid, self.auth_token, self.twilio_number, self.whatsapp_number, self.api_url
        )

    def is_signed_by_twilio(self, request: Request) -> bool:
        signature = request.headers.get("X-Twilio-Signature", "")
        url = self.webhook_url or request.url
        # Twilio signs empty fields too (FromCity=""), which Sanic's request.form drops.
        fields = RequestParameters(parse_qs(request.body.decode("utf-8", "replace"), keep_blank_values=True))
        return bool(signature) and self.validator.validate(url, fields, signature)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        twilio_webhook = Blueprint("twilio_webhook", __name__)

        @twilio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @twilio_webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            if not self.is_signed_by_twilio(request):
                logger.warning("Refused a Twilio webhook without a valid X-Twilio-Signature")
                return response.text("forbidden", status=403)
            address = request.form.get("From")
            text = (request.form.get("Body") or "").strip()
            attachment = attachment_kind(request.form)
            if not address or not (text or attachment):
                return response.text(EMPTY_TWIML, content_type="text/xml")
            sender = namespaced(self.name(), address)
            if not address.startswith(WHATSAPP):
                keyword = sms_keyword(text, request.form)
                if keyword:  # kept for the staff console (channels/sms_opt_outs.py), not the words
                    await sms_opt_outs.record_in_background(sender, stopped=keyword == "stop")
                if keyword == "stop":
                    # Twilio has confirmed the opt-out and refuses any further message to this number.
                    logger.info("%s opted out of SMS (%r): not answered", sender, text)
                    return response.text(EMPTY_TWIML, content_type="text/xml")
                if keyword == "start":
                    text = "Hi"  # Twilio has confirmed the opt-in; the assistant greets
            output = self.get_output_channel()
            if not await admit(self.name(), sender, text, lambda reply: output.send_text_message(sender, reply)):
                return response.text(EMPTY_TWIML, content_type="text/xml")
            # Twilio does not keep the order of messages sent close together: one turn is one message.
            output.hold()
            try:
                if attachment:
                    await output.send_attachment_note(sender, attachment, with_words=bool(text))
                for payload in await as_button_payloads(request, sender, text) if text else []:
                    await on_new_message(
                        UserMessage(
                            payload,
                            output,
                            sender,
                            input_channel=self.name(),
                            metadata=self.get_metadata(request),
                        )
                    )
            finally:
                await output.release()
            # Replies are sent through the API; the TwiML answer adds nothing.
            return response.text(EMPTY_TWIML, content_type="text/xml")

        return twilio_webhook
