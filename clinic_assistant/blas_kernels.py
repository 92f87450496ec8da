"""OpenBLAS's AVX-512 kernels on a CPU that has AVX-512 but is not picked for them.

NumPy 1.23's wheel (the NumPy Rasa 3.6 allows) bundles OpenBLAS 0.3.20,
which picks its kernels by CPU model: an AMD Zen 4, this machine's CPU, gets
the Haswell (AVX2) kernels although it has AVX-512, and later OpenBLAS
releases give it the SkylakeX ones. NumPy's matrix products (the off-topic
guard's likeness to the training examples; the sentence encoder's, until its
layers moved to ONNX Runtime) run about 0.75× as long on those
(docs/performance.md). OPENBLAS_CORETYPE chooses the kernels, and
OpenBLAS reads it once, when NumPy loads it: `prefer_avx512` must run first.
A CPU without every AVX-512 subset those kernels use keeps OpenBLAS's choice,
and so does a value already set.

A served Rasa process also runs OpenBLAS on one thread (`for_serving`). It
has a worker per core, and a message's products are small: split over
OpenBLAS's threads they cost more in hand-over than they save, and the idle
thread then spins for its next task, taking a core from the other
conversations. The sentence encoder once limited itself to one thread,
but the next product added outside it (the off-topic guard's likeness to
6,000 training examples) doubled the CPU of a turn (docs/performance.md),
so the whole process is set.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import MutableMapping, Optional

# What OpenBLAS's SkylakeX kernels execute.
AVX512_FLAGS = frozenset({"avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"})


def core_type(cpuinfo: str) -> Optional[str]:
    for line in cpuinfo.splitlines():
        name, _, value = line.partition(":")
        if name.strip() == "flags":
            return "SkylakeX" if AVX512_FLAGS <= set(value.split()) else None
    return None


def prefer_avx512(environ: MutableMapping[str, str] = os.environ, cpuinfo: Path = Path("/proc/cpuinfo")) -> None:
    if "OPENBLAS_CORETYPE" in environ:
        return
    try:
        kind = core_type(cpuinfo.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return
    if kind is not None:
        environ["OPENBLAS_CORETYPE"] = kind


def for_serving(environ: MutableMapping[str, str] = os.environ, cpuinfo: Path = Path("/proc/cpuinfo")) -> None:
    """OpenBLAS's kernels and one thread, unless already set; before NumPy loads."""
    prefer_avx512(environ, cpuinfo)
    environ.setdefault("OPENBLAS_NUM_THREADS", "1")
