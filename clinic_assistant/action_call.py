"""What the Rasa server sends the action server with each custom action.

Rasa 3.6 sends the whole tracker, every event as stored, and the whole
domain with every call. At message 300 that is a megabyte of JSON written,
sent and read for each action, so a turn cost more the longer the
conversation (issue 14; docs/performance.md, stop 46). Of the events before
the visitor's latest message the actions read only the visitor's words,
channel, intent and what the disclosure reader found in them; the
assistant's response names, fills and texts; and slots. Those go; the
classifier's ranking, tokens and scores, the buttons of old replies,
the policy behind each old action and the featurisation markers do not.
The latest message and everything after it go as stored, and so do the
slots and `latest_message`. Of the domain the actions read only which
responses exist (actions/dialogue/respond.py), so its response names go.

What the tracker store keeps is untouched: this is the wire, not the store.
"""
from __future__ import annotations

from typing import Any, Dict, List

# Of an earlier user message's parse, what the actions read.
_PARSE_KEPT = ("intent", "entities", "disclosures")
# Of an earlier event of each kind, what the actions read; kinds not named go whole.
_KEPT = {
    "user": ("event", "timestamp", "text", "input_channel", "message_id", "metadata", "parse_data"),
    "bot": ("event", "timestamp", "text", "metadata"),
    "action": ("event", "timestamp", "name"),
}
# Markers of what the policies featurised; no action reads them.
_DROPPED = ("user_featurization",)


def compact_events(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The events for the action server: before the visitor's latest
    message, each with only what the actions read; from it on, as stored."""
    latest = next((index for index in range(len(events) - 1, -1, -1) if events[index].get("event") == "user"), len(events))
    earlier = [_compact(event) for event in events[:latest] if event.get("event") not in _DROPPED]
    return earlier + events[latest:]


def _compact(event: Dict[str, Any]) -> Dict[str, Any]:
    kept = _KEPT.get(event.get("event") or "")
    if kept is None:
        return event
    compact = {key: event[key] for key in kept if key in event}
    if "parse_data" in compact:
        parse = compact["parse_data"] or {}
        compact["parse_data"] = {key: parse[key] for key in _PARSE_KEPT if key in parse}
    return compact


def domain_for_actions(domain: Any) -> Dict[str, Any]:
    """The domain as the actions read it: the names of its responses."""
    return {"responses": {name: [] for name in domain.responses}}


def install() -> None:
    """Rasa's remote actions send the compact call from now on (the launcher
    calls this before Rasa starts)."""
    import rasa
    import rasa.core.actions.action as rasa_action
    from rasa.shared.core.trackers import EventVerbosity

    class CompactRemoteAction(rasa_action.RemoteAction):
        def _action_call_format(self, tracker: Any, domain: Any) -> Dict[str, Any]:
            state = tracker.current_state(EventVerbosity.ALL)
            state["events"] = compact_events(state["events"])
            return {"next_action": self._name, "sender_id": tracker.sender_id, "tracker": state,
                    "version": rasa.__version__, "domain": domain_for_actions(domain)}

    rasa_action.RemoteAction = CompactRemoteAction
