"""Intent quality on the held-out test set (tests/nlu/test_nlu.yml).

Parsed by the running Rasa server, exactly as visitors' messages are. The
figures are written to results/nlu_quality.json and quoted in docs/measurements.md.
"""
import json
from pathlib import Path

import requests

from testkit.nlu_test_set import intent_scores, load_test_examples

ROOT = Path(__file__).resolve().parents[1]
MIN_ACCURACY = 0.92
MIN_RECALL = 0.97
CRITICAL = ("report_symptom", "medical_advice", "ask_contraindication", "request_human")


def test_intent_accuracy_and_critical_recall(stack):
    url = stack.url("rasa") + f"/model/parse?token={stack.config['RASA_API_TOKEN']}"
    pairs, errors = [], []
    for text, expected in load_test_examples():
        predicted = requests.post(url, json={"text": text}, timeout=30).json()["intent"]["name"]
        pairs.append((expected, predicted))
        if predicted != expected:
            errors.append({"text": text, "expected": expected, "predicted": predicted})

    scores = intent_scores(pairs)
    out = ROOT / "results"
    out.mkdir(exist_ok=True)
    (out / "nlu_quality.json").write_text(json.dumps({**scores, "errors": errors}, indent=2))

    low = {intent: scores["recall"][intent] for intent in CRITICAL if scores["recall"][intent] < MIN_RECALL}
    assert scores["accuracy"] >= MIN_ACCURACY, f"accuracy {scores['accuracy']:.3f}; errors: {errors}"
    assert not low, f"critical recall too low: {low}; errors: {errors}"
