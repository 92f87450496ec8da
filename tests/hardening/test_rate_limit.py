"""Unit tests of channels/rate_limit.py: a token bucket per conversation,
a notice now and then, and emergencies through whatever the rate."""
from __future__ import annotations

import asyncio

from channels import rate_limit
from channels.rate_limit import SenderLimiter, admit, too_fast_text


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def limiter(clock, urgent=lambda text: "breathe" in text, **kwargs):
    return SenderLimiter(burst=3, per_minute=6, clock=clock, is_urgent=urgent, **kwargs)


def test_a_burst_then_the_steady_rate():
    clock = Clock()
    limits = limiter(clock)
    assert [limits.check("a").allowed for _ in range(4)] == [True, True, True, False]
    assert limits.check("b").allowed  # another conversation has its own bucket
    clock.now += 10  # 6 a minute: one more every 10 s
    assert limits.check("a").allowed and not limits.check("a").allowed


def test_the_visitor_is_told_once_per_notice_period():
    clock = Clock()
    limits = limiter(clock)
    for _ in range(3):
        limits.check("a")
    first, second = limits.check("a"), limits.check("a")
    assert (first.allowed, first.notify) == (False, True) and first.retry_after > 0
    assert (second.allowed, second.notify) == (False, False)
    clock.now += rate_limit.NOTICE_SECONDS
    while limits.check("a").allowed:  # the tokens that came back meanwhile
        pass
    clock.now += 0.1
    assert limits.check("a").notify is False  # told just now, when the tokens ran out again


def test_an_emergency_goes_through_when_limited_once_a_minute():
    clock = Clock()
    limits = limiter(clock)
    for _ in range(10):
        limits.check("a", "hello")
    assert limits.check("a", "I can't breathe").allowed
    clock.now += 6
    assert not limits.check("a", "I can't breathe").allowed  # the next one a minute later
    clock.now += rate_limit.URGENT_BYPASS_SECONDS
    assert limits.check("a", "I can't breathe, please").allowed


def test_a_limited_message_is_read_for_red_flags_in_its_first_part_only():
    read = []
    limits = limiter(Clock(), urgent=lambda text: read.append(len(text)) or False)
    for _ in range(3):
        limits.check("a")
    for _ in range(5):
        assert not limits.check("a", "x" * 20_000).allowed
    assert read == [rate_limit.URGENT_READ_CHARS] * 5


def test_the_number_of_tracked_conversations_is_bounded():
    limits = limiter(Clock(), max_tracked=100)
    for n in range(1000):
        limits.check(f"sender-{n}")
    assert len(limits._buckets) == 100


def test_settings_come_from_the_environment():
    limits = SenderLimiter.from_env({"CHANNEL_SENDER_BURST": "5", "CHANNEL_SENDER_PER_MINUTE": "12"})
    assert limits.burst == 5 and abs(limits.rate - 0.2) < 1e-9


def test_admit_tells_the_visitor_why(monkeypatch):
    monkeypatch.setitem(rate_limit._limiters, "test", limiter(Clock()))
    told = []

    async def tell(reply):
        told.append(reply)

    results = [asyncio.run(admit("test", "a", "hi", tell)) for _ in range(5)]
    assert results == [True, True, True, False, False]
    assert told == [too_fast_text()]
    assert "911" in told[0] or "emergency" in told[0]
