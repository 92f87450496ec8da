"""Facebook Messenger through Rasa 3.6's connector, signatures checked strictly.

Enabled by channels/credentials.py when MESSENGER_PAGE_ACCESS_TOKEN,
MESSENGER_APP_SECRET and MESSENGER_VERIFY_TOKEN are set::

    channels.messenger.ClinicMessengerInput:
      page-access-token: ${MESSENGER_PAGE_ACCESS_TOKEN}
      secret: ${MESSENGER_APP_SECRET}
      verify: ${MESSENGER_VERIFY_TOKEN}
      api_url: ${MESSENGER_API_URL}      # optional, default https://graph.facebook.com

Differences from Rasa's ``FacebookInput`` (whose name "facebook" it keeps):

* Authenticity. Rasa answered an unsigned or wrongly signed POST with HTTP 200
  "not validated"; here it gets 403. ``X-Hub-Signature-256`` (HMAC-SHA256 of
  the raw body with the app secret) is checked, or, when Meta sends only the
  older header, ``X-Hub-Signature`` (SHA-1); comparison is constant-time and
  no other hash names are accepted. The verification GET answers 403 to a
  wrong verify token.
* Every messaging event of a batch is handled (Rasa stopped at the first);
  echoes, deliveries and reads are ignored. The conversation id is
  ``facebook:<page-scoped id>`` (channels/namespace.py); replies go to the PSID.
* Per-conversation rate limit (channels/rate_limit.py): a message over it is
  answered "please send it again in a few seconds" and not processed.
* The Graph API base URL comes from ``api_url`` (fbmessenger hard-codes it),
  requests carry the ``appsecret_proof``, and sends run in a worker thread
  (fbmessenger is synchronous).
* Text only, split at Messenger's 2000 characters (channels/text_output.py).
  A sticker, image, voice message or location is answered with a note that
  it was not read.
"""
from __future__ import annotations

import asyncio
import hmac
import logging
from typing import Any, Awaitable, Callable, Dict, Iterator, Optional, Text, Tuple

from fbmessenger import MessengerClient
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput, MessengerBot
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.button_replies import as_button_payloads
from channels.namespace import namespaced
from channels.payloads import read_json
from channels.rate_limit import admit
from channels.text_output import TextOutput

logger = logging.getLogger(__name__)

GRAPH_API_URL = "https://graph.facebook.com"
# Header, hash: the current signature first, the legacy one as a fallback.
SIGNATURE_HEADERS = (("X-Hub-Signature-256", "sha256"), ("X-Hub-Signature", "sha1"))


class GraphAPIClient(MessengerClient):
    """fbmessenger's client with the Graph API base URL configurable."""

    def __init__(self, page_access_token: Text, api_url: Text, app_secret: Text) -> None:
        super().__init__(page_access_token, app_secret=app_secret)
        self.graph_url = f"{api_url.rstrip('/')}/v{self.api_version}"


class ClinicMessengerOutput(TextOutput, MessengerBot):
    max_chars = 2000  # Messenger's limit for a text message

    async def send_text_part(self, recipient_id: Text, text: Text) -> None:
        answer = await asyncio.to_thread(self.messenger_client.send, {"text": text}, recipient_id, "RESPONSE")
        if "error" in answer:
            logger.error("Messenger refused a message to %s: %s", recipient_id, answer["error"])


def signature_is_valid(app_secret: Text, body: bytes, headers: Any) -> bool:
    for header, hash_name in SIGNATURE_HEADERS:
        sent = headers.get(header)
        if sent:
            expected = f"{hash_name}=" + hmac.new(app_secret.encode(), body, hash_name).hexdigest()
            return hmac.compare_digest(sent.encode(), expected.encode())
    return False


def _dict(value: Any) -> Dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def visitor_texts(payload: Any) -> Iterator[Tuple[Text, Text, bool, Optional[Text]]]:
    """(PSID, text, typed, attachment) for each visitor message or button press
    in a webhook batch; `typed` is False when the text is a button's own
    payload; `attachment` names what non-text content the message carried
    (a sticker, an image, a voice message, a location), with the text empty
    when it had none. Anything not shaped as Meta documents is skipped."""
    for entry in _list(_dict(payload).get("entry")):
        for event in _list(_dict(entry).get("messaging")):
            event = _dict(event)
            sender = _dict(event.get("sender")).get("id")
            message = _dict(event.get("message"))
            postback = _dict(event.get("postback"))
            if not isinstance(sender, (str, int)) or isinstance(sender, bool) or sender == "" or message.get("is_echo"):
                continue
            quick_reply = _dict(message.get("quick_reply")).get("payload")
            attachment = message_attachment(message)
            if isinstance(quick_reply, str) and quick_reply:
                yield str(sender), quick_reply, False, None
            elif isinstance(message.get("text"), str) and message["text"]:
                yield str(sender), message["text"], True, attachment
            elif isinstance(postback.get("payload"), str) and postback["payload"]:
                yield str(sender), postback["payload"], False, None
            elif attachment:
                yield str(sender), "", True, attachment


def message_attachment(message: Dict) -> Optional[Text]:
    """The kind of the first attachment of a Messenger message ("sticker" for a
    sticker, which Meta sends as an image with a sticker_id), else None."""
    if message.get("sticker_id"):
        return "sticker"
    for attachment in _list(message.get("attachments")):
        kind = _dict(attachment).get("type")
        if isinstance(kind, str) and kind:
            return kind
    return None


class ClinicMessengerInput(FacebookInput):
    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials["verify"],
            credentials["secret"],
            credentials["page-access-token"],
            credentials.get("api_url") or GRAPH_API_URL,
        )

    def __init__(self, fb_verify: Text, fb_secret: Text, fb_access_token: Text, api_url: Text) -> None:
        super().__init__(fb_verify, fb_secret, fb_access_token)
        self.api_url = api_url

    def get_output_channel(self) -> ClinicMessengerOutput:
        return ClinicMessengerOutput(GraphAPIClient(self.fb_access_token, self.api_url, self.fb_secret))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        fb_webhook = Blueprint("fb_webhook", __name__)

        @fb_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @fb_webhook.route("/webhook", methods=["GET"])
        async def token_verification(request: Request) -> HTTPResponse:
            token = request.args.get("hub.verify_token") or ""
            if request.args.get("hub.mode") == "subscribe" and hmac.compare_digest(
                token.encode(), self.fb_verify.encode()
            ):
                return response.text(request.args.get("hub.challenge") or "")
            return response.text("forbidden", status=403)

        @fb_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not signature_is_valid(self.fb_secret, request.body, request.headers):
                logger.warning("Refused a Messenger webhook without a valid X-Hub-Signature")
                return response.text("forbidden", status=403)
            metadata = self.get_metadata(request)
            parsed, payload = read_json(request.body)
            if not parsed:
                return response.text("the body must be JSON", status=400)
            for psid, text, typed, attachment in visitor_texts(payload):
                sender_id = namespaced(self.name(), psid)
                output = self.get_output_channel()
                if not await admit(self.name(), sender_id, text, lambda reply: output.send_text_message(sender_id, reply)):
                    continue
                if attachment:
                    await output.send_attachment_note(sender_id, attachment, with_words=bool(text))
                if not text:
                    continue
                for message in await as_button_payloads(request, sender_id, text) if typed else [text]:
                    await on_new_message(UserMessage(message, output, sender_id, input_channel=self.name(), metadata=metadata))
            return response.text("EVENT_RECEIVED")

        return fb_webhook
