"""Rasa's LogisticRegressionClassifier, trained and predicting exactly as it
does, without two costs it pays on every message.

- scikit-learn predicts with `X @ coef_.T`. With X sparse, SciPy needs the
  dense operand C-ordered; `coef_.T` of a C-ordered `coef_` is not, so SciPy
  copied the whole coefficient matrix (28 intents × 29,425 features, 6.6 MB
  of float64) for each message: about 1.2 ms, a tenth of the served turn's
  CPU (docs/performance.md). A Fortran-ordered `coef_` has a C-ordered
  transpose: the same products, in the same order, without the copy.
  The stored model is unchanged (it is persisted before the reordering).
- Rasa builds each message's row with SciPy's generic hstack (through COO
  matrices); this builds the same CSR matrix directly when every message has
  both a sparse and a dense sentence feature (anything else: Rasa's way).
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import (
    LogisticRegressionClassifier as RasaLogisticRegressionClassifier,
)
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import csr_matrix


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LogisticRegressionClassifier(RasaLogisticRegressionClassifier):
    @classmethod
    def load(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext, **kwargs: Any,
    ) -> "LogisticRegressionClassifier":
        component = super().load(config, model_storage, resource, execution_context, **kwargs)
        component._order_coefficients()
        return component

    def train(self, training_data: Any) -> Resource:
        resource = super().train(training_data)  # persists the classifier as Rasa's does
        self._order_coefficients()
        return resource

    def _order_coefficients(self) -> None:
        coefficients = getattr(self.clf, "coef_", None)
        if coefficients is not None:
            self.clf.coef_ = np.asfortranarray(coefficients)

    def _create_X(self, messages: List[Message]) -> csr_matrix:
        rows = []
        for message in messages:
            sparse = message.get_sparse_features(attribute=TEXT)[1]
            dense = message.get_dense_features(attribute=TEXT)[1]
            if sparse is None or dense is None or dense.features.ndim != 2 or dense.features.shape[0] != 1:
                return super()._create_X(messages)
            part = sparse.features.tocsr(copy=True)
            part.sum_duplicates()  # sorted, as SciPy's hstack leaves it
            rows.append((part, dense.features))
        if not rows or len({part.shape[1] + values.shape[1] for part, values in rows}) != 1:
            return super()._create_X(messages)
        offset = rows[0][0].shape[1]
        data, indices, indptr = [], [], [0]
        for part, values in rows:
            if part.shape[0] != 1:
                return super()._create_X(messages)
            # As csr_matrix(dense) does: only the non-zero entries.
            columns = np.flatnonzero(values[0])
            data += [part.data, values[0][columns]]
            indices += [part.indices, offset + columns]
            indptr.append(indptr[-1] + part.nnz + len(columns))
        dtype = np.result_type(*(part.dtype for part, _ in rows), *(values.dtype for _, values in rows))
        return csr_matrix(
            (np.concatenate(data).astype(dtype, copy=False), np.concatenate(indices).astype(np.int32, copy=False),
             np.array(indptr, dtype=np.int32)),
            shape=(len(rows), offset + rows[0][1].shape[1]),
        )
