"""OpenBLAS's AVX-512 kernels on a CPU that has AVX-512 but is not picked for them.

NumPy 1.23's wheel (the NumPy Rasa 3.6 allows) bundles OpenBLAS 0.3.20,
which picks its kernels by CPU model: an AMD Zen 4, this machine's CPU, gets
the Haswell (AVX2) kernels although it has AVX-512, and later OpenBLAS
releases give it the SkylakeX ones. The sentence encoder's matrix products
for a message of more than a few word pieces run about 0.75× as long on
those (docs/performance.md). OPENBLAS_CORETYPE chooses the kernels, and
OpenBLAS reads it once, when NumPy loads it: `prefer_avx512` must run first.
A CPU without every AVX-512 subset those kernels use keeps OpenBLAS's choice,
and so does a value already set.
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
