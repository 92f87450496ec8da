"""Per-conversation message rates on every channel, with a clear reply.

Each Rasa server lets one conversation send a burst of `CHANNEL_SENDER_BURST`
messages (default 20), refilled at `CHANNEL_SENDER_PER_MINUTE` a minute
(default 30). A message over the limit is not processed and not stored; the
visitor is told so (utter_too_fast: "you are sending messages faster than I
can read them, please send your last message again in a few seconds", with
the emergency number; the texts are domain responses read through
clinic_assistant/responses.py), on REST as HTTP 429 with that reply, on the
widget and the text channels as a reply at most once per `NOTICE_SECONDS` (so that a flood is
not answered by a flood). A message that reads as an emergency (red flags,
clinic_assistant/safety/red_flags.py) is still processed when limited, once per
`URGENT_BYPASS_SECONDS` per conversation: the urgent ticket opens whatever the
rate. (A limited message is read for red flags in its first
`URGENT_READ_CHARS` characters only, so a flood of long messages costs
little reading.) Per-address limits are nginx's (docker/nginx.conf), which sees the
visitor's address; this module sees only conversation ids.

The state is in memory, per Rasa server and per worker (RASA_WORKERS: a
flood spread over two workers' connections gets up to twice the burst),
bounded to `MAX_TRACKED` conversations (least recently seen forgotten first).
"""
from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Awaitable, Callable, Dict, Mapping, Optional

from clinic_assistant import responses

DEFAULT_BURST = 20
DEFAULT_PER_MINUTE = 30
NOTICE_SECONDS = 30.0
URGENT_BYPASS_SECONDS = 60.0
# A limited message is read for red flags this far only: a few milliseconds,
# so a flood of long messages costs little reading.
URGENT_READ_CHARS = 1_000
MAX_TRACKED = 100_000

def failed_text() -> str:
    """The reply when a turn failed before any answer (docs/design.md §4.5: never silent)."""
    return responses.text("utter_turn_failed")


def too_fast_text() -> str:
    return responses.text("utter_too_fast")


def too_long_text(length: int, limit: int) -> str:
    return responses.text("utter_message_refused_too_long", length=f"{length:,}", limit=f"{limit:,}")


def reads_as_emergency(text: str) -> bool:
    """The red-flag reader's verdict (linear, capped: cheap enough for every limited message)."""
    from clinic_assistant.safety.red_flags import Level, assess

    return assess(text or "").level is Level.URGENT


@dataclass
class _Bucket:
    tokens: float
    updated: float
    noticed: float = float("-inf")
    urgent: float = float("-inf")  # last limited message let through as an emergency


@dataclass(frozen=True)
class Decision:
    allowed: bool
    notify: bool = False  # limited, and the visitor has not been told recently
    retry_after: float = 0.0


class SenderLimiter:
    """A token bucket per conversation id."""

    def __init__(
        self,
        burst: int = DEFAULT_BURST,
        per_minute: float = DEFAULT_PER_MINUTE,
        clock: Callable[[], float] = time.monotonic,
        max_tracked: int = MAX_TRACKED,
        is_urgent: Callable[[str], bool] = reads_as_emergency,
    ) -> None:
        self.burst = max(1, int(burst))
        self.rate = max(float(per_minute), 0.001) / 60.0
        self.clock = clock
        self.max_tracked = max_tracked
        self.is_urgent = is_urgent
        self._buckets: "OrderedDict[str, _Bucket]" = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None, **kwargs) -> "SenderLimiter":
        environ = os.environ if environ is None else environ
        return cls(
            int(environ.get("CHANNEL_SENDER_BURST") or DEFAULT_BURST),
            float(environ.get("CHANNEL_SENDER_PER_MINUTE") or DEFAULT_PER_MINUTE),
            **kwargs,
        )

    def check(self, sender: str, text: str = "") -> Decision:
        now = self.clock()
        with self._lock:
            bucket = self._buckets.pop(sender, None) or _Bucket(float(self.burst), now)
            self._buckets[sender] = bucket
            while len(self._buckets) > self.max_tracked:
                self._buckets.popitem(last=False)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return Decision(True)
            urgent_allowed = now - bucket.urgent >= URGENT_BYPASS_SECONDS
        # Outside the lock: reading the text takes a few milliseconds.
        if urgent_allowed and self.is_urgent(text[:URGENT_READ_CHARS]):
            with self._lock:
                bucket.urgent = now
            return Decision(True)
        with self._lock:
            notify = now - bucket.noticed >= NOTICE_SECONDS
            if notify:
                bucket.noticed = now
        return Decision(False, notify, (1 - bucket.tokens) / self.rate)


_limiters: Dict[str, SenderLimiter] = {}


def limiter_for(channel: str) -> SenderLimiter:
    """One limiter per channel and server (conversation ids never collide across channels)."""
    if channel not in _limiters:
        _limiters[channel] = SenderLimiter.from_env()
    return _limiters[channel]


async def admit(channel: str, sender: str, text: str, tell: Callable[[str], Awaitable[None]]) -> bool:
    """Whether a text or widget message may be processed; when it may not,
    `tell(reply)` sends the visitor the reason (at most once per NOTICE_SECONDS)."""
    decision = limiter_for(channel).check(sender, text)
    if not decision.allowed and decision.notify:
        await tell(too_fast_text())
    return decision.allowed
