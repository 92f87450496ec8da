"""The free blocks of Python's small-object allocator taken before a fork.

CPython puts an object of up to 512 bytes in a free block of a partly used
pool of its size before it opens a new pool. After the model is loaded, the
Rasa server's first process has thousands of free blocks (the temporaries of
loading and of the warm-up turns, freed: 4.4 MB, 54,000 of them of 64 bytes
alone) scattered over the pages that hold the model's objects. Each Sanic
worker forked from it put its own objects (trackers, requests) there, and the
kernel copied a 4 KiB page of the model for each page it wrote to. `take_free_blocks()` fills them with
objects this process keeps and nobody touches again, so the workers' objects
go to pools of their own (docs/performance.md, "What grew while serving").
"""
from __future__ import annotations

import os
import re
import sys
import tempfile
from typing import List, Tuple

# `sys._debugmallocstats()`'s table: class, block size, pools, blocks in use, free blocks in those pools.
_SIZE_CLASS_ROW = re.compile(r"^\s*\d+\s+(\d+)\s+\d+\s+\d+\s+(\d+)\s*$", re.MULTILINE)

_OBJECT_SIZE = sys.getsizeof(object())  # 16: the smallest block
_EMPTY_BYTES_SIZE = sys.getsizeof(b"")  # 33: bytes of n take 33 + n

_taken: List[object] = []


def free_blocks() -> List[Tuple[int, int]]:
    """(block size, free blocks in partly used pools) per size class, from
    CPython's allocator statistics, which it writes to the C stderr."""
    saved_stderr = os.dup(2)
    try:
        with tempfile.TemporaryFile("w+") as statistics:
            os.dup2(statistics.fileno(), 2)
            try:
                sys._debugmallocstats()
            finally:
                os.dup2(saved_stderr, 2)
            statistics.seek(0)
            text = statistics.read()
    finally:
        os.close(saved_stderr)
    return [(int(size), int(count)) for size, count in _SIZE_CLASS_ROW.findall(text)]


def _filler(block_size: int, number: int) -> object:
    """An object that takes one block of this size (16, 32, 48, ... 512 bytes)."""
    if block_size == _OBJECT_SIZE:
        return object()
    if block_size < _EMPTY_BYTES_SIZE:  # 32: an int above the cached small ones, 28 bytes
        return (1 << 20) + number
    return bytes(block_size - _EMPTY_BYTES_SIZE)


def take_free_blocks() -> int:
    """Fills the free blocks of every partly used pool; returns how many."""
    before = len(_taken)
    _taken.extend(_filler(size, number) for size, count in free_blocks() for number in range(count))
    return len(_taken) - before
