"""Rasa's LogisticRegressionClassifier, trained and predicting exactly as it
does, without copying its coefficients for every message.

scikit-learn predicts with `X @ coef_.T`. With X sparse, SciPy needs the
dense operand C-ordered; `coef_.T` of a C-ordered `coef_` is not, so SciPy
copied the whole coefficient matrix (28 intents × 29,425 features, 6.6 MB of
float64) for each message: about 1.2 ms, 5% of the served turn
(docs/performance.md). A Fortran-ordered `coef_` has a C-ordered transpose:
the same products, in the same order, without the copy. The stored model is
unchanged (Rasa persists it before the reordering).
"""
from __future__ import annotations

from typing import Any, Dict, Text

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import (
    LogisticRegressionClassifier as RasaLogisticRegressionClassifier,
)


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
