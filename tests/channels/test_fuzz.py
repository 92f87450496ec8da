"""Fuzzing every channel of the running stack (issue 13), with hypothesis:
1,000 generated requests per channel, mostly bad (random bytes, invalid
UTF-8, wrong content types, random and deeply nested JSON, forged
signatures), some well-formed and signed with random text. Whatever comes:

- never a 5xx, and the server keeps answering;
- a forged or unsigned request leaves nothing behind;
- a signed, well-formed message is stored exactly once (or refused with a
  reason, never silently dropped);
- a red flag written with invisible characters, look-alike letters, digits
  and separators is still read as an emergency (through the channel for a
  sample, and for 1,000 generated spellings in tests/hardening).

The examples are derandomized, so a run is repeatable."""
from __future__ import annotations

import itertools
import json
import random
import uuid
from urllib.parse import urlencode

import pytest
import requests

from testkit.channel_support import (
    TELEGRAM_SECRET,
    TWILIO_PUBLIC_URL,
    hub_signatures,
    twilio_signature,
    user_texts,
)

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

FUZZ = settings(
    max_examples=1000, deadline=None, derandomize=True, database=None,
    suppress_health_check=list(HealthCheck),
)
CONTENT_TYPES = st.sampled_from([
    "application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
    "application/xml", "", "application/json; charset=latin-1", "image/png",
])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=30,
)
visitor_text = st.text(min_size=1, max_size=200).filter(lambda text: text.strip())
header_text = st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=40)  # HTTP headers are Latin-1
junk_bytes = st.binary(max_size=2000) | st.sampled_from([b"\xff\xfe\xfa", b"{" * 5000, b'{"a":' * 2000, b"\x00" * 100])


# A new person for every generated message (hypothesis repeats small values).
_people = itertools.count(random.Random().randrange(10**9, 10**10) * 1000)


def deeply_nested(depth: int) -> bytes:
    return ("[" * depth + "]" * depth).encode()


class Case:
    """One request: what was sent and what must hold afterwards."""

    def __init__(self, kind, body=b"", headers=None, sender=None, text=None) -> None:
        self.kind, self.body, self.headers, self.sender, self.text = kind, body, headers or {}, sender, text


def post(stack, path, case: Case) -> requests.Response:
    return requests.post(stack.url("rasa") + path, data=case.body, headers=case.headers, timeout=120)


def check(stack, answer: requests.Response, case: Case) -> None:
    assert answer.status_code < 500, (case.kind, answer.status_code, answer.text[:300])
    database = stack.config["CLINIC_SQLITE_PATH"]
    if case.kind == "forged":
        assert answer.status_code == 403
        assert user_texts(database, case.sender) == []
    elif case.kind == "message":
        assert answer.status_code == 200, answer.text[:300]
        assert user_texts(database, case.sender) == [case.text], case.kind


def healthy(stack) -> None:
    reply = requests.post(
        stack.url("rasa") + "/webhooks/rest/webhook", json={"sender": f"after-fuzz-{uuid.uuid4()}", "message": "Does it hurt?"},
        timeout=120,
    )
    assert reply.status_code == 200 and "numbing" in json.dumps(reply.json())


def stored_text(text: str) -> str:
    return text.strip()  # Rasa keeps the message without surrounding whitespace


# --- Telegram ------------------------------------------------------------------

@st.composite
def telegram_cases(draw):
    kind = draw(st.sampled_from(["junk", "json", "json", "nested", "shape", "forged", "forged", "message", "junk", "shape"]))
    chat_id = next(_people)
    headers = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET, "Content-Type": draw(CONTENT_TYPES)}
    if kind == "junk":
        return Case(kind, draw(junk_bytes), headers)
    if kind == "json":
        return Case(kind, json.dumps(draw(json_values)).encode(), headers)
    if kind == "nested":
        return Case(kind, deeply_nested(draw(st.integers(100, 100_000))), headers)
    if kind == "shape":  # the right keys with the wrong kinds of values
        message = {"chat": draw(json_values), "text": draw(json_values), "from": draw(json_values)}
        return Case(kind, json.dumps({"update_id": 1, draw(st.sampled_from(["message", "edited_message"])): message}).encode(), headers)
    text = draw(visitor_text.filter(lambda t: t.strip() != "/start"))
    update = {"update_id": chat_id, "message": {"message_id": 1, "date": 0, "chat": {"id": chat_id, "type": "private"}, "text": text}}
    case = Case(kind, json.dumps(update).encode(), {**headers, "Content-Type": "application/json"}, f"telegram:{chat_id}", stored_text(text))
    if kind == "forged":
        case.headers["X-Telegram-Bot-Api-Secret-Token"] = draw(st.sampled_from(["", "guess", TELEGRAM_SECRET + "x", TELEGRAM_SECRET[:-1]]))
        if not case.headers["X-Telegram-Bot-Api-Secret-Token"]:
            del case.headers["X-Telegram-Bot-Api-Secret-Token"]
    return case


def test_fuzz_telegram(channel_stack):
    @FUZZ
    @given(telegram_cases())
    def run(case):
        check(channel_stack, post(channel_stack, "/webhooks/telegram/webhook", case), case)

    run()
    healthy(channel_stack)


# --- Twilio --------------------------------------------------------------------

@st.composite
def twilio_cases(draw):
    kind = draw(st.sampled_from(["junk", "fields", "fields", "forged", "forged", "message", "junk", "fields", "badsig", "junk"]))
    if kind == "junk":
        return Case(kind, draw(junk_bytes), {"Content-Type": draw(CONTENT_TYPES), "X-Twilio-Signature": draw(header_text)})
    if kind in ("fields", "badsig"):
        fields = draw(st.dictionaries(st.text(max_size=12), st.text(max_size=60), max_size=8))
        body = urlencode(fields).encode()
        signature = twilio_signature(TWILIO_PUBLIC_URL, fields) if kind == "fields" else draw(header_text)
        return Case(kind, body, {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature})
    text = draw(visitor_text)
    address = draw(st.sampled_from(["+", "whatsapp:+"])) + str(next(_people))
    fields = {"From": address, "To": "+15550100001", "Body": text, "AccountSid": "AC" + "0" * 32, "MessageSid": f"SM{draw(st.integers(0, 10**12))}"}
    case = Case(kind, urlencode(fields).encode(), {"Content-Type": "application/x-www-form-urlencoded"}, f"twilio:{address}", text.strip())
    if kind == "forged":
        case.headers["X-Twilio-Signature"] = twilio_signature(TWILIO_PUBLIC_URL, fields, "not-the-auth-token")
    else:
        case.headers["X-Twilio-Signature"] = twilio_signature(TWILIO_PUBLIC_URL, fields)
    return case


def test_fuzz_twilio(channel_stack):
    @FUZZ
    @given(twilio_cases())
    def run(case):
        check(channel_stack, post(channel_stack, "/webhooks/twilio/webhook", case), case)

    run()
    healthy(channel_stack)


# --- Messenger -------------------------------------------------------------------

@st.composite
def messenger_cases(draw):
    kind = draw(st.sampled_from(["junk", "json", "json", "nested", "forged", "forged", "message", "shape", "junk", "json"]))
    if kind == "junk":
        body = draw(junk_bytes)
        return Case(kind, body, {"Content-Type": draw(CONTENT_TYPES), **hub_signatures(body)})
    if kind == "json":
        body = json.dumps(draw(json_values)).encode()
        return Case(kind, body, {"Content-Type": "application/json", **hub_signatures(body)})
    if kind == "nested":
        body = deeply_nested(draw(st.integers(100, 100_000)))
        return Case(kind, body, {"Content-Type": "application/json", **hub_signatures(body)})
    if kind == "shape":
        event = {"sender": draw(json_values), "message": draw(json_values), "postback": draw(json_values)}
        body = json.dumps({"object": "page", "entry": [{"messaging": [event]}]}).encode()
        return Case(kind, body, {"Content-Type": "application/json", **hub_signatures(body)})
    text = draw(visitor_text)
    psid = str(next(_people))
    event = {"sender": {"id": psid}, "recipient": {"id": "1"}, "timestamp": 0, "message": {"mid": "m", "text": text}}
    body = json.dumps({"object": "page", "entry": [{"id": "1", "time": 0, "messaging": [event]}]}).encode()
    signatures = hub_signatures(body) if kind == "message" else draw(st.sampled_from([
        hub_signatures(body, "not-the-app-secret"), {"X-Hub-Signature-256": "sha256=" + "0" * 64},
        {"X-Hub-Signature-256": "md5=abc"}, {},
    ]))
    return Case(kind, body, {"Content-Type": "application/json", **signatures}, f"facebook:{psid}", text.strip())


def test_fuzz_messenger(channel_stack):
    @FUZZ
    @given(messenger_cases())
    def run(case):
        check(channel_stack, post(channel_stack, "/webhooks/facebook/webhook", case), case)

    run()
    healthy(channel_stack)


# --- REST ----------------------------------------------------------------------

@st.composite
def rest_cases(draw):
    kind = draw(st.sampled_from(["junk", "json", "json", "nested", "shape", "forged", "message", "junk", "shape", "json"]))
    headers = {"Content-Type": draw(CONTENT_TYPES)}
    if kind == "junk":
        return Case(kind, draw(junk_bytes), headers)
    if kind == "json":
        return Case(kind, json.dumps(draw(json_values)).encode(), headers)
    if kind == "nested":
        return Case(kind, deeply_nested(draw(st.integers(100, 100_000))), headers)
    if kind == "shape":
        body = {"sender": draw(json_values), "message": draw(json_values), "metadata": draw(json_values), "input_channel": draw(json_values)}
        return Case(kind, json.dumps(body).encode(), headers)
    if kind == "forged":  # another channel's conversation
        sender = draw(st.sampled_from(["telegram:", "twilio:", "twilio:whatsapp:", "facebook:"])) + str(next(_people))
        return Case(kind, json.dumps({"sender": sender, "message": "hello", "input_channel": "twilio"}).encode(), headers, sender)
    text = draw(visitor_text)
    sender = f"fuzz-{next(_people)}"
    return Case(kind, json.dumps({"sender": sender, "message": text}).encode(), {"Content-Type": "application/json"}, sender, text.strip())


def test_fuzz_rest(channel_stack):
    @FUZZ
    @given(rest_cases())
    def run(case):
        check(channel_stack, post(channel_stack, "/webhooks/rest/webhook", case), case)

    run()
    healthy(channel_stack)


# --- Red flags through a channel ----------------------------------------------------

def obfuscate(text: str, rng: random.Random) -> str:
    invisible = ["\u200b", "\u200d", "\u00ad", "\u2060", "\u180b", "\U000e0101", "\u2061", "\ufeff"]
    looks_alike = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441", "i": "\u0456"}
    digits = {"a": "4", "e": "3", "o": "0", "s": "5"}
    out = []
    for ch in text:
        roll = rng.random()
        if ch.isalpha() and roll < 0.2:
            ch = looks_alike.get(ch, ch)
        elif ch.isalpha() and roll < 0.35:
            ch = digits.get(ch, ch)
        out.append(ch)
        if ch.isalpha() and rng.random() < 0.3:
            out.append(rng.choice(invisible))
    return "".join(out)


@pytest.mark.parametrize("seed", range(8))
def test_an_obfuscated_red_flag_through_telegram_is_still_an_emergency(channel_stack, fake_api, seed):
    from testkit.channel_support import TelegramVisitor

    visitor = TelegramVisitor(channel_stack.url("rasa"), fake_api)
    text = obfuscate(random.Random(seed).choice(["I can't breathe", "my lips are swelling", "my throat is closing"]), random.Random(seed))
    replies = "\n".join(visitor.say(text))
    assert "emergency" in replies.lower() and "urgent" in replies.lower(), (text, replies)


# --- socket.io (the website widget) ------------------------------------------------

socket_payloads = json_values | st.text(max_size=300) | st.fixed_dictionaries(
    {"message": json_values | st.text(max_size=300), "session_id": st.just("confirmed") | json_values | st.text(max_size=40)},
    optional={"customData": json_values},
)


def test_fuzz_socketio(channel_stack):
    """1,000 random events on one widget socket (random names, payloads,
    session ids and message shapes); then the same server still answers."""
    import asyncio

    import socketio

    origin = f"http://localhost:{channel_stack.config['WEB_PORT']}"
    events = st.tuples(st.sampled_from(["user_uttered", "session_request", "user_uttered", "x" * 50, "disconnect_request"]), socket_payloads)
    generated = []

    @FUZZ
    @given(events)
    def collect(event):
        generated.append(event)

    collect()
    assert len(generated) >= 1000

    async def scenario():
        client = socketio.AsyncClient(reconnection=False)
        confirmed = asyncio.get_running_loop().create_future()
        client.on("session_confirm", lambda session_id: confirmed.done() or confirmed.set_result(session_id))
        await client.connect(channel_stack.url("rasa"), headers={"Origin": origin}, transports=["polling"])
        await client.emit("session_request", {"session_id": None})
        session_id = await asyncio.wait_for(confirmed, 30)
        for name, payload in generated:
            if name == "user_uttered" and isinstance(payload, dict) and payload.get("session_id") == "confirmed":
                payload = {**payload, "session_id": session_id}
            await client.emit(name, payload)
        await asyncio.sleep(2)
        await client.disconnect()

    asyncio.run(scenario())
    healthy(channel_stack)
