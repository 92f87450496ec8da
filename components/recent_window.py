"""Rasa's RulePolicy and MemoizationPolicy, shown only the recent turns.

Both policies turn the whole conversation into dialogue states on every
prediction (Tracker.past_states replays every event and builds a state at
every action), then look at the last few states only: a rule is a handful of
steps, memoization looks `max_history` (4) back. At message 300 that replay
was a third of a turn (docs/performance.md). Here they get a tracker holding
the last WINDOW_USER_TURNS visitor turns, with the slots as they stood before
them, so the states they look at are the same and cost the same at message
300 as at message 3.

The slots before the window are kept up to date incrementally on the tracker
object (the tracker store keeps that object from turn to turn:
clinic_assistant/stores/tracker_cache.py), so the cost does not grow with the
conversation. Conversations the window cannot reproduce exactly (forms and
other loops, rewinds) get the whole tracker, as before.
tests/unit/test_recent_window.py checks that the states are the same.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.memoization import MemoizationPolicy
from rasa.core.policies.policy import PolicyPrediction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    AllSlotsReset,
    Event,
    LoopInterrupted,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

# Far more than the longest rule (a few turns) or memoization's max_history (4).
WINDOW_USER_TURNS = 8
# Events whose effect reaches across the window's start: the whole tracker is used.
NOT_WINDOWABLE = (ActionReverted, UserUtteranceReverted, ActiveLoop, LoopInterrupted, ActionExecutionRejected)
RESETS = (Restarted, SessionStarted, AllSlotsReset)
_SLOTS_BEFORE = "_clinic_slots_before_window"


@dataclass
class _SlotsBefore:
    """The slots set (since the last reset) by events[:position]."""

    position: int = 0
    event_before: Optional[Event] = None
    values: Dict[Text, Any] = field(default_factory=dict)
    windowable: bool = True

    def advance(self, events: List[Event], position: int) -> None:
        for event in events[self.position:position]:
            if isinstance(event, SlotSet):
                self.values[event.key] = event.value
            elif isinstance(event, RESETS):
                self.values.clear()
            elif isinstance(event, NOT_WINDOWABLE):
                self.windowable = False
        self.position = position
        self.event_before = events[position - 1] if position else None


def _slots_before(tracker: DialogueStateTracker, events: List[Event], position: int) -> _SlotsBefore:
    """The slots before `position`, carried over from the last call when still valid."""
    known: Optional[_SlotsBefore] = getattr(tracker, _SLOTS_BEFORE, None)
    valid = (
        known is not None
        and known.position <= position
        and (known.position == 0 or events[known.position - 1] is known.event_before)
    )
    if not valid:
        known = _SlotsBefore()
    known.advance(events, position)
    setattr(tracker, _SLOTS_BEFORE, known)
    return known


def _oldest_kept_message(events: List[Event], count: int) -> Optional[int]:
    """Where the `count`-th visitor message from the end is, if there is an older one."""
    kept = None
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], UserUttered):
            if count == 0:
                return kept
            kept, count = index, count - 1
    return None


def recent_window(tracker: DialogueStateTracker, user_turns: int = WINDOW_USER_TURNS) -> DialogueStateTracker:
    """A tracker with the last `user_turns` visitor turns and the slots before them."""
    events = list(tracker.events)
    oldest_kept = _oldest_kept_message(events, user_turns)
    if oldest_kept is None:
        return tracker
    # From the action before the oldest kept message (the listen that awaited it).
    start = max(0, oldest_kept - 1)
    if any(isinstance(event, NOT_WINDOWABLE) for event in events[start:]):
        return tracker
    before = _slots_before(tracker, events, start)
    if not before.windowable:
        return tracker
    # As events: the policies' states are built by replaying the events.
    window = tracker.init_copy()
    for event in [*(SlotSet(name, value) for name, value in before.values.items()), *events[start:]]:
        window.update(event)
    return window


class _PredictsFromRecentWindow:
    """Trains as the policy it is mixed into; predicts from recent_window(tracker)."""

    def predict_action_probabilities(
        self, tracker: DialogueStateTracker, domain: Domain, rule_only_data: Optional[Dict[Text, Any]] = None, **kwargs: Any
    ) -> PolicyPrediction:
        return super().predict_action_probabilities(recent_window(tracker), domain, rule_only_data, **kwargs)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class RecentRulePolicy(_PredictsFromRecentWindow, RulePolicy):
    """RulePolicy predicting from the recent window."""


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class RecentMemoizationPolicy(_PredictsFromRecentWindow, MemoizationPolicy):
    """MemoizationPolicy predicting from the recent window."""
