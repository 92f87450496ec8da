"""Website widget session ids that only the server can make.

A widget session id is the conversation id of a web visitor and the name of
the socket.io room their replies (and staff messages) go to. Rasa accepts any
id a client names, so whoever learned or guessed one could read that
visitor's replies. Here the server issues every id: a UUID v4 whose first 60
free bits are random and whose last 62 bits are an HMAC-SHA256 of them, keyed
with a server secret. The widget keeps it as before (it is a UUID v4), a
client that names an id the server did not sign gets a new session, and no
one can make a valid id for a conversation they do not have (a forgery
succeeds once in 2^62 tries).

The key is SESSION_SIGNING_KEY, else derived from RASA_API_TOKEN, which every
Rasa server of one deployment shares, so a visitor keeps their session when
the proxy sends them to another server. Changing the key starts new sessions.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import secrets
import uuid
from functools import lru_cache
from typing import Optional

logger = logging.getLogger(__name__)

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
_LABEL = b"clinic assistant: widget session ids"


@lru_cache(maxsize=8)
def _key(secret: Optional[str]) -> bytes:
    if not secret:
        logger.warning(
            "Neither SESSION_SIGNING_KEY nor RASA_API_TOKEN is set: widget sessions are signed with a "
            "random key and end when this server restarts."
        )
        return secrets.token_bytes(32)
    return hmac.new(secret.encode(), _LABEL, hashlib.sha256).digest()


def signing_key(environ=None) -> bytes:
    environ = os.environ if environ is None else environ
    return _key(environ.get("SESSION_SIGNING_KEY") or environ.get("RASA_API_TOKEN") or None)


def _mac(key: bytes, head: bytes) -> bytes:
    return hmac.new(key, head, hashlib.sha256).digest()[:8]


def new_session_id(key: Optional[bytes] = None) -> str:
    """A fresh session id, signed with `key` (default: this server's key)."""
    key = key or signing_key()
    head = bytearray(secrets.token_bytes(8))
    head[6] = (head[6] & 0x0F) | 0x40  # version 4
    tail = bytearray(_mac(key, bytes(head)))
    tail[0] = (tail[0] & 0x3F) | 0x80  # RFC 4122 variant
    return str(uuid.UUID(bytes=bytes(head + tail)))


def is_signed_session_id(value: object, key: Optional[bytes] = None) -> bool:
    """Whether `value` is a session id this deployment issued."""
    if not isinstance(value, str) or not UUID4.match(value):
        return False
    raw = uuid.UUID(value).bytes
    expected = bytearray(_mac(key or signing_key(), raw[:8]))
    expected[0] = (expected[0] & 0x3F) | 0x80
    return hmac.compare_digest(bytes(expected), raw[8:])
