"""The Rasa server runs without TensorFlow exactly when the model needs none
(components/without_tensorflow.py)."""
import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from components.without_tensorflow import needs_tensorflow

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "current.tar.gz"
OURS = ["rasa.nlu.tokenizers.whitespace_tokenizer.WhitespaceTokenizer", "components.disclosures.DisclosureReading",
        "rasa.core.policies.rule_policy.RulePolicy"]


def archive(tmp_path, uses):
    metadata = json.dumps({"predict_schema": {"nodes": {f"n{i}": {"uses": name} for i, name in enumerate(uses)}}}).encode()
    path = tmp_path / "model.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo("metadata.json")
        info.size = len(metadata)
        tar.addfile(info, io.BytesIO(metadata))
    return path


def test_a_model_of_tensorflow_free_components_needs_none(tmp_path):
    assert not needs_tensorflow(archive(tmp_path, OURS))


@pytest.mark.parametrize("component", [
    "rasa.nlu.classifiers.diet_classifier.DIETClassifier", "rasa.core.policies.ted_policy.TEDPolicy",
    "rasa.nlu.selectors.response_selector.ResponseSelector", "somebody.elses.Component",
])
def test_diet_ted_the_response_selector_or_anything_unknown_needs_it(tmp_path, component):
    assert needs_tensorflow(archive(tmp_path, [*OURS, component]))


SERVE_ONE_TURN = """
import asyncio
from components import without_tensorflow
without_tensorflow.install()
from rasa.core.agent import Agent
agent = Agent.load({model!r})
replies = asyncio.run(agent.handle_text("does it hurt", sender_id="no-tensorflow"))
import tensorflow
try:
    tensorflow.constant(1)
    called = "no error"
except without_tensorflow.StandInCalled:
    called = "refused"
print("RESULT", replies[0]["text"][:40], "|", called, "|", type(tensorflow).__name__)
"""


@pytest.mark.integration
def test_the_trained_model_answers_without_tensorflow_and_a_call_to_it_is_refused():
    if not MODEL.exists():
        pytest.skip("models/current.tar.gz is trained by `make test`")
    assert not needs_tensorflow(MODEL)
    done = subprocess.run([sys.executable, "-c", SERVE_ONE_TURN.format(model=str(MODEL))],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT"))
    text, called, module_type = [part.strip() for part in line[len("RESULT"):].split("|")]
    assert text.startswith("Most people feel pressure")
    assert called == "refused" and module_type == "_StandInModule"
