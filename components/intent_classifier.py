"""Rasa's LogisticRegressionClassifier, trained and predicting exactly as it
does, without copying its coefficients for every message, without building
each message's features through SciPy's general block stacking, and stored
as plain arrays instead of through skops.

scikit-learn predicts with `X @ coef_.T`. With X sparse, SciPy needs the
dense operand C-ordered; `coef_.T` of a C-ordered `coef_` is not, so SciPy
copied the whole coefficient matrix (28 intents × 29,425 features, 6.6 MB of
float64) for each message: about 1.2 ms, 5% of the served turn
(docs/performance.md). A Fortran-ordered `coef_` has a C-ordered transpose:
the same products, in the same order, without the copy.

Rasa stores the fitted scikit-learn classifier with skops, whose loader
imports every scikit-learn estimator to list the types it trusts (and
pytest, through scikit-learn's testing helpers): 13-18 MB in every Rasa
server for a classifier that is four arrays. They are stored as one NumPy
file instead, read without pickle; the estimator's settings come from the
component's config, as when it was trained. A model stored by Rasa's own
format (a .skops file) still loads through Rasa's code.

Rasa's `_create_X` deep-copies every featurizer's sentence features, joins
them with `hstack` (COO blocks, then CSR) and adds the sentence embedding as
a second CSR block: about 3.7 ms per message, 9% of a served turn. The
matrix is one row per message: the sparse entries in featurizer order with
their columns shifted, then the embedding's non-zero values. When those
columns are already sorted and distinct (Rasa's conversion would otherwise
sort and sum them), the row is built directly from them; anything else goes
through Rasa's code. tests/unit/test_intent_classifier_order.py checks that
the matrices are the same.
"""
from __future__ import annotations

import io
from typing import Any, Dict, List, Optional, Text, Tuple

import numpy as np
import scipy.sparse as sp
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import (
    LogisticRegressionClassifier as RasaLogisticRegressionClassifier,
)
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message

_ARRAYS_FILE = "classifier.npz"
_STORED_FORMAT = "arrays-1"
# What fitting sets that predicting reads (n_features_in_ follows from coef_).
_FITTED = ("coef_", "intercept_", "classes_", "n_iter_")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LogisticRegressionClassifier(RasaLogisticRegressionClassifier):
    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        return _STORED_FORMAT  # a cached training in Rasa's format is not reused

    @classmethod
    def load(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext, **kwargs: Any,
    ) -> "LogisticRegressionClassifier":
        try:
            with model_storage.read_from(resource) as model_dir:
                path = model_dir / _ARRAYS_FILE
                stored = path.read_bytes() if path.is_file() else None
        except ValueError:  # no stored resource: untrained, as Rasa's load returns it
            return cls.create(config, model_storage, resource, execution_context)
        if stored is None:  # a model trained before: Rasa's format
            component = super().load(config, model_storage, resource, execution_context, **kwargs)
            component._order_coefficients()
            return component
        # A damaged file raises here, at load, rather than serving an untrained classifier.
        with np.load(io.BytesIO(stored), allow_pickle=False) as arrays:
            fitted = {name: arrays[name] for name in _FITTED}
        component = cls(config, execution_context.node_name, model_storage, resource)
        for name, value in fitted.items():
            setattr(component.clf, name, value)
        component.clf.n_features_in_ = int(fitted["coef_"].shape[1])
        component._order_coefficients()
        return component

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as model_dir:
            np.savez(model_dir / _ARRAYS_FILE, **{name: np.asarray(getattr(self.clf, name)) for name in _FITTED})

    def train(self, training_data: Any) -> Resource:
        resource = super().train(training_data)  # fits and persists
        self._order_coefficients()
        return resource

    def _order_coefficients(self) -> None:
        coefficients = getattr(self.clf, "coef_", None)
        if coefficients is not None:
            self.clf.coef_ = np.asfortranarray(coefficients)

    def _create_X(self, messages: List[Message]) -> sp.csr_matrix:
        rows = [_sentence_row(message) for message in messages]
        if not rows or any(row is None for row in rows) or len({width for _, _, width in rows}) != 1:
            return super()._create_X(messages)
        indptr = np.cumsum([0, *(len(columns) for columns, _, _ in rows)])
        return sp.csr_matrix(
            (np.concatenate([values for _, values, _ in rows]), np.concatenate([columns for columns, _, _ in rows]), indptr),
            shape=(len(rows), rows[0][2]),
        )


def _sentence_row(message: Message) -> Optional[Tuple[np.ndarray, np.ndarray, int]]:
    """(columns, values, width) of the row Rasa's _create_X makes for `message`, or
    None when its features are not the plain case (one row each, sparse columns
    sorted and distinct, at least one sparse and one dense feature)."""
    sentence = [f for f in message.features if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE]
    sparse = [f.features.tocoo() for f in sentence if f.is_sparse()]
    dense = [f.features for f in sentence if f.is_dense()]
    if not sparse or not dense or any(matrix.shape[0] != 1 for matrix in [*sparse, *dense]):
        return None
    offsets = np.cumsum([0, *(matrix.shape[1] for matrix in sparse)])
    columns = np.concatenate([matrix.col + offset for matrix, offset in zip(sparse, offsets)])
    if np.any(np.diff(columns) <= 0):
        return None
    embedding = np.concatenate(dense, axis=-1)[0]
    non_zero = np.flatnonzero(embedding)  # csr_matrix(dense) keeps only these
    return (
        np.concatenate([columns, non_zero + offsets[-1]]),
        np.concatenate([*(matrix.data for matrix in sparse), embedding[non_zero]]),
        offsets[-1] + embedding.shape[0],
    )
