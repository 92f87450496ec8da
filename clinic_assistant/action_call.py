"""What the Rasa server sends the action server with each custom action.

Rasa 3.6 sends the whole tracker, every event as stored, and the whole
domain with every call. At message 300 that was a megabyte of JSON built,
written, sent and read for each action, so a turn cost more the longer the
conversation (issue 14; docs/performance.md, stop 46).

What the actions read of the conversation (actions/):
- the visitor's latest message and everything after it, whole: these go as stored;
- of the RECENT_MESSAGES messages before it and the assistant's replies
  between them: the words, channel, intent and disclosure reading of each
  message, and each reply's text and response name (the reply just above,
  a correction of the last answer, a checklist line given a message ago);
- of anything older: each message's words, id, channel and intent, the name
  and fills of each response (was the checklist shown? the emergency
  message sent?), and every slot set.
Those go, in that order, each event in its place; the classifier's ranking,
tokens and scores, old buttons, the policy behind each action and the
featurisation markers do not, nor older messages' readings and older
replies' texts. The slots and `latest_message` go as stored. Of the domain
the actions read only which responses exist (actions/dialogue/respond.py).

Rasa's check of each response from the action server built its validator
anew each time; it is built once.

The older events' form is built once per event and kept with the
conversation (components/conversation_index.py), so a call costs about the
same at message 300 as at message 1. The tracker store keeps every event
whole: this is the wire, not the store.
"""
from __future__ import annotations

import functools
import itertools
from typing import Any, Dict, List, Optional

from rasa.shared.core.events import Event, UserUttered

# The actions read the disclosure readings of at most the last six messages
# (EARLIER_MESSAGES in actions/screening/actions.py and clinic_assistant/safety/over_messages.py).
RECENT_MESSAGES = 10
# Of an earlier message's parse, what the actions read: recent, and older.
_RECENT_PARSE = ("intent", "entities", "disclosures")
_OLD_PARSE = ("intent",)
# Of an earlier event of each kind, what the actions read; kinds not named go whole.
_RECENT = {
    "user": ("event", "timestamp", "text", "input_channel", "message_id", "metadata", "parse_data"),
    "bot": ("event", "timestamp", "text", "metadata"),
    "action": ("event", "timestamp", "name"),
}
_OLD = {
    "user": ("event", "timestamp", "text", "input_channel", "message_id", "parse_data"),
    "bot": ("event", "timestamp", "metadata"),
    "action": ("event", "timestamp", "name"),
}
# Markers of what the policies featurised; no action reads them.
_DROPPED = ("user_featurization",)


def _form(event: Dict[str, Any], kept: Dict[str, Any], parse_kept: Any) -> Optional[Dict[str, Any]]:
    kind = event.get("event") or ""
    if kind in _DROPPED:
        return None
    if kind not in kept:
        return event
    form = {key: event[key] for key in kept[kind] if key in event}
    if "parse_data" in form:
        parse = form["parse_data"] or {}
        form["parse_data"] = {key: parse[key] for key in parse_kept if key in parse}
    return form


def recent_event_form(event: Event) -> Optional[Dict[str, Any]]:
    """An event of the last RECENT_MESSAGES turns, as sent (None: not sent)."""
    return _form(event.as_dict(), _RECENT, _RECENT_PARSE)


def old_event_form(event: Event) -> Optional[Dict[str, Any]]:
    """An older event, as sent (None: not sent)."""
    return _form(event.as_dict(), _OLD, _OLD_PARSE)


def wire_events(events: List[Event], old_forms: List[Optional[Dict[str, Any]]]) -> List[Dict[str, Any]]:
    """The events for the action server, given every event's older form
    (`old_forms`, one per event, in order)."""
    visitor_messages, latest, recent = 0, len(events), 0
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], UserUttered):
            visitor_messages += 1
            if visitor_messages == 1:
                latest = index
            elif visitor_messages > RECENT_MESSAGES + 1:
                recent = index + 1
                break
    older = [form for form in old_forms[:recent] if form is not None]
    middle = [recent_event_form(event) for event in itertools.islice(events, recent, latest)]
    return older + [form for form in middle if form is not None] + [event.as_dict() for event in itertools.islice(events, latest, None)]


def domain_for_actions(domain: Any) -> Dict[str, Any]:
    """The domain as the actions read it: the names of its responses."""
    return {"responses": {name: [] for name in domain.responses}}


@functools.lru_cache(maxsize=None)
def _response_validator() -> Any:
    """The validator of Rasa's schema for the action server's response."""
    import rasa.core.actions.action as rasa_action
    from jsonschema.validators import validator_for

    schema = rasa_action.RemoteAction.action_response_format_spec()
    validator = validator_for(schema)
    validator.check_schema(schema)
    return validator(schema)


def install() -> None:
    """Rasa's remote actions send the compact call from now on (the launcher
    calls this before Rasa starts). Rasa's forms build their validation
    action from their own import of RemoteAction: the project has none."""
    import rasa
    import rasa.core.actions.action as rasa_action
    from rasa.shared.core.trackers import EventVerbosity

    from components.conversation_index import conversation_read

    class CompactRemoteAction(rasa_action.RemoteAction):
        def _validate_action_result(self, result: Dict[str, Any]) -> bool:
            # Rasa's check builds and checks the schema's validator on every
            # call (jsonschema.validate), several milliseconds a turn; it is
            # built once here, and Rasa's own check words any error.
            return _response_validator().is_valid(result) or super()._validate_action_result(result)

        def _action_call_format(self, tracker: Any, domain: Any) -> Dict[str, Any]:
            state = tracker.current_state(EventVerbosity.NONE)
            events = list(tracker.events)
            state["events"] = wire_events(events, conversation_read(tracker).old_forms)
            return {"next_action": self._name, "sender_id": tracker.sender_id, "tracker": state,
                    "version": rasa.__version__, "domain": domain_for_actions(domain)}

    rasa_action.RemoteAction = CompactRemoteAction
