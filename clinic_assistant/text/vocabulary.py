"""Word lists kept as YAML (data/lexicon/), checked when they are loaded.

A reader that silently lost a word list would miss red flags, so a file with
an unknown or missing section, an empty list, a word that is no word or a
phrase given twice is refused at start-up, naming the file and the entry.

Word lists are written as one string of space-separated words ("no not
never"): YAML reads a bare `no` or `off` in a list as false.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable

import yaml

LEXICON = Path(__file__).resolve().parents[2] / "data" / "lexicon"
# What a reader's tokens look like: lower-case letters and digits, or one
# punctuation mark that ends a clause.
_TOKEN = re.compile(r"[a-z0-9]+|[.,;:!?]")
_NAME = re.compile(r"[a-z][a-z_]*")
# libyaml's safe loader where installed: it parses these files at every start.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class VocabularyError(ValueError):
    """A vocabulary file the readers must not start with."""


class Vocabulary:
    """One parsed file; each accessor validates the section it returns."""

    def __init__(self, path: Path, sections: Iterable[str]):
        self.path = path
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
        except (OSError, yaml.YAMLError) as error:
            raise VocabularyError(f"{path}: cannot be read: {error}") from error
        if not isinstance(data, dict):
            raise VocabularyError(f"{path}: expected a mapping of sections")
        expected = set(sections)
        unknown, missing = set(data) - expected, expected - set(data)
        if unknown or missing:
            raise VocabularyError(
                f"{path}: unknown sections {sorted(map(str, unknown))}, missing sections {sorted(missing)}"
            )
        self._data = data

    def fail(self, entry: str, problem: str) -> VocabularyError:
        return VocabularyError(f"{self.path}: {entry}: {problem}")

    def _mapping(self, section: str) -> dict[str, Any]:
        value = self._data[section]
        if not isinstance(value, dict) or not value:
            raise self.fail(section, "expected a non-empty mapping")
        for key in value:
            if not isinstance(key, str):
                raise self.fail(f"{section}.{key!r}", "a key must be a string (quote yes/no/on/off)")
        return value

    def _word_list(self, entry: str, value: Any) -> tuple[str, ...]:
        if not isinstance(value, str) or not value.split():
            raise self.fail(entry, "expected a non-empty string of space-separated words")
        words = tuple(value.split())
        for word in words:
            if not _TOKEN.fullmatch(word):
                raise self.fail(entry, f"{word!r} is not a lower-case word")
        return words

    def words(self, section: str) -> tuple[str, ...]:
        return self._word_list(section, self._data[section])

    def word_sets(self, section: str, names: Iterable[str] | None = None) -> dict[str, frozenset[str]]:
        """name -> words; with `names`, exactly those names."""
        mapping = self._mapping(section)
        if names is not None and set(mapping) != set(names):
            raise self.fail(section, f"unknown {sorted(set(mapping) - set(names))}, missing {sorted(set(names) - set(mapping))}")
        return {name: frozenset(self._word_list(f"{section}.{name}", words)) for name, words in mapping.items()}

    def table(self, section: str) -> dict[str, str]:
        """word -> word."""
        mapping = self._mapping(section)
        for key, value in mapping.items():
            self._word_list(f"{section}.{key}", key)
            if not isinstance(value, str) or not _TOKEN.fullmatch(value):
                raise self.fail(f"{section}.{key}", f"{value!r} is not a lower-case word")
        return dict(mapping)

    def phrases(self, section: str, into: dict[tuple[str, ...], str] | None = None) -> dict[tuple[str, ...], str]:
        """token -> list of phrases, read as phrase (a tuple of words) -> token.
        A phrase of one word, or one already in `into`, is refused."""
        out = dict(into or {})
        for token, phrases in self._mapping(section).items():
            entry = f"{section}.{token}"
            self._word_list(entry, token)
            if not isinstance(phrases, list) or not phrases:
                raise self.fail(entry, "expected a non-empty list of phrases")
            for phrase in phrases:
                words = self._word_list(entry, phrase)
                self._add_phrase(out, words, token, entry)
        return out

    def phrase_products(self, section: str, into: dict[tuple[str, ...], str]) -> dict[tuple[str, ...], str]:
        """token -> {first: words, then: [phrases]}: every first word followed
        by every phrase ("not" + "going down", "wont" + "stop"...)."""
        out = dict(into)
        for token, spec in self._mapping(section).items():
            entry = f"{section}.{token}"
            if not isinstance(spec, dict) or set(spec) != {"first", "then"}:
                raise self.fail(entry, "expected exactly the keys first and then")
            firsts = self._word_list(f"{entry}.first", spec["first"])
            if not isinstance(spec["then"], list) or not spec["then"]:
                raise self.fail(f"{entry}.then", "expected a non-empty list of phrases")
            for tail in spec["then"]:
                words = self._word_list(f"{entry}.then", tail)
                for first in firsts:
                    self._add_phrase(out, (first, *words), token, entry)
        return out

    def _add_phrase(self, out: dict[tuple[str, ...], str], words: tuple[str, ...], token: str, entry: str) -> None:
        if len(words) < 2:
            raise self.fail(entry, f"{' '.join(words)!r} is one word, not a phrase")
        if words in out:
            raise self.fail(entry, f"{' '.join(words)!r} is already read as {out[words]!r}")
        out[words] = token

    def pattern(self, section: str) -> re.Pattern:
        """{words: [...], symbols: [...]}: one regular expression, `words`
        alternatives matched as whole words, `symbols` anywhere."""
        spec = self._mapping(section)
        if "words" not in spec or not set(spec) <= {"words", "symbols"}:
            raise self.fail(section, "expected the key words, and symbols if any")
        for key, alternatives in spec.items():
            if not isinstance(alternatives, list) or not alternatives or not all(isinstance(a, str) and a for a in alternatives):
                raise self.fail(f"{section}.{key}", "expected a non-empty list of regular expressions")
        source = "|".join([rf"\b({'|'.join(spec['words'])})\b", *spec.get("symbols", [])])
        try:
            return re.compile(source)
        except re.error as error:
            raise self.fail(section, f"not a regular expression: {error}") from error

    def records(self, section: str, fields: dict[str, Iterable[str] | None]) -> dict[str, dict[str, str]]:
        """key -> {field: value}: each field given, each value one of
        `fields[field]` or, where that is None, a lower-case name."""
        out = {}
        for key, record in self._mapping(section).items():
            entry = f"{section}.{key}"
            if not isinstance(record, dict) or set(record) != set(fields):
                raise self.fail(entry, f"expected exactly the keys {sorted(fields)}")
            for name, allowed in fields.items():
                value = record[name]
                if allowed is None and not (isinstance(value, str) and _NAME.fullmatch(value)):
                    raise self.fail(f"{entry}.{name}", f"{value!r} is not a lower-case name")
                if allowed is not None and value not in set(allowed):
                    raise self.fail(f"{entry}.{name}", f"{value!r} is not one of {sorted(allowed)}")
            out[key] = dict(record)
        return out
