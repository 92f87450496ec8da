"""Calls to the Rasa server's HTTP API (token-protected) on staff's behalf."""
from __future__ import annotations

import asyncio
from typing import Optional
from urllib.parse import quote

import aiohttp

from channels.namespace import channel_of

TIMEOUT = aiohttp.ClientTimeout(total=15)


def _conversation_url(rasa_url: str, conversation_id: str, endpoint: str) -> str:
    # Rasa (Sanic) does not decode percent-escapes in the conversation id, so
    # the characters of channel ids ("whatsapp:+1555...") are sent as they are.
    return f"{rasa_url.rstrip('/')}/conversations/{quote(conversation_id, safe=':+')}/{endpoint}"


class RasaUnavailable(RuntimeError):
    """The Rasa server did not take the request."""


async def hand_back(rasa_url: str, token: str, conversation_id: str) -> None:
    """Runs action_handback in the conversation: the ticket closes and the bot
    tells the visitor, on the conversation's channel, that it is back."""
    url = _conversation_url(rasa_url, conversation_id, "execute")
    await _post(url, {"token": token, "output_channel": channel_of(conversation_id)}, {"name": "action_handback"})


# The slots action_handback empties (actions/handoff/handoff.py): with them empty the
# assistant answers the visitor's next message again.
HANDBACK_SLOTS = ("handoff_ticket", "handoff_urgent", "contact_prompt")


async def hand_back_quietly(rasa_url: str, token: str, conversation_id: str) -> None:
    """Hands the conversation back without a word to the visitor: the slots
    action_handback empties, appended with no output channel and no side
    effects, so nothing is sent and the transcript shows nothing said. For a
    visitor who texted STOP (channels/sms_opt_outs.py): the provider refuses
    every text to them, and they asked for none."""
    url = _conversation_url(rasa_url, conversation_id, "tracker/events")
    events = [{"event": "slot", "name": name, "value": None} for name in HANDBACK_SLOTS]
    await _post(url, {"token": token}, events)


async def send_staff_message(rasa_url: str, token: str, conversation_id: str, text: str, staff_name: str) -> None:
    """Appends a bot message written by a staff member and has Rasa send it
    to the visitor on the conversation's channel (Rasa's own output channels:
    socket.io, Telegram, Twilio, Messenger); the transcript keeps the staff
    member's name in the event's metadata.

    The channel comes from the conversation id (channels/namespace.py), never
    from `output_channel=latest`, which trusted whatever input channel the
    last message claimed."""
    url = _conversation_url(rasa_url, conversation_id, "tracker/events")
    params = {"token": token, "output_channel": channel_of(conversation_id), "execute_side_effects": "true"}
    event = {"event": "bot", "text": text, "metadata": {"staff": staff_name}}
    await _post(url, params, [event])


PRESENCE_TIMEOUT = aiohttp.ClientTimeout(total=3)


async def widget_connected(
    rasa_url: str, token: str, conversation_id: str, timeout: aiohttp.ClientTimeout = PRESENCE_TIMEOUT
) -> Optional[bool]:
    """Whether the web visitor's widget is connected now (channels/socketio.py
    ``/presence``): True, False, or None when the Rasa server could not say."""
    url = f"{rasa_url.rstrip('/')}/webhooks/socketio/presence"
    try:
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(url, params={"token": token, "session_id": conversation_id}) as response:
                if response.status != 200:
                    return None
                answer = await response.json(content_type=None)
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        return None
    connected = answer.get("connected") if isinstance(answer, dict) else None
    return connected if isinstance(connected, bool) else None


async def _post(url: str, params: dict, body) -> None:
    try:
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
            async with session.post(url, params=params, json=body) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"Rasa answered {response.status}: {(await response.text())[:200]}")
    except (aiohttp.ClientError, asyncio.TimeoutError) as error:
        raise RasaUnavailable(str(error) or type(error).__name__) from error
