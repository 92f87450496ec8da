"""NLU step: is the visitor in crisis? Thoughts of suicide or self-harm, an
overdose, something swallowed, or violence at home
(clinic_assistant/safety/crisis.py says what each gets).

Word rules were tried first and measured on a validation round written by
another helper (stop 41, docs/behaviour.md): they caught 7% of new crisis
wordings and raised 55% of the ordinary messages that carried risky words
("my mum hurt herself yesterday so i need to reschedule", "hope i don't
wake up looking like a tomato"). A logistic regression on the message's
sentence embedding (components/sentence_features.py) and its word and
character n-grams (TF-IDF), trained on the labelled messages of
data/crisis/examples.yml with every NLU training example as an ordinary
message, caught 91% and raised 6%, and none of 1,316 held-out ordinary
training questions (the embedding alone: 74%, 5% and 0.2%). It costs a
few dozen dictionary look-ups and one small product a turn.

The classes are ordinary, self_harm, poisoning and abuse; a message whose
probability of not being ordinary is at least `threshold` gets the parse
key `crisis` (its likeliest kind), which components/safety_override.py
turns into the dialogue's safety path. The score goes out with the parse
result ("crisis_score") for the tests and the transcript.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

import numpy as np
import yaml
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic_assistant.safety.crisis import CRISIS, KINDS
from components.input_guard import guard_text
from components.off_topic import sentence_embedding
from components.sentence_features import shared_encoder
from components.settings import CheckedComponent, require_positive

EXAMPLES_FILE = Path(__file__).resolve().parents[1] / "data" / "crisis" / "examples.yml"
SCORE = "crisis_score"
CLASSES = ("ordinary",) + KINDS
_WEIGHTS_FILE = "crisis.npz"
_VOCABULARY_FILE = "crisis_vocabulary.json"
ANALYZERS = ("word", "char_wb")
# A word of three letters or more that is not a joining word: "3 and 11" has none.
_A_WORD = re.compile(r"\b(?!(?:and|the|but|not|yes|all|none|too|also)\b)[a-z]{3,}", re.IGNORECASE)
# A message this long, of several sentences, has each sentence read apart too (at most MAX_SENTENCES).
LONG_MESSAGE_WORDS = 12
MAX_SENTENCES = 4
_SENTENCE_BREAK = re.compile(r"(?<=[.!?,;])\s+|\n+|\s+(?:also|btw|oh and|and also|plus|ps|anyway)\s+", re.IGNORECASE)


def labelled_examples(path: Path = EXAMPLES_FILE) -> List[tuple]:
    """(text, class index) for every labelled message of the file."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    sections = {"not_crisis": 0, **{kind: CLASSES.index(kind) for kind in KINDS}}
    return [(text, label) for section, label in sections.items() for text in raw[section]]


class NGrams:
    """scikit-learn's TfidfVectorizer (sublinear tf, l2 norm) for one fitted
    vocabulary, word 1-2 grams or character 2-4 grams within words, without
    scikit-learn at serving time (tests/unit/test_crisis_classifier.py
    checks they agree)."""

    _WORD = re.compile(r"(?u)\b\w\w+\b")

    def __init__(self, analyzer: str, vocabulary: Dict[str, int], idf: np.ndarray) -> None:
        self.analyzer, self.vocabulary, self.idf = analyzer, vocabulary, idf

    def grams(self, text: str) -> List[str]:
        text = text.lower()
        if self.analyzer == "word":
            words = self._WORD.findall(text)
            return words + [" ".join(pair) for pair in zip(words, words[1:])]
        out = []
        for word in text.split():
            padded = f" {word} "
            for n in range(2, 5):
                out += [padded[i:i + n] for i in range(len(padded) - n + 1)]
        return out

    def weighted(self, text: str) -> Tuple[np.ndarray, np.ndarray]:
        """The n-grams of `text` present in the vocabulary: (indices, TF-IDF values, l2-normed)."""
        counts: Dict[int, int] = {}
        for gram in self.grams(text):
            index = self.vocabulary.get(gram)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        indices = np.fromiter(counts, dtype=np.int64, count=len(counts))
        values = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))) * self.idf[indices]
        norm = float(np.linalg.norm(values))
        return indices, (values / norm if norm else values)

    def matrix(self, texts: Sequence[str]):
        """One sparse row per text, for training: dense rows of the whole
        vocabulary took gigabytes and minutes of the solver's time."""
        from scipy.sparse import csr_matrix

        rows = [self.weighted(text) for text in texts]
        pointers = np.cumsum([0] + [len(indices) for indices, _ in rows])
        indices = np.concatenate([indices for indices, _ in rows]) if rows else np.zeros(0, dtype=np.int64)
        values = np.concatenate([values for _, values in rows]) if rows else np.zeros(0, dtype=np.float32)
        return csr_matrix((values, indices, pointers), shape=(len(texts), len(self.idf)), dtype=np.float32)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class CrisisClassifier(CheckedComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # As config.yml sets them (docs/behaviour.md, stop 41).
        return {"threshold": 0.8, "C": 4.0, "ordinary_weight": 1.0}

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        # The labelled messages are read from a file of their own, not Rasa's
        # training data: a change to them must retrain, not reuse the cache.
        return hashlib.sha256(EXAMPLES_FILE.read_bytes()).hexdigest()

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        for key in ("threshold", "C", "ordinary_weight"):
            require_positive(cls, config, key)

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 weights: Optional[np.ndarray] = None, bias: Optional[np.ndarray] = None,
                 ngrams: Sequence[NGrams] = ()) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._weights = weights
        self._bias = bias
        self._ngrams = list(ngrams)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "CrisisClassifier":
        with model_storage.read_from(resource) as directory:
            saved = np.load(directory / _WEIGHTS_FILE)
            vocabularies = json.loads((directory / _VOCABULARY_FILE).read_text(encoding="utf-8"))
            ngrams = [NGrams(analyzer, vocabularies[analyzer], saved[f"idf_{analyzer}"]) for analyzer in ANALYZERS]
            return cls(config, model_storage, resource, saved["weights"], saved["bias"], ngrams)

    def train(self, training_data: TrainingData) -> Resource:
        # Training only: the served model is arrays and two vocabularies.
        from scipy.sparse import csr_matrix, hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        examples = [e for e in training_data.intent_examples if sentence_embedding(e) is not None]
        labelled = labelled_examples()
        texts = [guard_text(text) for text, _ in labelled] + [e.get(TEXT) for e in examples]
        embeddings = np.vstack([shared_encoder().encode(texts[:len(labelled)]), np.stack([sentence_embedding(e) for e in examples])])
        vectorizers = {
            "word": TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(texts),
            "char_wb": TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=2, sublinear_tf=True).fit(texts),
        }
        ngrams = [NGrams(a, {g: int(i) for g, i in vectorizers[a].vocabulary_.items()}, vectorizers[a].idf_.astype(np.float32))
                  for a in ANALYZERS]
        features = hstack([csr_matrix(embeddings)] + [n.matrix(texts) for n in ngrams], format="csr")
        labels = np.array([label for _, label in labelled] + [0] * len(examples))
        weights = np.array([1.0] * len(labelled) + [self._config["ordinary_weight"]] * len(examples))
        model = LogisticRegression(C=self._config["C"], max_iter=4000, class_weight="balanced")
        model.fit(features, labels, sample_weight=weights)
        with self._model_storage.write_to(self._resource) as directory:
            np.savez(directory / _WEIGHTS_FILE, weights=model.coef_.astype(np.float32), bias=model.intercept_.astype(np.float32),
                     **{f"idf_{n.analyzer}": n.idf for n in ngrams})
            (directory / _VOCABULARY_FILE).write_text(json.dumps({n.analyzer: n.vocabulary for n in ngrams}), encoding="utf-8")
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        if self._weights is None:
            return messages
        for message in messages:
            embedding = sentence_embedding(message)
            if embedding is None:
                continue
            text = message.get(TEXT) or ""
            if not _A_WORD.search(text):
                continue  # "3 and 11", "6", "ok": a checklist answer or a nod tells no crisis
            probabilities = max([self._probabilities(embedding, text)] + self._sentences_apart(text), key=lambda p: 1.0 - p[0])
            score = float(1.0 - probabilities[0])
            message.set(SCORE, round(score, 4), add_to_output=True)
            if score >= self._config["threshold"]:
                message.set(CRISIS, CLASSES[1 + int(np.argmax(probabilities[1:]))], add_to_output=True)
        return messages

    def _probabilities(self, embedding: np.ndarray, text: str) -> np.ndarray:
        # The weights' columns: the embedding's, then each vocabulary's; only a message's own n-grams are read.
        logits = self._weights[:, :len(embedding)] @ embedding + self._bias
        offset = len(embedding)
        for ngrams in self._ngrams:
            indices, values = ngrams.weighted(text)
            logits += self._weights[:, offset + indices] @ values
            offset += len(ngrams.idf)
        probabilities = np.exp(logits - logits.max())
        return probabilities / probabilities.sum()

    def _sentences_apart(self, text: str) -> List[np.ndarray]:
        """"is the 3 session package still on offer? also random but i took like 20
        of my tablets earlier", "i hate my face so much i want to die, does
        microneedling fix acne scars": in a long message one sentence's or
        clause's crisis is lost in the whole's embedding, so each is read too
        (a few extra encodings, only for long messages of several parts)."""
        if len(text.split()) < LONG_MESSAGE_WORDS:
            return []
        sentences = [part.strip() for part in _SENTENCE_BREAK.split(text) if len(part.split()) >= 3][:MAX_SENTENCES]
        if len(sentences) < 2:
            return []
        return [self._probabilities(vector, sentence) for vector, sentence in zip(shared_encoder().encode(sentences), sentences)]
