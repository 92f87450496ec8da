"""What the channel tests share: a fake provider API that records what Rasa
sends, and visitors that post the providers' documented webhook shapes, signed
the way each provider signs them."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import re
import sqlite3
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Dict, List, Optional
from urllib.parse import parse_qsl, urlsplit

import requests

# Secrets and ids of the test stack (tests/channels/conftest.py puts them in its environment).
TELEGRAM_TOKEN = "123456789:AAtestTokenForTheClinicBot_abcdefghij"
TELEGRAM_WEBHOOK_URL = "https://bot.clinic.example/webhooks/telegram/webhook"
TELEGRAM_SECRET = "telegram-secret-token_123"
TWILIO_SID = "AC" + "0" * 32
TWILIO_AUTH_TOKEN = "twilio-auth-token-for-tests"
TWILIO_SMS_NUMBER = "+15550100001"
TWILIO_WHATSAPP_NUMBER = "+14155238886"
# What Twilio calls: the public URL in front of a proxy, not the server's own.
TWILIO_PUBLIC_URL = "https://bot.clinic.example/webhooks/twilio/webhook"
MESSENGER_PAGE_TOKEN = "EAAtestPageAccessToken"
MESSENGER_APP_SECRET = "messenger-app-secret"
MESSENGER_VERIFY_TOKEN = "messenger-verify-token"
PAGE_ID = "1029384756"
# Longest message each provider takes (what channels/*.py split at).
LIMITS = {"telegram": 4096, "twilio": 1600, "messenger": 2000}


@dataclass
class Outbound:
    """One message the assistant sent through a provider's API."""

    provider: str
    recipient: str
    text: str
    sender: str = ""


class FakeProviderAPI:
    """Telegram's Bot API, Twilio's REST API and Meta's Graph API on one local
    port, answering as the providers document and recording every call."""

    def __init__(self) -> None:
        self.calls: List[Dict] = []
        calls = self.calls

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server API
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                url = urlsplit(self.path)
                if "json" in (self.headers.get("Content-Type") or ""):
                    fields = json.loads(raw or b"{}")
                else:
                    fields = dict(parse_qsl(raw.decode()))
                call = {"path": url.path, "query": dict(parse_qsl(url.query)), "fields": fields}
                calls.append(call)
                status, answer = FakeProviderAPI.answer(call)
                body = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @staticmethod
    def answer(call: Dict):
        path, fields = call["path"], call["fields"]
        if path.endswith("/setWebhook"):
            return 200, {"ok": True, "result": True, "description": "Webhook was set"}
        if path.endswith("/sendMessage"):
            chat = {"id": int(fields["chat_id"]), "type": "private"}
            return 200, {"ok": True, "result": {"message_id": len(path), "date": 0, "chat": chat, "text": fields["text"]}}
        if path.endswith("/Messages.json"):
            return 201, {"sid": "SM" + "1" * 32, "to": fields["To"], "from": fields["From"], "body": fields["Body"], "status": "queued"}
        if path.endswith("/me/messages"):
            return 200, {"recipient_id": fields["recipient"]["id"], "message_id": "m_1"}
        return 404, {"error": f"unexpected call {path}"}

    def outbound(self) -> List[Outbound]:
        sent = []
        for call in list(self.calls):
            path, fields = call["path"], call["fields"]
            if path.endswith("/sendMessage"):
                sent.append(Outbound("telegram", fields["chat_id"], fields["text"]))
            elif path.endswith("/Messages.json"):
                sent.append(Outbound("twilio", fields["To"], fields["Body"], fields["From"]))
            elif path.endswith("/me/messages") and "message" in fields:
                sent.append(Outbound("messenger", fields["recipient"]["id"], fields["message"]["text"]))
        return sent

    def sent_to(self, recipient: str) -> List[Outbound]:
        return [message for message in self.outbound() if message.recipient == recipient]

    def close(self) -> None:
        self.server.shutdown()


class ChannelVisitor:
    """One person writing from a messaging app; `say` returns what reached them.

    `address` is the person's id at the provider (chat id, phone number, PSID),
    `conversation_id` the id Rasa keeps the conversation under: the address
    behind the channel's name (channels/namespace.py)."""

    provider = ""
    channel = ""
    address = ""

    def __init__(self, rasa_url: str, fake: FakeProviderAPI) -> None:
        self.rasa_url = rasa_url
        self.fake = fake

    def post(self, text: str, signed: bool = True) -> requests.Response:
        raise NotImplementedError

    def say(self, text: str) -> List[str]:
        """Rasa answers a webhook only after sending every reply, so they are all recorded by then."""
        before = len(self.received())
        answer = self.post(text)
        assert answer.status_code == 200, answer.text
        return self.received()[before:]

    def received(self) -> List[str]:
        return [message.text for message in self.fake.sent_to(self.recipient)]

    @property
    def recipient(self) -> str:
        return self.address

    @property
    def conversation_id(self) -> str:
        return f"{self.channel}:{self.address}"


class TelegramVisitor(ChannelVisitor):
    provider = "telegram"
    channel = "telegram"

    def __init__(self, rasa_url: str, fake: FakeProviderAPI) -> None:
        super().__init__(rasa_url, fake)
        self.chat_id = random.randint(10**8, 10**10)
        self.address = str(self.chat_id)
        self.update_id = random.randint(10**6, 10**8)

    def update(self, text: str) -> Dict:
        """A private-chat text message as in https://core.telegram.org/bots/api#update."""
        self.update_id += 1
        person = {"id": self.chat_id, "is_bot": False, "first_name": "Sam", "language_code": "en"}
        return {
            "update_id": self.update_id,
            "message": {
                "message_id": self.update_id % 10000,
                "from": person,
                "chat": {"id": self.chat_id, "first_name": "Sam", "type": "private"},
                "date": 1767000000,
                "text": text,
            },
        }

    def post(self, text: str, signed: bool = True, secret: Optional[str] = None) -> requests.Response:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret or TELEGRAM_SECRET} if signed else {}
        return requests.post(f"{self.rasa_url}/webhooks/telegram/webhook", json=self.update(text), headers=headers, timeout=60)


def twilio_signature(url: str, fields: Dict[str, str], auth_token: str = TWILIO_AUTH_TOKEN) -> str:
    """As https://www.twilio.com/docs/usage/security#validating-requests describes:
    the URL, then each field name and value sorted by name, HMAC-SHA1, base64."""
    signed = url + "".join(name + fields[name] for name in sorted(fields))
    return base64.b64encode(hmac.new(auth_token.encode(), signed.encode(), hashlib.sha1).digest()).decode()


class TwilioVisitor(ChannelVisitor):
    provider = "twilio"
    channel = "twilio"

    def __init__(self, rasa_url: str, fake: FakeProviderAPI, whatsapp: bool = False) -> None:
        super().__init__(rasa_url, fake)
        self.whatsapp = whatsapp
        prefix = "whatsapp:" if whatsapp else ""
        self.phone = f"+1555{random.randint(10**6, 10**7 - 1)}"
        self.address = prefix + self.phone
        self.our_number = prefix + (TWILIO_WHATSAPP_NUMBER if whatsapp else TWILIO_SMS_NUMBER)

    def fields(self, text: str) -> Dict[str, str]:
        """An incoming message webhook's form fields (Twilio Messaging webhook reference)."""
        fields = {
            "MessageSid": f"SM{random.getrandbits(128):032x}",
            "SmsMessageSid": f"SM{random.getrandbits(128):032x}",
            "AccountSid": TWILIO_SID,
            "MessagingServiceSid": "",
            "From": self.address,
            "To": self.our_number,
            "Body": text,
            "NumMedia": "0",
            "NumSegments": "1",
            "SmsStatus": "received",
            "ApiVersion": "2010-04-01",
        }
        if self.whatsapp:
            fields.update(ProfileName="Sam", WaId=self.phone[1:], MessageType="text")
        else:
            fields.update(FromCountry="US", FromState="CA", FromCity="", FromZip="", ToCountry="US")
        return fields

    def post(
        self, text: str, signed: bool = True, sign: Callable[[Dict[str, str]], str] = None
    ) -> requests.Response:
        """`sign` makes the signature from the fields posted (default: Twilio's own)."""
        fields = self.fields(text)
        sign = sign or (lambda fields: twilio_signature(TWILIO_PUBLIC_URL, fields))
        headers = {"X-Twilio-Signature": sign(fields)} if signed else {}
        return requests.post(f"{self.rasa_url}/webhooks/twilio/webhook", data=fields, headers=headers, timeout=60)


def hub_signatures(body: bytes, app_secret: str = MESSENGER_APP_SECRET) -> Dict[str, str]:
    """The headers Meta signs a webhook with: SHA-256 and the legacy SHA-1."""
    return {
        "X-Hub-Signature-256": "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest(),
        "X-Hub-Signature": "sha1=" + hmac.new(app_secret.encode(), body, hashlib.sha1).hexdigest(),
    }


class MessengerVisitor(ChannelVisitor):
    provider = "messenger"
    channel = "facebook"

    def __init__(self, rasa_url: str, fake: FakeProviderAPI) -> None:
        super().__init__(rasa_url, fake)
        self.address = str(random.randint(10**15, 10**16))  # a page-scoped id (PSID)

    def body(self, text: str) -> bytes:
        """A page webhook with one text message (Messenger Platform webhook reference)."""
        event = {
            "sender": {"id": self.address},
            "recipient": {"id": PAGE_ID},
            "timestamp": 1767000000000,
            "message": {"mid": f"m_{random.getrandbits(64):x}", "text": text},
        }
        payload = {"object": "page", "entry": [{"id": PAGE_ID, "time": 1767000000000, "messaging": [event]}]}
        return json.dumps(payload).encode()

    def post(
        self, text: str, signed: bool = True, sign: Callable[[bytes], Dict[str, str]] = hub_signatures
    ) -> requests.Response:
        """`sign` makes the signature headers from the body posted (default: both of Meta's)."""
        body = self.body(text)
        headers = {"Content-Type": "application/json", **(sign(body) if signed else {})}
        return requests.post(f"{self.rasa_url}/webhooks/facebook/webhook", data=body, headers=headers, timeout=60)


def stored_events(sqlite_path: str, sender_id: str) -> List[Dict]:
    """The tracker store's events of one conversation, read from its SQLite file."""
    with sqlite3.connect(sqlite_path) as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender_id,)).fetchall()
    return [json.loads(row[0]) for row in rows]


def user_texts(sqlite_path: str, sender_id: str) -> List[str]:
    return [event.get("text") for event in stored_events(sqlite_path, sender_id) if event.get("event") == "user"]


NUMBERED = re.compile(r"^(\d+)\. (.+)$", re.MULTILINE)


def numbered_options(text: str) -> Dict[str, str]:
    """{"1": "Book a consultation", ...} from a message's numbered lines."""
    return dict(NUMBERED.findall(text))
