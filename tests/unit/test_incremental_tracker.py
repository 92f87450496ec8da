"""IncrementalTracker.applied_events() is Rasa's, event after event
(clinic_assistant/stores/tracker_cache.py)."""
import random

import pytest
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    BotUttered,
    ConversationPaused,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.slots import AnySlot, BooleanSlot, CategoricalSlot, FloatSlot, TextSlot
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from clinic_assistant.stores.tracker_cache import IncrementalTracker

RARE = [Restarted, SessionStarted, ActionReverted, UserUtteranceReverted, lambda: ActiveLoop("a_form"),
        lambda: ActiveLoop(None), lambda: ActionExecuted("a_form")]


def _event(rng, rare_share):
    if rng.random() < rare_share:
        return rng.choice(RARE)()
    return rng.choice([
        lambda: ActionExecuted("action_listen"), lambda: UserUttered("hi", {"name": "greet", "confidence": 1.0}),
        lambda: ActionExecuted("utter_greet"), lambda: BotUttered("hello"), lambda: SlotSet("s", rng.random()),
    ])()


@pytest.mark.parametrize("seed, rare_share", [(seed, share) for seed in range(6) for share in (0.0, 0.03, 0.15)])
def test_applied_events_match_rasa_after_every_event(seed, rare_share):
    rng = random.Random(seed)
    start = [_event(rng, rare_share) for _ in range(30)]
    mine = IncrementalTracker.from_events("a", start)
    for number in range(150):
        event = _event(rng, rare_share)
        mine.update(event)
        if number % rng.randint(1, 4) == 0:
            expected = DialogueStateTracker.from_events("b", list(mine.events)).applied_events()
            assert mine.applied_events() == expected


def test_the_answer_is_a_copy():
    tracker = IncrementalTracker.from_events("a", [ActionExecuted("action_listen"), BotUttered("hi")])
    tracker.applied_events().clear()
    assert len(tracker.applied_events()) == 2


def _state(tracker):
    return (tracker.current_state(EventVerbosity.ALL), {n: s.has_been_set for n, s in tracker.slots.items()},
            tracker.active_loop, tracker.is_paused(), tracker.latest_action)


@pytest.mark.parametrize("seed", range(6))
def test_a_copy_is_rasas_replayed_copy(seed):
    rng = random.Random(seed)
    slots = [AnySlot("s", mappings=[]), TextSlot("t", mappings=[])]
    events = [_event(rng, 0.05) for _ in range(80)] + [SlotSet("t", "x"), ActiveLoop("a_form"), ConversationPaused()]
    mine = IncrementalTracker.from_events("a", events[:40], slots)
    for event in events[40:]:
        mine.update(event)
    replayed = DialogueStateTracker.from_events("a", list(mine.events), slots).travel_back_in_time(float("inf"))
    duplicate = mine.copy()
    assert _state(duplicate) == _state(replayed)
    duplicate.update(SlotSet("t", "changed"))
    duplicate.update(UserUttered("later", {"name": "greet", "confidence": 1.0}))
    assert mine.get_slot("t") == "x" and len(mine.events) == len(events)


def _slots():
    return [AnySlot("s", mappings=[{"type": "custom"}]), TextSlot("t", mappings=[{"type": "from_text"}]),
            BooleanSlot("b", mappings=[], initial_value=True), CategoricalSlot("c", mappings=[], values=["x", "y"]),
            FloatSlot("f", mappings=[], influence_conversation=False)]


@pytest.mark.parametrize("seed", range(4))
def test_init_copy_is_rasas(seed):
    rng = random.Random(seed)
    events = [_event(rng, 0.05) for _ in range(60)] + [SlotSet("t", "x"), SlotSet("b", False), SlotSet("c", "y")]
    mine = IncrementalTracker.from_events("a", events, _slots())
    rasas = DialogueStateTracker.init_copy(mine)
    duplicate = mine.init_copy()
    assert type(duplicate) is IncrementalTracker
    assert list(duplicate.slots) == list(rasas.slots)
    for name, slot in duplicate.slots.items():
        assert type(slot) is type(rasas.slots[name]) and vars(slot) == vars(rasas.slots[name])
        assert slot is not mine.slots[name] and slot.mappings is mine.slots[name].mappings  # shallow, as copy.copy
    assert {k: v for k, v in vars(duplicate).items() if k != "slots"} == {k: v for k, v in vars(rasas).items() if k != "slots"}
    assert _state(duplicate) == _state(rasas)


def test_a_slot_that_copies_itself_is_copied_its_way():
    class OwnCopySlot(AnySlot):
        copies = 0

        def __copy__(self):
            OwnCopySlot.copies += 1
            return OwnCopySlot(self.name, mappings=[])

    tracker = IncrementalTracker("a", [OwnCopySlot("o", mappings=[])])
    copies = OwnCopySlot.copies
    assert type(tracker.init_copy().slots["o"]) is OwnCopySlot and OwnCopySlot.copies == copies + 1
