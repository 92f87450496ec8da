"""NLU step after the disclosure reading: a message like nothing the clinic
assistant was trained on is out of scope.

Out-of-scope messages have nothing in common but not being about the clinic
("how long do I boil an egg", "is the post office open on Saturday"), so the
classifier learns them poorly and gives them the nearest topic it knows
("how much is a TV licence" as the price, "will it rain tomorrow" as the
downtime). Their sentence embeddings tell: the median out-of-scope training
example is 0.45 alike (cosine) to its nearest in-scope one, the median
in-scope example 0.82 to its nearest other (docs/nlu-evaluation.md,
"Candidates 10 to 13").

So a message whose embedding is less than `min_similarity` alike to every
in-scope training example becomes `out_of_scope`, unless the classifier gave
it a handoff intent or small talk (short replies, "yes 100", are unlike
everything and fine), or it names a symptom, a medicine or a condition, or
has no known word at all (a keyboard mash is unclear, not off topic).
The likeness goes out with the parse result ("in_scope_similarity"), so
cross-validation can weigh other thresholds without retraining.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    FEATURE_TYPE_SENTENCE,
    INTENT,
    INTENT_NAME_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic_assistant.safety.red_flags import Level, assess
from components.disclosures import DISCLOSURES
from components.injection_guard import OUT_OF_SCOPE, names_health
from components.input_guard import FULL_TEXT
from components.settings import CheckedComponent, require_positive
from components.unknown_words import NO_KNOWN_WORDS

SIMILARITY = "in_scope_similarity"
_EMBEDDINGS_FILE = "in_scope.npy"
# Intents the likeness never overrides: a missed handoff costs more than an
# FAQ answer to an odd question, and small talk is short and unlike anything.
KEPT_INTENTS = (
    "report_symptom", "medical_advice", "ask_contraindication", "request_human",
    "greet", "goodbye", "thank", "affirm", "deny", "cancel", "bot_challenge", "ask_capabilities",
)


def sentence_embedding(message: Message) -> Optional[np.ndarray]:
    """The message's dense sentence feature (components/sentence_features.py), unit length."""
    for feature in message.features:
        if feature.attribute == TEXT and feature.type == FEATURE_TYPE_SENTENCE and feature.is_dense():
            vector = np.asarray(feature.features, dtype=np.float32).reshape(-1)
            norm = float(np.linalg.norm(vector))
            return vector / norm if norm else None
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class OffTopicGuard(CheckedComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"min_similarity": 0.45}

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        require_positive(cls, config, "min_similarity")

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 in_scope: Optional[np.ndarray] = None) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._in_scope = in_scope if in_scope is not None else np.zeros((0, 0), dtype=np.float32)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "OffTopicGuard":
        with model_storage.read_from(resource) as directory:
            in_scope = np.load(directory / _EMBEDDINGS_FILE)
        return cls(config, model_storage, resource, in_scope)

    def train(self, training_data: TrainingData) -> Resource:
        vectors = [sentence_embedding(example) for example in training_data.intent_examples
                   if example.get(INTENT) != OUT_OF_SCOPE]
        in_scope = np.stack([v for v in vectors if v is not None]).astype(np.float32)
        with self._model_storage.write_to(self._resource) as directory:
            np.save(directory / _EMBEDDINGS_FILE, in_scope)
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            vector = sentence_embedding(message)
            if vector is None or not len(self._in_scope):
                continue
            similarity = float((self._in_scope @ vector).max())
            message.set(SIMILARITY, round(similarity, 4), add_to_output=True)
            if similarity >= self._config["min_similarity"] or self._keeps_its_intent(message):
                continue
            # As sure as the message is unlike: never the 1.0 of a given intent ("/report_symptom").
            confidence = round(1.0 - similarity, 4)
            message.set(INTENT, {INTENT_NAME_KEY: OUT_OF_SCOPE, PREDICTED_CONFIDENCE_KEY: confidence}, add_to_output=True)
        return messages

    @staticmethod
    def _keeps_its_intent(message: Message) -> bool:
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if intent in KEPT_INTENTS + (OUT_OF_SCOPE,) or message.get(NO_KNOWN_WORDS):
            return True  # a keyboard mash is unclear (components/unknown_words.py): the clarifying question
        text = message.get(FULL_TEXT) or message.get(TEXT) or ""
        return names_health(message.get(DISCLOSURES)) or assess(text).level is not Level.NONE
