"""Large, fixed word lists for look-ups only, in a tenth of the memory of a
frozenset or dict of strings.

A frozenset of the 114,440 English word forms, or spaCy's table of 41,582
lemmas, holds a string object and a hash slot per word in every Rasa server
process; and in a forked worker each look-up writes the found string's
reference count, copying its page. Here the words are joined into one string
per three-letter prefix, with ASCII's record separator between entries and
its unit separator between a word and its value (characters no table holds):
a look-up is one dictionary access and a substring search in a string of a
few dozen words, and touches one string (docs/performance.md, "Smaller
stores").
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Mapping

_PREFIX = 3
_RECORD, _UNIT = "\x1e", "\x1f"


def _usable(word: object) -> bool:
    return isinstance(word, str) and _RECORD not in word and _UNIT not in word


def _buckets(lines: Iterable[tuple[str, str]]) -> dict[str, str]:
    """{prefix: RECORD line RECORD line RECORD} of (key, line) pairs, one line per distinct key."""
    grouped: dict[str, dict[str, str]] = defaultdict(dict)
    for key, line in lines:
        grouped[key[:_PREFIX]][key] = line
    return {prefix: _RECORD + _RECORD.join(group[key] for key in sorted(group)) + _RECORD for prefix, group in grouped.items()}


def _refuse(word: object) -> None:
    if not _usable(word):
        raise ValueError(f"only strings without ASCII record or unit separators can be stored: {word!r}")


class _Compact:
    __slots__ = ("_buckets", "_size")

    def to_json(self) -> dict:
        return {"buckets": self._buckets, "size": self._size}

    @classmethod
    def from_json(cls, stored: Mapping) -> "_Compact":
        made = cls.__new__(cls)
        made._buckets, made._size = dict(stored["buckets"]), int(stored["size"])
        return made

    def __len__(self) -> int:
        return self._size


class WordSet(_Compact):
    """`word in words`; nothing else is needed of it."""

    __slots__ = ()

    def __init__(self, words: Iterable[str]):
        words = set(words)
        for word in words:
            _refuse(word)
        self._buckets = _buckets((word, word) for word in words)
        self._size = len(words)

    def __contains__(self, word: object) -> bool:
        if not _usable(word):
            return False
        bucket = self._buckets.get(word[:_PREFIX])
        return bucket is not None and f"{_RECORD}{word}{_RECORD}" in bucket


class WordMap(_Compact):
    """`words.get(word, default)` from one word to another."""

    __slots__ = ()

    def __init__(self, mapping: Mapping[str, str]):
        for key, value in mapping.items():
            _refuse(key)
            _refuse(value)
        self._buckets = _buckets((key, f"{key}{_UNIT}{value}") for key, value in mapping.items())
        self._size = len(mapping)

    def get(self, word: str, default: str | None = None) -> str | None:
        if not _usable(word):
            return default
        bucket = self._buckets.get(word[:_PREFIX])
        if bucket is None:
            return default
        start = bucket.find(f"{_RECORD}{word}{_UNIT}")
        if start < 0:
            return default
        start += len(word) + 2
        return bucket[start:bucket.index(_RECORD, start)]
