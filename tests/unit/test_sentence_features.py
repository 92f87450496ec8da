"""The NumPy all-MiniLM-L6-v2 encoder gives the published model's embeddings,
and the featurizer hands them to the intent classifier."""
from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.sentence_encoder import SentenceEncoder
from components.sentence_features import SentenceEmbeddingFeaturizer, shared_encoder


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return shared_encoder()


def test_the_encoder_reproduces_the_published_similarity(encoder):
    # sentence-transformers' documentation gives 0.7553 for this pair with
    # all-MiniLM-L6-v2; a wrong layer, pooling or word piece would not.
    food, bread = encoder.encode(["A man is eating food.", "A man is eating a piece of bread."])
    assert float(food @ bread) == pytest.approx(0.7553, abs=5e-4)


def test_embeddings_are_unit_length_and_do_not_depend_on_the_batch(encoder):
    alone = encoder.encode(["does it hurt?"])[0]
    batched = encoder.encode(["a much longer message about the downtime after a microneedling session with numbing cream",
                              "does it hurt?", ""])
    assert np.linalg.norm(alone) == pytest.approx(1.0, abs=1e-5)
    # Padding to the longest text of the batch must not change a short one.
    assert np.abs(batched[1] - alone).max() < 1e-5
    assert np.isfinite(batched).all()


def test_paraphrases_are_closer_than_other_questions(encoder):
    hurt, sting, price = encoder.encode(["does it hurt?", "will it sting?", "how much does it cost?"])
    assert hurt @ sting > hurt @ price + 0.2


def test_the_featurizer_adds_the_scaled_embedding_as_a_sentence_feature(tmp_path, encoder):
    featurizer = SentenceEmbeddingFeaturizer.create(
        {**SentenceEmbeddingFeaturizer.get_default_config(), "scale": 6.0},
        LocalModelStorage(tmp_path), Resource("sentence"), ExecutionContext(None, node_name="sentence"))
    examples = [Message(data={TEXT: "does it hurt?", "intent": "ask_pain"}), Message(data={"intent": "greet"})]
    featurizer.process_training_data(TrainingData(examples))
    sequence, sentence = examples[0].get_dense_features(TEXT)
    assert sequence is None and sentence.features.shape == (1, encoder.dimension)
    assert np.allclose(sentence.features[0], 6.0 * encoder.encode(["does it hurt?"])[0], atol=1e-5)
    assert examples[1].get_dense_features(TEXT) == (None, None)  # no text, nothing to read

    message = Message(data={TEXT: "will it sting?"})
    featurizer.process([message])
    assert message.get_dense_features(TEXT)[1].features.shape == (1, encoder.dimension)


def test_a_scale_that_is_not_positive_is_refused(tmp_path):
    with pytest.raises(ValueError, match="scale"):
        SentenceEmbeddingFeaturizer.create(
            {**SentenceEmbeddingFeaturizer.get_default_config(), "scale": 0},
            LocalModelStorage(tmp_path), Resource("sentence"), ExecutionContext(None, node_name="sentence"))
