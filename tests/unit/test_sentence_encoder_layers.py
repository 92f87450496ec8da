"""The encoder's layers in ONNX Runtime (components/sentence_encoder.py)
give the embeddings of the straightforward NumPy BERT forward pass they
replaced, to float32 rounding, alone and in padded batches: the trained
model and the NLU figures do not move."""
from __future__ import annotations

import math
import os

import numpy as np
import pytest
from scipy.special import erf

from components import sentence_encoder
from components.sentence_features import shared_encoder

SENTENCES = [
    "hi", "does it hurt", "how long is the downtime", "how many sessions do i need", "thanks",
    "A man is eating food.", "A man is eating a piece of bread.", "", "x",
    "I take isotretinoin and had a cold sore last month, can I still book microneedling next week?",
    "a much longer message about the downtime after a microneedling session with numbing cream " * 4,
]


def reference_embeddings(encoder: sentence_encoder.SentenceEncoder, texts: list[str]) -> np.ndarray:
    """The encoder as first written: (batch, length, width) arrays, one
    matrix product per dense layer, the attention mask always added."""
    w = encoder._weights
    token_ids = [encoding.ids for encoding in encoder._tokenizer.encode_batch(texts)]
    length = max(len(ids) for ids in token_ids)
    ids = np.zeros((len(token_ids), length), dtype=np.int64)
    mask = np.zeros((len(token_ids), length), dtype=np.float32)
    for row, sequence in enumerate(token_ids):
        ids[row, :len(sequence)] = sequence
        mask[row, :len(sequence)] = 1.0

    def layer_norm(x, weight, bias):
        mean = x.mean(axis=-1, keepdims=True)
        variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        return (x - mean) / np.sqrt(variance + 1e-12) * weight + bias

    x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
         + w["embeddings.token_type_embeddings.weight"][0])
    x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    attention_bias = (1.0 - mask)[:, None, None, :] * -1e9
    batch, _, width = x.shape
    head_width = width // 12
    for layer in range(6):
        prefix = f"encoder.layer.{layer}."

        def dense(name, value):
            return value @ w[prefix + name + ".weight"].T + w[prefix + name + ".bias"]

        def heads(value):
            return value.reshape(batch, length, 12, head_width).transpose(0, 2, 1, 3)

        query, key, value = (heads(dense(f"attention.self.{part}", x)) for part in ("query", "key", "value"))
        scores = query @ key.transpose(0, 1, 3, 2) / math.sqrt(head_width) + attention_bias
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ value).transpose(0, 2, 1, 3).reshape(batch, length, width)
        x = layer_norm(x + dense("attention.output.dense", context),
                       w[prefix + "attention.output.LayerNorm.weight"], w[prefix + "attention.output.LayerNorm.bias"])
        hidden = dense("intermediate.dense", x)
        hidden = 0.5 * hidden * (1.0 + erf(hidden / math.sqrt(2.0)))
        x = layer_norm(x + dense("output.dense", hidden),
                       w[prefix + "output.LayerNorm.weight"], w[prefix + "output.LayerNorm.bias"])
    pooled = (x * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
    return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


@pytest.fixture(scope="module")
def encoder():
    return shared_encoder()


def test_each_message_alone_matches_the_reference(encoder):
    # Alone, as a served message is: no padding, from one word piece pair ("") to the long ones.
    for text in SENTENCES:
        assert np.abs(encoder.encode([text]) - reference_embeddings(encoder, [text])).max() < 1e-5, text


def test_a_padded_batch_matches_the_reference(encoder):
    assert np.abs(encoder.encode(SENTENCES) - reference_embeddings(encoder, SENTENCES)).max() < 1e-5


def test_the_embedding_tables_are_plain_arrays_over_the_file(encoder):
    table = encoder._weights["embeddings.word_embeddings.weight"]
    assert type(table) is np.ndarray and not table.flags.writeable and not table.flags.owndata


def test_the_layers_run_on_one_thread_without_a_pool(encoder):
    # A Rasa server forks its workers after loading the model: a session
    # with threads of its own would not survive the fork, and a served
    # message's products are too small to share out.
    options = encoder._layers.get_session_options()
    assert options.intra_op_num_threads == 1 and options.inter_op_num_threads == 1
    threads = len(os.listdir("/proc/self/task"))  # the process's threads, native ones too
    fresh = sentence_encoder.SentenceEncoder()  # a pool would start with its session
    fresh.encode(["does it hurt?"])
    assert len(os.listdir("/proc/self/task")) == threads
