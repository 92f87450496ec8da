"""The policies' recent window gives the dialogue states the whole conversation
gives, for every state a rule or memoization can look at
(components/recent_window.py)."""
import random
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.slots import BooleanSlot, CategoricalSlot, FloatSlot, TextSlot
from rasa.shared.core.trackers import DialogueStateTracker

from clinic_assistant.stores.tracker_cache import IncrementalTracker
from components.recent_window import WINDOW_USER_TURNS, recent_window

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain() -> Domain:
    path = ROOT / "build" / "domain.yml"
    if not path.exists():
        pytest.skip("build/domain.yml is built by `make test` (clinic_assistant/build_domain.py)")
    return Domain.load(str(path))


def _slot_value(slot, rng):
    if isinstance(slot, BooleanSlot):
        return rng.choice([True, False, None])
    if isinstance(slot, CategoricalSlot):
        return rng.choice([*slot.values, None])
    if isinstance(slot, FloatSlot):
        return rng.choice([0.0, 1.0, None])
    if isinstance(slot, TextSlot):
        return rng.choice(["a", "b", None])
    return rng.choice(["x", 1, None])


def _conversation(domain: Domain, rng: random.Random, turns: int, extra=()):
    """A random but well-formed conversation: listen, message, actions, slots."""
    slots = [slot for slot in domain.slots if slot.influence_conversation] or list(domain.slots)
    actions = [name for name in domain.action_names_or_texts if name.startswith(("utter_", "action_"))]
    events = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    for turn in range(turns):
        events.append(UserUttered("text", {"name": rng.choice(domain.intents), "confidence": 1.0}))
        for _ in range(rng.randint(1, 3)):
            if rng.random() < 0.6:
                slot = rng.choice(slots)
                events.append(SlotSet(slot.name, _slot_value(slot, rng)))
            events.append(ActionExecuted(rng.choice(actions)))
            events.append(BotUttered("reply"))
        for when, event in extra:
            if when == turn:
                events.append(event)
        events.append(ActionExecuted("action_listen"))
    return events


def _compared_states(domain, full: DialogueStateTracker, window: DialogueStateTracker):
    """The states from the oldest message the window kept, for both trackers."""
    kept = [i for i, e in enumerate(window.events) if isinstance(e, UserUttered)][0]
    count = sum(isinstance(e, ActionExecuted) for e in list(window.events)[kept:]) + 1
    return full.past_states(domain)[-count:], window.past_states(domain)[-count:], count


@pytest.mark.parametrize("seed", range(12))
def test_the_window_gives_the_same_states_as_the_whole_conversation(domain, seed):
    rng = random.Random(seed)
    extra = [(rng.randint(0, 30), AllSlotsReset()), (rng.randint(0, 30), Restarted())] if seed % 3 == 0 else []
    events = _conversation(domain, rng, 40, extra)
    tracker = DialogueStateTracker.from_events("window", events, domain.slots)
    window = recent_window(tracker)
    assert len(window.events) < len(tracker.events) / 2
    assert sum(isinstance(e, UserUttered) for e in window.events) == WINDOW_USER_TURNS
    full_states, window_states, count = _compared_states(domain, tracker, window)
    assert count > 2 * 4  # more than memoization's max_history of 4 and the longest rule
    assert window_states == full_states
    assert window.current_slot_values() == tracker.current_slot_values()


def test_states_stay_the_same_turn_after_turn_on_the_same_tracker(domain):
    """The slots before the window are carried from call to call on one tracker."""
    rng = random.Random(7)
    events = _conversation(domain, rng, 60)
    tracker = DialogueStateTracker.from_events("window", events[:20], domain.slots)
    for event in events[20:]:
        tracker.update(event)
        if isinstance(event, UserUttered):
            window = recent_window(tracker)
            if window is not tracker:
                full_states, window_states, _ = _compared_states(domain, tracker, window)
                assert window_states == full_states
                assert window.current_slot_values() == tracker.current_slot_values()


def test_a_short_conversation_is_not_windowed(domain):
    tracker = DialogueStateTracker.from_events("short", _conversation(domain, random.Random(1), WINDOW_USER_TURNS), domain.slots)
    assert recent_window(tracker) is tracker


@pytest.mark.parametrize("event", [UserUtteranceReverted(), ActiveLoop("some_form")])
def test_rewinds_and_loops_get_the_whole_conversation(domain, event):
    events = _conversation(domain, random.Random(3), 30, [(25, event)])
    tracker = DialogueStateTracker.from_events("rewind", events, domain.slots)
    assert recent_window(tracker) is tracker


def test_the_policies_in_the_config_are_the_windowed_ones():
    import yaml

    names = [policy["name"] for policy in yaml.safe_load((ROOT / "config.yml").read_text())["policies"]]
    assert "components.recent_window.RecentRulePolicy" in names
    assert "components.recent_window.RecentMemoizationPolicy" in names
    assert "RulePolicy" not in names and "MemoizationPolicy" not in names


@pytest.mark.parametrize("seed", range(6))
def test_the_servers_trackers_give_rasas_states(domain, seed):
    """The tracker store's IncrementalTrackers copy slots their own way
    (clinic_assistant/stores/tracker_cache.py): the same states, whole or windowed."""
    rng = random.Random(seed)
    extra = [(rng.randint(0, 20), AllSlotsReset()), (rng.randint(0, 20), Restarted())] if seed % 2 else []
    events = _conversation(domain, rng, 20, extra)
    rasas = DialogueStateTracker.from_events("states", events, domain.slots)
    ours = IncrementalTracker.from_events("states", events, domain.slots)
    rule_only = {"rule_only_slots": [slot.name for slot in domain.slots][:3], "rule_only_loops": []}
    for options in ({}, {"omit_unset_slots": True}, {"ignore_rule_only_turns": True, "rule_only_data": rule_only}):
        assert ours.past_states(domain, **options) == rasas.past_states(domain, **options)
        window = recent_window(ours)
        assert type(window) is IncrementalTracker
        assert window.past_states(domain, **options) == recent_window(rasas).past_states(domain, **options)
