"""Each visitor message is processed once, however many times it is delivered.

The widget and the load test give every message an id of their own choosing
and send it again, with the same id, when no answer came (the server died
mid-turn, the socket dropped, nginx answered 502). The channels pass that id to
Rasa as ``UserMessage.message_id``, which Rasa stores on the user event.

`ExactlyOnceProcessor` is Rasa's MessageProcessor with one check first: when
the conversation already holds a user event with the message's id, the turn
is not run again; the bot messages that answered it are sent once more,
through the same output channel, as Rasa sent them the first time. Rasa's
Agent calls `handle_message` inside the conversation's lock (Redis in the
production profile), so a re-send that reaches a second server while the
first is still working waits for that turn and then finds it; and the tracker
is read through the tracker store, which picks up events the other server
saved (clinic_assistant/stores/tracker_cache.py reads the rows after the ones it holds).

It also sends one set of buttons per action's messages
(components/reply_buttons.py), the first time and when a turn is sent again.

components/processor.py puts it in the processor the Rasa server runs.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from components.conversation_index import conversation_read
from components.reply_buttons import newest_buttons_only

# Short and printable: it is stored with every user event and logged.
MESSAGE_ID = re.compile(r"^[A-Za-z0-9._:~-]{1,64}$")
MESSAGE_ID_RULE = "`message_id` is 1 to 64 letters, digits and . _ : ~ -"


def valid_message_id(value: Any) -> bool:
    return isinstance(value, str) and bool(MESSAGE_ID.match(value))


def earlier_answer(tracker: DialogueStateTracker, message_id: Text) -> Optional[List[Dict[Text, Any]]]:
    """The bot messages of the turn whose user event has `message_id`, as they
    were sent (one set of buttons per action), or None when the conversation
    (its current session) has no such user event. A new message, nearly
    every one, is known new from the ids kept (components/conversation_index.py)
    without walking the conversation."""
    if message_id not in conversation_read(tracker).message_ids:
        return None
    actions: List[List[BotUttered]] = [[]]  # the turn's actions and their messages, newest first
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            if event.message_id == message_id:
                return [reply for messages in reversed(actions)
                        for reply in newest_buttons_only([bot.message() for bot in reversed(messages)])]
            actions = [[]]
        elif isinstance(event, BotUttered):
            actions[-1].append(event)
        elif isinstance(event, ActionExecuted) and event.action_name == ACTION_LISTEN_NAME:
            # The turn ends when the bot listens again; staff messages pushed
            # later through Rasa's API belong to no visitor message.
            actions = [[]]
        elif isinstance(event, ActionExecuted):
            actions.append([])  # an action's messages follow its ActionExecuted
    return None


class ExactlyOnceProcessor(MessageProcessor):
    async def handle_message(self, message: UserMessage) -> Optional[List[Dict[Text, Any]]]:
        tracker = await self.get_tracker(message.sender_id)
        replies = earlier_answer(tracker, message.message_id)
        if replies is None:
            return await super().handle_message(message)
        for reply in replies:
            await message.output_channel.send_response(message.sender_id, reply)
        if isinstance(message.output_channel, CollectingOutputChannel):
            return message.output_channel.messages
        return None

    @staticmethod
    async def _send_bot_messages(events: List[Event], tracker: DialogueStateTracker, output_channel: Any) -> None:
        messages = [event.message() for event in events if isinstance(event, BotUttered)]
        for reply in newest_buttons_only(messages):
            await output_channel.send_response(tracker.sender_id, reply)
