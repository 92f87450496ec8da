"""components/off_topic.py with the real sentence encoder, trained on a few
in-scope examples: a message unlike all of them is out of scope, unless it is
a handoff intent, small talk, or names a health matter."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.disclosures import DISCLOSURES, read_disclosures
from components.off_topic import SIMILARITY, OffTopicGuard
from components.sentence_features import SentenceEmbeddingFeaturizer
from components.unknown_words import NO_KNOWN_WORDS

IN_SCOPE = {
    "ask_cost": ["how much is microneedling", "what do you charge for a session", "is there a package price"],
    "ask_pain": ["does microneedling hurt", "is it painful", "do you use numbing cream"],
    "ask_downtime": ["how long will my face be red", "when can i go back to work"],
}


class _Storage:
    """The model storage's two calls, on a folder."""

    def __init__(self, folder):
        self.folder = folder

    def write_to(self, _resource):
        return _Folder(self.folder)

    read_from = write_to


class _Folder:
    def __init__(self, folder):
        self.folder = folder

    def __enter__(self):
        return self.folder

    def __exit__(self, *exc):
        return False


@pytest.fixture(scope="module")
def featurizer():
    return SentenceEmbeddingFeaturizer("sentence_features", {**SentenceEmbeddingFeaturizer.get_default_config()})


@pytest.fixture(scope="module")
def guard(featurizer, tmp_path_factory):
    storage = _Storage(tmp_path_factory.mktemp("off_topic"))
    examples = [Message(data={TEXT: text, INTENT: intent}) for intent, texts in IN_SCOPE.items() for text in texts]
    examples.append(Message(data={TEXT: "will it rain tomorrow", INTENT: "out_of_scope"}))
    data = featurizer.process_training_data(TrainingData(training_examples=examples))
    trained = OffTopicGuard({"min_similarity": 0.45}, storage, None)
    trained.train(data)
    return OffTopicGuard.load({"min_similarity": 0.45}, storage, None, None)


def _classified(featurizer, guard, text: str, intent: str) -> Message:
    message = Message(data={TEXT: text})
    message.set(INTENT, {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 0.6})
    message.set(DISCLOSURES, read_disclosures(text))
    featurizer.process([message])
    guard.process([message])
    return message


@pytest.mark.parametrize("text, guess", [
    ("how long do i boil an egg", "ask_downtime"),
    ("how much is a tv licence", "ask_cost"),
    ("what's the capital of peru", "ask_pain"),
])
def test_a_message_unlike_anything_in_scope_is_out_of_scope(featurizer, guard, text, guess):
    message = _classified(featurizer, guard, text, guess)
    assert message.get(INTENT)[INTENT_NAME_KEY] == "out_of_scope"
    assert message.get(SIMILARITY) < 0.45
    # As sure as it is unlike: never the 1.0 that a "/intent" message would claim.
    assert message.get(INTENT)[PREDICTED_CONFIDENCE_KEY] == pytest.approx(1 - message.get(SIMILARITY), abs=1e-3)


def test_a_keyboard_mash_stays_unclear(featurizer, guard):
    message = Message(data={TEXT: "blorp flim zzzt"})
    message.set(INTENT, {INTENT_NAME_KEY: "nlu_fallback", PREDICTED_CONFIDENCE_KEY: 1.0})
    message.set(NO_KNOWN_WORDS, True)  # as components/unknown_words.py marks it
    featurizer.process([message])
    guard.process([message])
    assert message.get(INTENT)[INTENT_NAME_KEY] == "nlu_fallback"


@pytest.mark.parametrize("text, intent", [
    ("how much would three sessions cost me", "ask_cost"),  # like the training data
    ("can someone from the clinic ring me", "request_human"),  # a handoff intent
    ("yes 100", "affirm"),  # small talk
    ("my mortgage payments are due, and i take warfarin", "ask_cost"),  # names a medicine
    ("i can't breathe properly", "ask_pain"),  # a red flag
])
def test_the_classifier_keeps_its_intent(featurizer, guard, text, intent):
    message = _classified(featurizer, guard, text, intent)
    assert message.get(INTENT)[INTENT_NAME_KEY] == intent
    assert message.get(SIMILARITY) is not None
