"""components/intent_classifier.py predicts as Rasa's LogisticRegressionClassifier
does: the same feature matrix, the same probabilities, the same fitted model
(stored as arrays, not through skops)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
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

from components.intent_classifier import _ARRAYS_FILE, _FITTED, LogisticRegressionClassifier, _sentence_row

ROOT = Path(__file__).resolve().parents[2]

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


def same_answers(first, second, rng: np.random.Generator) -> None:
    for text_message in (message(rng) for _ in range(10)):
        twin = Message(data=dict(text_message.data), features=list(text_message.features))
        first.process([text_message])
        second.process([twin])
        assert twin.get("intent") == text_message.get("intent")
        assert twin.get("intent_ranking") == text_message.get("intent_ranking")


def test_same_model_stored_and_same_probabilities(tmp_path):
    rng = np.random.default_rng(5)
    training = [message(rng, INTENTS[n % len(INTENTS)]) for n in range(40)]
    (rasa, rasa_storage, config), (ours, our_storage, _) = components(tmp_path)
    rasa.train(TrainingData(training))
    ours.train(TrainingData(training))
    assert ours.clf.coef_.flags.f_contiguous and np.array_equal(ours.clf.coef_, rasa.clf.coef_)
    # Stored as plain arrays, read back without pickle: what Rasa's fit made.
    with np.load(tmp_path / "ours" / "ours" / _ARRAYS_FILE, allow_pickle=False) as stored:
        assert sorted(stored.files) == sorted(_FITTED)
        for name in _FITTED:
            assert np.array_equal(stored[name], getattr(rasa.clf, name))
    assert not (tmp_path / "ours" / "ours" / "ours.skops").exists()

    loaded = LogisticRegressionClassifier.load(config, our_storage, Resource("ours"), ExecutionContext(None, node_name="ours"))
    assert isinstance(loaded, LogisticRegressionClassifier) and loaded.clf.coef_.flags.f_contiguous
    assert loaded.clf.n_features_in_ == rasa.clf.n_features_in_
    same_answers(rasa, loaded, rng)


def test_a_model_stored_by_rasa_still_loads(tmp_path):
    rng = np.random.default_rng(6)
    (rasa, rasa_storage, config), _ = components(tmp_path)
    rasa.train(TrainingData([message(rng, INTENTS[n % len(INTENTS)]) for n in range(40)]))
    assert (tmp_path / "rasa" / "rasa" / "rasa.skops").is_file()
    loaded = LogisticRegressionClassifier.load(config, rasa_storage, Resource("rasa"), ExecutionContext(None, node_name="rasa"))
    assert loaded.clf.coef_.flags.f_contiguous
    same_answers(rasa, loaded, rng)


def test_nothing_stored_gives_an_untrained_classifier(tmp_path):
    (_, _, config), (_, our_storage, _) = components(tmp_path)
    loaded = LogisticRegressionClassifier.load(config, our_storage, Resource("never-trained"), ExecutionContext(None, node_name="x"))
    assert not hasattr(loaded.clf, "coef_")


def test_a_cached_training_in_rasa_format_is_not_reused():
    assert LogisticRegressionClassifier.fingerprint_addon({}) != RasaLogisticRegressionClassifier.fingerprint_addon({})


def test_loading_imports_no_skops(tmp_path):
    """skops's loader imports every scikit-learn estimator (13-18 MB a server)."""
    rng = np.random.default_rng(7)
    (_, _, config), (ours, _, _) = components(tmp_path)
    ours.train(TrainingData([message(rng, INTENTS[n % len(INTENTS)]) for n in range(40)]))
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from rasa.engine.graph import ExecutionContext\n"
        "from rasa.engine.storage.local_model_storage import LocalModelStorage\n"
        "from rasa.engine.storage.resource import Resource\n"
        "from components.intent_classifier import LogisticRegressionClassifier\n"
        f"c = LogisticRegressionClassifier.load({config!r}, LocalModelStorage(Path({str(tmp_path / 'ours')!r})),"
        " Resource('ours'), ExecutionContext(None, node_name='ours'))\n"
        "assert c.clf.coef_.shape[0] == 4\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('skops', 'pytest')))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def featurized(
    rng: np.random.Generator, intent: str | None = None, regex_hits: int = 1, dense_parts: int = 1, shuffled: bool = False
) -> Message:
    """Features as the pipeline makes them: count vectors (int64 COO from a
    CSR row), regexes (float64 COO from a dense row, often empty), the sentence
    embedding (float32, with a zero); sequence features, which are ignored."""
    data = {TEXT: "some text"}
    if intent:
        data["intent"] = intent
    result = Message(data=data)
    for width, origin in ((WIDTH, "words"), (2 * WIDTH, "chars")):
        counts = sp.csr_matrix((rng.integers(1, 4, size=9), (np.zeros(9, int), np.sort(rng.choice(width, 9, replace=False)))),
                               shape=(1, width), dtype=np.int64)
        result.add_features(Features(sp.coo_matrix(counts.toarray()[:, :7]), "sequence", TEXT, origin))
        sentence = counts.tocoo()
        if shuffled:
            order = rng.permutation(sentence.nnz)
            sentence = sp.coo_matrix((sentence.data[order], (sentence.row[order], sentence.col[order])), shape=(1, width))
        result.add_features(Features(sentence, FEATURE_TYPE_SENTENCE, TEXT, origin))
    regexes = np.zeros((1, 29))
    regexes[0, rng.choice(29, regex_hits, replace=False)] = 1.0
    result.add_features(Features(sp.coo_matrix(regexes), FEATURE_TYPE_SENTENCE, TEXT, "regex"))
    for part in range(dense_parts):
        vector = rng.standard_normal((1, DENSE)).astype(np.float32)
        vector[0, rng.integers(DENSE)] = 0.0
        result.add_features(Features(vector, FEATURE_TYPE_SENTENCE, TEXT, f"dense{part}"))
    return result


def assert_same_matrix(ours: sp.csr_matrix, rasa: sp.csr_matrix) -> None:
    assert type(ours) is type(rasa) and ours.shape == rasa.shape and ours.dtype == rasa.dtype
    for name in ("data", "indices", "indptr"):
        assert getattr(ours, name).dtype == getattr(rasa, name).dtype
        assert np.array_equal(getattr(ours, name), getattr(rasa, name))


@pytest.mark.parametrize("seed", range(6))
def test_same_feature_matrix_as_rasa(tmp_path, seed):
    rng = np.random.default_rng(seed)
    (rasa, _, _), (ours, _, _) = components(tmp_path)
    batches = [
        [featurized(rng)],
        [featurized(rng, regex_hits=0)],
        [featurized(rng, regex_hits=3, dense_parts=2)],
        [featurized(rng, regex_hits=n % 2) for n in range(5)],
        # Rasa's own path: unsorted columns with a duplicate, or a kind of feature missing.
        [message(rng)],
        [message(rng, dense=False)],
        [message(rng, sparse=False)],
        [featurized(rng), featurized(rng, shuffled=True)],
    ]
    # Both paths are exercised.
    assert _sentence_row(batches[0][0]) is not None and _sentence_row(batches[4][0]) is None
    for batch in batches:
        assert_same_matrix(ours._create_X(batch), RasaLogisticRegressionClassifier._create_X(rasa, batch))


def test_same_probabilities_from_featurized_messages(tmp_path):
    rng = np.random.default_rng(11)
    training = [featurized(rng, INTENTS[n % len(INTENTS)], regex_hits=n % 2) for n in range(40)]
    (rasa, _, _), (ours, _, _) = components(tmp_path)
    rasa.train(TrainingData(training))
    ours.train(TrainingData(training))
    assert np.array_equal(ours.clf.coef_, rasa.clf.coef_) and np.array_equal(ours.clf.intercept_, rasa.clf.intercept_)
    for text_message in (featurized(rng, regex_hits=n % 2) for n in range(20)):
        twin = Message(data=dict(text_message.data), features=list(text_message.features))
        rasa.process([text_message])
        ours.process([twin])
        assert twin.get("intent") == text_message.get("intent")
        assert twin.get("intent_ranking") == text_message.get("intent_ranking")


def test_a_damaged_classifier_file_stops_the_load(tmp_path):
    rng = np.random.default_rng(8)
    (_, _, config), (ours, our_storage, _) = components(tmp_path)
    ours.train(TrainingData([message(rng, INTENTS[n % len(INTENTS)]) for n in range(40)]))
    (tmp_path / "ours" / "ours" / _ARRAYS_FILE).write_bytes(b"not a numpy file")
    with pytest.raises(ValueError, match="pickled data"):
        LogisticRegressionClassifier.load(config, our_storage, Resource("ours"), ExecutionContext(None, node_name="ours"))
