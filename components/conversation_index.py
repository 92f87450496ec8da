"""What the Rasa server reads of a whole conversation each turn, kept as it grows.

Some reads need every event: the responses the assistant has given (was the
emergency message sent? the checklist shown?), the ids of the visitor's
messages (is this one a re-send?), and what each custom action is sent
(clinic_assistant/action_call.py). Walking every event for them on every
turn made a turn at message 300 cost more than at message 1 (issue 14;
docs/performance.md, stop 46).

An event never changes once appended, and each turn's tracker holds the
earlier turns' events as the same objects (the tracker store keeps its
trackers, clinic_assistant/stores/tracker_cache.py, and Rasa's copies share
the events). So what was read of a conversation's events is kept, and only
the events appended since are read. A tracker whose events are not those
kept, extended (read afresh from the database, another server's, a new
session), is read whole. The result is always what reading every event
would give.
"""
from __future__ import annotations

import itertools
import operator
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Set

from rasa.shared.core.events import BotUttered, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from clinic_assistant.action_call import old_event_form

# Conversations kept per process, the least recently read forgotten first:
# as many as the tracker store keeps (DEFAULT_CACHE_SIZE in clinic_assistant/stores/tracker_cache.py).
MAX_CONVERSATIONS = 500


@dataclass
class ConversationRead:
    """Every event of one conversation, read once."""

    # The events read, held so that none is freed and its id reused while kept.
    events: List[Event] = field(default_factory=list)
    # The response each bot message was (None for other messages), in order.
    responses: List[Optional[str]] = field(default_factory=list)
    # The visitor's messages, in order.
    visitor_texts: List[str] = field(default_factory=list)
    message_ids: Set[str] = field(default_factory=set)
    # Each event as the action server is sent it when it is old (action_call.old_event_form).
    old_forms: List[Optional[Dict[str, Any]]] = field(default_factory=list)

    def extends(self, events: Any) -> bool:
        """The tracker's events begin with the very events read (one identity
        check each, in C: stories and tests share event objects between
        trackers, so the last one alone could match another conversation's)."""
        return len(self.events) <= len(events) and all(map(operator.is_, itertools.islice(events, len(self.events)), self.events))

    def read(self, events: Any) -> None:
        added = list(itertools.islice(events, len(self.events), None))
        for event in added:
            if isinstance(event, BotUttered):
                self.responses.append((event.metadata or {}).get("utter_action"))
            elif isinstance(event, UserUttered):
                self.visitor_texts.append(event.text or "")
                if event.message_id:
                    self.message_ids.add(event.message_id)
            self.old_forms.append(old_event_form(event))
        self.events.extend(added)


_kept: "OrderedDict[str, ConversationRead]" = OrderedDict()


def conversation_read(tracker: DialogueStateTracker) -> ConversationRead:
    """What every event of the tracker's conversation says, read once."""
    kept = _kept.pop(tracker.sender_id, None)
    if kept is None or not kept.extends(tracker.events):
        kept = ConversationRead()
    kept.read(tracker.events)
    _kept[tracker.sender_id] = kept
    while len(_kept) > MAX_CONVERSATIONS:
        _kept.popitem(last=False)
    return kept


def events_newest_first(tracker: DialogueStateTracker, until_message: int) -> Iterator[Event]:
    """The tracker's events from the end, up to (not with) the visitor's
    `until_message`-th latest message: a turn's reads walk back no further."""
    messages = 0
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            messages += 1
            if messages == until_message:
                return
        yield event


def latest_messages(tracker: DialogueStateTracker, count: int) -> List[UserUttered]:
    """The visitor's last `count` messages in the tracker, oldest first."""
    return [event for event in events_newest_first(tracker, count + 1) if isinstance(event, UserUttered)][::-1]
