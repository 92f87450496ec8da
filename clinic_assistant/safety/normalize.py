"""Plain, comparable text for the safety rules, the screening and the classifier.

Visitors (and anyone probing the assistant) write with invisible characters,
look-alike letters from other scripts, curly quotes and odd spacing. Rules
must see the same text however it was typed, so every message goes through
`normalise` first (docs/design.md §4.1). Everything here is a single pass over the
text (`str.translate`, one regex), so it is cheap enough for every message.

The tolerant comparison helpers (`within_edits`, `english_words`) let the
rule-based readers accept "swolen" or "eliqis" without bending real words.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters that render as nothing but split words for a matcher: every
# format character (Unicode category Cf: zero-width space and joiners, bidi
# controls, soft hyphen, word joiner, tag characters...) and the other
# default-ignorable ones (variation selectors, Mongolian free variation
# selectors, Hangul fillers, the combining grapheme joiner).
# Format characters and combining marks outside the first two planes are all
# in plane 14 (U+E0000...), which _IGNORABLE covers whole.
_PLANES_WITH_MARKS = 0x20000
_IGNORABLE = (
    [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0]
    + list(range(0x180B, 0x1810))  # Mongolian free variation selectors, vowel separator
    + list(range(0xFE00, 0xFE10))  # variation selectors (emoji presentation)
    + list(range(0xE0000, 0xE1000))  # tags, variation selectors supplement (U+E0100...)
)
_INVISIBLE = sorted(
    set(_IGNORABLE) | {point for point in range(_PLANES_WITH_MARKS) if unicodedata.category(chr(point)) == "Cf"}
)
# Blank glyphs with the width of a space: read as one.
_BLANKS = {0x2800: " "}  # braille pattern blank

# Lower-case look-alikes (the text is case-folded before this table applies).
_HOMOGLYPHS = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i",
    "ј": "j", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ɡ": "g", "ь": "b",
    # Greek
    "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v",
    "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ς": "s", "σ": "o",
    # Latin look-alikes outside ASCII
    "ı": "i", "ȷ": "j", "ɑ": "a", "ɩ": "i", "ʏ": "y", "ᴀ": "a", "ᴄ": "c", "ᴅ": "d",
    "ᴇ": "e", "ᴋ": "k", "ᴍ": "m", "ᴏ": "o", "ᴘ": "p", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v",
    "ᴡ": "w", "ᴢ": "z", "ʀ": "r", "ɴ": "n", "ʜ": "h", "ʟ": "l", "ɪ": "i", "ꜱ": "s",
}
_PUNCTUATION = {
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'", "ʼ": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
}
# Half of a UTF-16 pair on its own is no character at all (and UTF-8 cannot
# encode it; spaCy's tokenizer raises on it): the replacement character.
_LONE_SURROGATES = {point: "\ufffd" for point in range(0xD800, 0xE000)}
_INVISIBLE_TABLE = {**dict.fromkeys(_INVISIBLE), **_BLANKS, **_LONE_SURROGATES}
_FOLD_TABLE = {ord(k): v for k, v in {**_HOMOGLYPHS, **_PUNCTUATION}.items()}
_SPACES = re.compile(r"\s+")


def has_blanks(text: str) -> bool:
    return any(chr(point) in text for point in _BLANKS)


def drop_blanks(text: str) -> str:
    """`text` with the blank glyphs removed rather than read as spaces
    ("sw\u2800elling" is "swelling" too)."""
    return text.translate(dict.fromkeys(_BLANKS))


def strip_invisible(text: str) -> str:
    """Remove characters that render as nothing (every format character and
    the other default-ignorable ones); a blank glyph becomes a space and a
    lone surrogate the replacement character."""
    return text.translate(_INVISIBLE_TABLE)


def normalise(text: str) -> str:
    """NFKC, invisible characters removed, look-alikes and quotes folded to
    ASCII, case-folded, whitespace collapsed. Idempotent."""
    text = unicodedata.normalize("NFKC", strip_invisible(text))
    text = text.casefold().translate(_FOLD_TABLE)
    return _SPACES.sub(" ", text).strip()


def strip_accents(text: str) -> str:
    """'puś' -> 'pus': drops combining marks (accents, strike-throughs)."""
    if text.isascii():
        return text
    return _combining_marks().sub("", unicodedata.normalize("NFKD", text))


@lru_cache(maxsize=1)
def _combining_marks() -> "re.Pattern[str]":
    """Every character with a combining class, as one character class (one
    regex pass instead of a Python call per character)."""
    return re.compile("[" + _ranges(ch for ch in map(chr, range(_PLANES_WITH_MARKS)) if unicodedata.combining(ch)) + "]")


def _ranges(characters) -> str:
    """A regex character-class body for the (sorted) characters."""
    points = [ord(ch) for ch in characters]
    parts, start = [], None
    for index, point in enumerate(points):
        if start is None:
            start = point
        if index + 1 == len(points) or points[index + 1] != point + 1:
            parts.append(re.escape(chr(start)) + ("-" + re.escape(chr(point)) if point != start else ""))
            start = None
    return "".join(parts)


def within_edits(a: str, b: str, limit: int) -> bool:
    """True when a and b are at most `limit` edits apart (insertions,
    deletions, substitutions and adjacent transpositions, i.e. optimal string
    alignment). Stops as soon as every cell of a row exceeds the limit."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return False
        previous2, previous = previous, current
    return previous[-1] <= limit
