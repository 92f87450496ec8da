"""components/intent_classifier.py predicts as Rasa's LogisticRegressionClassifier
does: the same probabilities, the same stored model."""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import skops.io as sio
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.logistic_regression_classifier import (
    LogisticRegressionClassifier as RasaLogisticRegressionClassifier,
)
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.intent_classifier import LogisticRegressionClassifier

WIDTH, DENSE = 300, 16
INTENTS = ["greet", "ask_pain", "ask_price", "goodbye"]


def message(rng: np.random.Generator, intent: str | None = None, sparse: bool = True, dense: bool = True) -> Message:
    data = {TEXT: "some text"}
    if intent:
        data["intent"] = intent
    result = Message(data=data)
    if sparse:
        # Unsorted, with a duplicate and an explicit zero: what hstack canonicalises.
        columns = rng.choice(WIDTH, size=12, replace=False).tolist() + [3, 3]
        values = rng.integers(0, 3, size=len(columns)).astype(np.float64)
        result.add_features(Features(sp.coo_matrix((values, ([0] * len(columns), columns)), shape=(1, WIDTH)),
                                     FEATURE_TYPE_SENTENCE, TEXT, "sparse"))
    if dense:
        vector = rng.standard_normal((1, DENSE)).astype(np.float32)
        vector[0, 5] = 0.0
        result.add_features(Features(vector, FEATURE_TYPE_SENTENCE, TEXT, "dense"))
    return result


def components(tmp_path):
    config = {**RasaLogisticRegressionClassifier.get_default_config(), "max_iter": 200, "random_state": 42}
    made = []
    for name, cls in (("rasa", RasaLogisticRegressionClassifier), ("ours", LogisticRegressionClassifier)):
        (tmp_path / name).mkdir()
        storage = LocalModelStorage(tmp_path / name)
        made.append((cls.create(config, storage, Resource(name), ExecutionContext(None, node_name=name)), storage, config))
    return made


def test_same_model_stored_and_same_probabilities(tmp_path):
    rng = np.random.default_rng(5)
    training = [message(rng, INTENTS[n % len(INTENTS)]) for n in range(40)]
    (rasa, rasa_storage, config), (ours, our_storage, _) = components(tmp_path)
    rasa.train(TrainingData(training))
    ours.train(TrainingData(training))
    assert ours.clf.coef_.flags.f_contiguous and np.array_equal(ours.clf.coef_, rasa.clf.coef_)
    stored = {}
    for name in ("rasa", "ours"):
        path = tmp_path / name / name / f"{name}.skops"
        stored[name] = sio.load(path, trusted=sio.get_untrusted_types(file=path))
    # Stored as Rasa stores it (persisted before the reordering).
    assert stored["ours"].coef_.flags.c_contiguous and np.array_equal(stored["ours"].coef_, stored["rasa"].coef_)
    assert np.array_equal(stored["ours"].intercept_, stored["rasa"].intercept_)

    loaded = LogisticRegressionClassifier.load(config, our_storage, Resource("ours"), ExecutionContext(None, node_name="ours"))
    assert isinstance(loaded, LogisticRegressionClassifier) and loaded.clf.coef_.flags.f_contiguous
    for text_message in (message(rng) for _ in range(10)):
        twin = Message(data=dict(text_message.data), features=list(text_message.features))
        rasa.process([text_message])
        loaded.process([twin])
        assert twin.get("intent") == text_message.get("intent")
        assert twin.get("intent_ranking") == text_message.get("intent_ranking")
