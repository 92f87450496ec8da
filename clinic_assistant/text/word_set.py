"""A large, fixed set of words, for membership tests only, in about a tenth
of a frozenset's memory.

A frozenset of the 120,000 English word forms held 19 MB in every Rasa
server process (a string object and a hash slot per word); the same words as
one newline-joined string per three-letter prefix take under 2 MB, and a
look-up is one dictionary access and a substring search in a string of a few
dozen words (docs/performance.md, "Smaller stores").
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

_PREFIX = 3


class WordSet:
    """`word in words` for words without a newline; nothing else is needed of it."""

    __slots__ = ("_buckets", "_size")

    def __init__(self, words: Iterable[str]):
        grouped: dict[str, list[str]] = defaultdict(list)
        for word in set(words):
            if "\n" in word:
                raise ValueError(f"a word with a newline cannot be stored: {word!r}")
            grouped[word[:_PREFIX]].append(word)
        self._buckets = {prefix: "\n" + "\n".join(sorted(group)) + "\n" for prefix, group in grouped.items()}
        self._size = sum(len(group) for group in grouped.values())

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or "\n" in word:
            return False
        bucket = self._buckets.get(word[:_PREFIX])
        return bucket is not None and f"\n{word}\n" in bucket

    def __len__(self) -> int:
        return self._size
