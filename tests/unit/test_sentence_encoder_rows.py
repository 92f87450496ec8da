"""The encoder's arithmetic (components/sentence_encoder.py: one row at a
time for short messages, a matrix product for longer batches, the mask left
out when nothing is padded) gives the embeddings of the straightforward
BERT forward pass it replaced, to float32 rounding: the trained model and the
NLU figures do not move."""
from __future__ import annotations

import math

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
    # Alone, as a served message is: row by row up to ROW_BY_ROW word pieces,
    # a matrix product beyond (the two long sentences).
    lengths = [len(encoder._tokenizer.encode(text).ids) for text in SENTENCES]
    assert min(lengths) <= sentence_encoder.ROW_BY_ROW < max(lengths)
    for text in SENTENCES:
        assert np.abs(encoder.encode([text]) - reference_embeddings(encoder, [text])).max() < 1e-5, text


def test_a_padded_batch_matches_the_reference(encoder):
    assert np.abs(encoder.encode(SENTENCES) - reference_embeddings(encoder, SENTENCES)).max() < 1e-5


def test_erf_matches_scipy_to_float32_rounding():
    # Over the range a GELU sees and beyond, where erf saturates at ±1.
    z = np.concatenate([np.linspace(-12, 12, 200_001, dtype=np.float32), np.float32([0.0, -0.0, 1e-8, -1e-8])])
    got = sentence_encoder._erf(z)
    assert got.dtype == np.float32
    # The formula's 1.5e-7, plus float32 rounding of 1 - (a number near 1) for small z.
    assert np.abs(got.astype(np.float64) - erf(z.astype(np.float64))).max() < 6e-7


def test_both_ways_of_a_dense_layer_agree_at_the_boundary(encoder):
    rng = np.random.default_rng(7)
    weights = encoder._layers[0]
    for rows in (1, sentence_encoder.ROW_BY_ROW, sentence_encoder.ROW_BY_ROW + 1):
        x = rng.standard_normal((rows, 384), dtype=np.float32)
        expected = x @ weights["intermediate.dense.weight"].T + weights["intermediate.dense.bias"]
        got = sentence_encoder._dense(x, weights, "intermediate.dense")
        assert got.dtype == np.float32 and got.shape == (rows, 1536)
        assert np.abs(got - expected).max() < 1e-4 * np.abs(expected).max()


def test_the_weights_are_plain_arrays_over_the_file(encoder):
    weight = encoder._layers[0]["intermediate.dense.weight"]
    assert type(weight) is np.ndarray and not weight.flags.writeable and not weight.flags.owndata


def test_a_served_message_runs_on_one_blas_thread(encoder, monkeypatch):
    from threadpoolctl import threadpool_info

    seen = []
    original = encoder._encode_batch

    def recording(token_ids):
        seen.append({info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"})
        return original(token_ids)

    monkeypatch.setattr(encoder, "_encode_batch", recording)
    before = {info["filepath"]: info["num_threads"] for info in threadpool_info()}
    encoder.encode(["does it hurt?"])
    assert seen == [{1}]
    # Restored afterwards: training's batches keep every thread.
    assert {info["filepath"]: info["num_threads"] for info in threadpool_info()} == before
