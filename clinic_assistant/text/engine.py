"""Tokens, fuzzy spelling, negation and clause scope for the rule-based readers.

Both readers (red flags, clinic_assistant/safety/red_flags.py; disclosures,
clinic_assistant/screening/reader.py) take the same view of a visitor's words:

- a doubled letter is the commonest typo, so words are compared squeezed
  ("swollen" ~ "swolen", "accutane" ~ "acutane");
- a misspelling is bent towards a keyword only when it is an edit or two away
  and is not itself an English word ("smelling" is not "swelling");
- clauses end at the same breaks, and a negation reaches only inside its
  clause (the words are in data/lexicon/scope.yml).

How far a negation reaches differs by reader and is a parameter here: the
red-flag rules look a few words back and stop at a new subject ("no, my lips
are swelling"); the disclosure reader hands its negation words to medspaCy's
ConText, which reads a whole clause ("I don't take warfarin or aspirin").
"""
from __future__ import annotations

import re
from typing import Generic, Iterable, Iterator, Mapping, Sequence, TypeVar

from clinic_assistant.safety.normalize import within_edits
from clinic_assistant.text.vocabulary import LEXICON, Vocabulary
from clinic_assistant.text.word_tables import english_words

_SCOPE = Vocabulary(LEXICON / "scope.yml", ("negation", "clause_breaks"))
NEGATION = frozenset(_SCOPE.words("negation"))
CLAUSE_BREAKS = frozenset(_SCOPE.words("clause_breaks"))

_RUNS = re.compile(r"(.)\1+")


def squeeze(word: str) -> str:
    """'swollen' -> 'swolen': doubled letters are the commonest typo."""
    return _RUNS.sub(r"\1", word)


def _close(target: str, squeezed: str) -> bool:
    """Within the edits a keyword of this length tolerates: two from eight
    letters, one below, and for four letters only a swapped pair ("fcae")."""
    if len(target) == 4:
        return len(squeezed) == 4 and sorted(target) == sorted(squeezed) and within_edits(target, squeezed, 1)
    return within_edits(target, squeezed, 2 if len(target) >= 8 else 1)


V = TypeVar("V")


class Spelling(Generic[V]):
    """Known spellings of some keywords, each standing for a value (its
    canonical form, a screening item...), and the misspellings read as them.

    `forms`: spelling -> value; where two squeeze alike, the first stands.
    `fuzzy`: the spellings a misspelling may be bent towards (default all).
    `aliases`: misspellings no edit-distance rule reaches ("pian", "retinal").
    `min_length`: shorter words (squeezed) are never bent."""

    def __init__(
        self,
        forms: Mapping[str, V],
        *,
        min_length: int,
        fuzzy: Iterable[str] | None = None,
        aliases: Mapping[str, V] | None = None,
    ):
        self._exact: dict[str, V] = {}
        for form, value in forms.items():
            self._exact.setdefault(squeeze(form), value)
        self._aliases = dict(aliases or {})
        self._min_length = min_length
        # By first letter, so an unknown word is compared with a handful of keywords.
        self._by_initial: dict[str, list[str]] = {}
        for target in sorted({squeeze(form) for form in (forms if fuzzy is None else fuzzy)}):
            if target not in self._exact:
                raise ValueError(f"fuzzy keyword {target!r} is not a known spelling")
            self._by_initial.setdefault(target[0], []).append(target)

    def exact(self, word: str) -> V | None:
        """The value of a word spelt as a keyword, doubled letters aside."""
        return self._exact.get(squeeze(word))

    def find(self, word: str, *, real_words: bool = False) -> V | None:
        """The value a word (or a misspelling of it) stands for, else None.
        `real_words`: also bend English words (two words written as one,
        "chemo therapy" read "chemotherapy")."""
        if word in self._aliases:
            return self._aliases[word]
        squeezed = squeeze(word)
        if squeezed in self._exact:
            return self._exact[squeezed]
        if len(squeezed) < self._min_length or not word.isalpha() or (not real_words and word in english_words()):
            return None
        for target in self._by_initial.get(squeezed[0], ()):
            if _close(target, squeezed):
                return self._exact[target]
        return None


def clause_spans(words: Sequence[str]) -> list[tuple[int, int]]:
    """(start, end) of each clause: the stretches between clause breaks."""
    spans, start = [], 0
    for i, word in enumerate(words):
        if word in CLAUSE_BREAKS:
            if i > start:
                spans.append((start, i))
            start = i + 1
    if start < len(words):
        spans.append((start, len(words)))
    return spans


def back(words: Sequence[str], start: int, reach: int, stop: frozenset[str]) -> Iterator[tuple[int, str]]:
    """The words before `start`, nearest first, until a stop word or `reach` words."""
    for j in range(start - 1, max(-1, start - 1 - reach), -1):
        if words[j] in stop:
            return
        yield j, words[j]


def negated(
    words: Sequence[str], start: int, end: int, *, reach: int, stop: frozenset[str], negation: frozenset[str] = NEGATION
) -> bool:
    """A negation up to `reach` words before words[start:end+1] (not past a
    stop word), or inside it ("my face isn't swollen")."""
    before = any(word in negation for _, word in back(words, start, reach, stop))
    return before or any(word in negation for word in words[start + 1:end])
