"""Simulated visitors: concurrent conversations over Rasa's REST channel.

Each message carries an id of its own (`message_id`). A turn that got no
answer (no HTTP answer, nginx's or the proxy's 502, the channel's "try
again") is sent again with the same id, as the widget does, up to
`MAX_SENDS` times in all: the assistant processes it once and answers a
re-send with the replies of the first delivery (components/exactly_once.py).
"""
from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from typing import Dict, List, Tuple

import aiohttp

# channels/rate_limit.py FAILED: the channel's reply when a turn failed before any answer.
TURN_FAILED = "couldn't answer that. Please try again"
# Longer than a turn that waits for the lock of a killed server (60 s) to expire.
TURN_TIMEOUT = aiohttp.ClientTimeout(total=120)
MAX_SENDS = 5
# Seconds before the n-th re-send: a restarting database or lock store gets time to come back.
RESEND_PAUSE = 2.0


@dataclass
class Turn:
    sender: str
    text: str
    started: float  # time.monotonic()
    ended: float
    status: int  # 0 when no HTTP answer came
    replies: List[Dict] = field(default_factory=list)
    error: str = ""  # why there was no answer
    message_id: str = ""
    sends: int = 1  # how many times it was sent (with the same message_id)

    @property
    def acknowledged(self) -> bool:
        """The visitor got the bot's answer: the turn must be stored. A 200 that
        only says the turn failed and asks to send it again (channels/rate_limit.py
        FAILED, e.g. while the lock store restarts) is no answer: it may be stored
        once or not at all, like a 502."""
        return self.status == 200 and not self.failed

    @property
    def failed(self) -> bool:
        return TURN_FAILED in self.reply_text

    @property
    def seconds(self) -> float:
        return self.ended - self.started

    @property
    def reply_text(self) -> str:
        return "\n".join(reply.get("text") or "" for reply in self.replies)


async def _send(session: aiohttp.ClientSession, url: str, body: Dict) -> Tuple[int, List[Dict], str]:
    """(HTTP status or 0, replies, why there was no answer)."""
    try:
        async with session.post(url, json=body) as response:
            if response.status == 200:
                return 200, await response.json(), ""
            return response.status, [], (await response.text())[:300]
    except (aiohttp.ClientError, asyncio.TimeoutError) as failure:
        return 0, [], repr(failure)


async def _converse(session: aiohttp.ClientSession, url: str, sender: str, script: List[str], turns: List[Turn], pause: float) -> None:
    for text in script:
        started = time.monotonic()
        body = {"sender": sender, "message": text, "message_id": uuid.uuid4().hex}
        for sends in range(1, MAX_SENDS + 1):
            status, replies, error = await _send(session, url, body)
            turn = Turn(sender, text, started, time.monotonic(), status, replies, error, body["message_id"], sends)
            if turn.acknowledged or sends == MAX_SENDS:
                break
            await asyncio.sleep(RESEND_PAUSE * sends)
        turns.append(turn)
        # A visitor reads the answer before typing the next message.
        await asyncio.sleep(pause)


async def drive(base_url: str, conversations: List[Tuple[str, List[str]]], turns: List[Turn], pause: float = 0.5) -> None:
    """Plays every conversation at once; `turns` fills up as they go (the fault schedule watches it)."""
    url = base_url + "/webhooks/rest/webhook"
    async with aiohttp.ClientSession(timeout=TURN_TIMEOUT, connector=aiohttp.TCPConnector(limit=0)) as session:
        await asyncio.gather(*(_converse(session, url, sender, script, turns, pause) for sender, script in conversations))
