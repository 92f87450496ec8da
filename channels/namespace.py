"""Which channel owns a conversation id, decided on the server side.

Rasa keys a conversation by its sender id only, so two channels that pass on
ids from their own worlds (a Telegram chat id, a phone number, a page-scoped
id, a REST client's string) could name the same conversation, and a REST
client could name a WhatsApp visitor's number and write into that chat. Here
every messaging connector prefixes the provider's id with its channel name:

    telegram:123456789            Telegram chat id
    twilio:+15551234567           SMS (Twilio's From)
    twilio:whatsapp:+15551234567  WhatsApp through Twilio
    facebook:6912345678901234     Messenger page-scoped id (PSID)

and the output channels take the prefix off again before calling the
provider. The website widget's ids are session ids the server signed
(channels/session_ids.py). The REST channel refuses any sender with a colon
and any signed widget session id (channels/rest.py), so no request body can
name another channel's conversation.

Pure functions, no Rasa imports: the console uses them to send a staff reply
to the channel the conversation came from.
"""
from __future__ import annotations

from typing import Optional

SEPARATOR = ":"
# Rasa's names of the messaging channels (InputChannel.name()).
MESSAGING_CHANNELS = ("telegram", "twilio", "facebook")


def namespaced(channel: str, provider_id: object) -> str:
    """The conversation id for `provider_id` received by `channel`."""
    return f"{channel}{SEPARATOR}{provider_id}"


def provider_id(conversation_id: str, channel: str) -> str:
    """The provider's own id in a conversation id of `channel` (unchanged if it has no prefix)."""
    prefix = channel + SEPARATOR
    return conversation_id[len(prefix):] if conversation_id.startswith(prefix) else conversation_id


def messaging_channel(conversation_id: str) -> Optional[str]:
    """The messaging channel whose prefix the id carries, if any."""
    head, separator, _ = (conversation_id or "").partition(SEPARATOR)
    return head if separator and head in MESSAGING_CHANNELS else None


def channel_of(conversation_id: str) -> str:
    """The channel a conversation belongs to, from its id alone: a messaging
    channel's prefix, a signed widget session ("socketio"), else "rest"."""
    from channels.session_ids import is_signed_session_id

    channel = messaging_channel(conversation_id)
    if channel:
        return channel
    return "socketio" if is_signed_session_id(conversation_id) else "rest"
