"""NLU step after the FallbackClassifier: a message without a single known
word ("asdf", "qwv xkkz plumbus") needs a confident classifier to count.

The classifier always spreads its belief over the intents, and on a keyboard
mash its best guess can pass the fallback threshold ("asdf" as `affirm` at
0.32). Slang it has learnt ("heyyy" as `greet` at 0.96) stays. A word is known
when it is English (spacy-lookups-data word forms) or appears in the training
data ("microneedling", "dermapen"). Messages without letters (emoji, numbers)
are left to the classifier.
"""
from __future__ import annotations

import json
import re
from typing import Any, Dict, FrozenSet, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic_assistant.text.word_tables import english_words

FALLBACK_INTENT = "nlu_fallback"
# Set on a message without a single known word.
NO_KNOWN_WORDS = "no_known_words"
_WORD = re.compile(r"[a-z]+")
_VOCABULARY_FILE = "vocabulary.json"
# Below this, a guess about a message of unknown words is not trusted. The
# sentence embeddings put some nonsense near short chit-chat ("blorp flim
# zzzt" as goodbye at 0.52); learnt slang stays far above ("heyyy" 1.00,
# "nooo" 0.93).
MIN_CONFIDENCE_FOR_UNKNOWN_WORDS = 0.7


def words(text: str) -> List[str]:
    return _WORD.findall(text.lower())


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class UnknownWordsFallback(GraphComponent):
    def __init__(self, model_storage: ModelStorage, resource: Resource, vocabulary: Optional[FrozenSet[str]] = None):
        self._model_storage = model_storage
        self._resource = resource
        self._vocabulary = vocabulary or frozenset()

    @classmethod
    def create(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext,
    ) -> "UnknownWordsFallback":
        return cls(model_storage, resource)

    @classmethod
    def load(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext, **kwargs: Any,
    ) -> "UnknownWordsFallback":
        with model_storage.read_from(resource) as directory:
            vocabulary = json.loads((directory / _VOCABULARY_FILE).read_text(encoding="utf-8"))
        return cls(model_storage, resource, frozenset(vocabulary))

    def train(self, training_data: TrainingData) -> Resource:
        vocabulary = sorted({word for example in training_data.intent_examples
                             for word in words(example.get(TEXT) or "")})
        with self._model_storage.write_to(self._resource) as directory:
            (directory / _VOCABULARY_FILE).write_text(json.dumps(vocabulary), encoding="utf-8")
        return self._resource

    def knows_a_word(self, text: str) -> bool:
        found = words(text)
        return not found or any(w in self._vocabulary or (len(w) > 1 and w in english_words()) for w in found)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if self.knows_a_word(message.get(TEXT) or ""):
                continue
            message.set(NO_KNOWN_WORDS, True)  # unclear, not off topic (components/off_topic.py)
            intent = message.get(INTENT) or {}
            if intent.get(INTENT_NAME_KEY) == FALLBACK_INTENT:
                continue
            if intent.get(PREDICTED_CONFIDENCE_KEY, 0.0) >= MIN_CONFIDENCE_FOR_UNKNOWN_WORDS:
                continue
            fallback = {INTENT_NAME_KEY: FALLBACK_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
            message.data[INTENT] = fallback
            message.data[INTENT_RANKING_KEY] = [fallback, *(message.get(INTENT_RANKING_KEY) or [])]
        return messages
