"""The intent classifier's ranking, weighted towards the intents a person answers.

A missed handoff intent (a symptom, a medical question, a contraindication, a
request for a person) leaves a visitor with a generic answer where a
clinician should have replied; a false one hands a plain question to staff,
who answer it. So the two mistakes do not cost the same, and the classifier's
probabilities of the handoff intents are multiplied by `weight` before the
ranking is normalised again. The FallbackClassifier after this component then
applies its thresholds to the weighted ranking.

`weight` was chosen by 5-fold cross-validation on the training data, never on
a test set (docs/nlu-evaluation.md, candidate 6): the largest weight that kept
accuracy within 0.002 of the unweighted and sent at most 2% of the other
questions to a person.

Only the ranking the classifier reports is weighted (its `ranking_length`
best intents, 10 by default): the intents below it share too little of the
probability to change places with a handoff intent.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message

from components.settings import require_positive

# docs/design.md §2: the intents whose answer is a person.
HANDOFF_INTENTS = ("report_symptom", "medical_advice", "ask_contraindication", "request_human")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class HandoffWeighting(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"weight": 1.0, "intents": list(HANDOFF_INTENTS)}

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        require_positive(cls, config, "weight")

    @classmethod
    def create(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext,
    ) -> "HandoffWeighting":
        # Rasa's graph has merged the defaults in; it does not validate.
        cls.validate_config(config)
        return cls(float(config["weight"]), frozenset(config["intents"]))

    def __init__(self, weight: float, intents: frozenset) -> None:
        self._weight, self._intents = weight, intents

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            ranking = message.get(INTENT_RANKING_KEY)
            if ranking:
                weighted = self.weighted(ranking)
                message.set(INTENT_RANKING_KEY, weighted, add_to_output=True)
                message.set(INTENT, dict(weighted[0]), add_to_output=True)
        return messages

    def weighted(self, ranking: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
        scores = [
            entry[PREDICTED_CONFIDENCE_KEY] * (self._weight if entry["name"] in self._intents else 1.0)
            for entry in ranking
        ]
        total = sum(scores)
        if not total > 0:
            return ranking
        entries = [{**entry, PREDICTED_CONFIDENCE_KEY: score / total} for entry, score in zip(ranking, scores)]
        return sorted(entries, key=lambda entry: -entry[PREDICTED_CONFIDENCE_KEY])
