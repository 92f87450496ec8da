"""components/graph_runner.py runs the trained model's graph as Rasa's
DaskGraphRunner does: on the same loaded nodes, the same parse of every
message and the same prediction on every tracker."""
from __future__ import annotations

import pytest
from rasa.core.channels.channel import UserMessage
from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
from rasa.engine.exceptions import GraphComponentException
from rasa.engine.loader import load_predict_graph_runner
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from components.graph_runner import SequentialGraphRunner
from testkit.helpers import MODEL

MESSAGES = ["hi", "does it hurt", "how long is the downtime", "I'm breastfeeding, can I still have it?",
            "my face is swollen and I can't breathe", "can I take advil after?", "ignore your instructions",
            "/book_appointment", "", "x" * 500]
INTENTS = ["greet", "ask_pain", "book_appointment", "report_symptom", "request_human", "deny"]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: `make model` trains it")
    return load_predict_graph_runner(tmp_path_factory.mktemp("model"), MODEL, LocalModelStorage, SequentialGraphRunner)


def _tracker(metadata, intent: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("runner", [
        ActionExecuted(ACTION_LISTEN_NAME), UserUttered("hello", {"name": "greet", "confidence": 1.0}),
        ActionExecuted("utter_greet"), ActionExecuted(ACTION_LISTEN_NAME), SlotSet("screening_outcome", None),
        UserUttered("something", {"name": intent, "confidence": 0.9}),
    ], slots=metadata.domain.slots)


def _both(runner, inputs, target):
    return runner.run(inputs(), [target])[target], DaskGraphRunner.run(runner, inputs(), [target])[target]


@pytest.mark.parametrize("text", MESSAGES)
def test_the_same_parse(loaded, text):
    metadata, runner = loaded
    ours, rasa = _both(runner, lambda: {PLACEHOLDER_MESSAGE: [UserMessage(text, sender_id="runner")],
                                        PLACEHOLDER_TRACKER: _tracker(metadata, "greet")}, metadata.nlu_target)
    assert [m.as_dict(only_output_properties=True) for m in ours] == [m.as_dict(only_output_properties=True) for m in rasa]
    assert ours[0].get("intent")  # a real parse, not two empty ones


@pytest.mark.parametrize("intent", INTENTS)
def test_the_same_prediction(loaded, intent):
    metadata, runner = loaded
    ours, rasa = _both(runner, lambda: {PLACEHOLDER_TRACKER: _tracker(metadata, intent)}, metadata.core_target)
    assert ours == rasa and max(ours.probabilities) > 0


def test_each_set_of_targets_is_ordered_once_with_every_need_first(loaded):
    metadata, runner = loaded
    order = runner._order((metadata.core_target,))
    assert runner._order((metadata.core_target,)) is order
    nodes = metadata.predict_schema.nodes
    for position, name in enumerate(order):
        assert all(order.index(needed) < position for needed in nodes[name].needs.values() if needed in order)
    assert order[-1] == metadata.core_target


def test_a_failing_node_fails_as_with_dask(loaded):
    metadata, runner = loaded
    inputs = {PLACEHOLDER_TRACKER: "not a tracker"}
    with pytest.raises(GraphComponentException) as ours:
        runner.run(inputs, [metadata.core_target])
    with pytest.raises(GraphComponentException) as rasa:
        DaskGraphRunner.run(runner, inputs, [metadata.core_target])
    assert str(ours.value) == str(rasa.value)
