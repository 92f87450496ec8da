"""Plain, comparable text for the safety rules, the screening and the classifier.

Visitors (and anyone probing the assistant) write with invisible characters,
look-alike letters from other scripts, curly quotes and odd spacing. Rules
must see the same text however it was typed, so every message goes through
`normalise` first (CONTRACT §4.1). Everything here is a single pass over the
text (`str.translate`, one regex), so it is cheap enough for every message.

The tolerant comparison helpers (`within_edits`, `english_words`) let the
rule-based readers accept "swolen" or "eliqis" without bending real words.
"""
from __future__ import annotations

import gzip
import json
import re
import unicodedata
from functools import lru_cache

# Zero-width, joiners, bidi controls, soft hyphen, word joiner and friends:
# they render as nothing but split words for a matcher.
_INVISIBLE = (
    [0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFEFF, 0xFFA0]
    + list(range(0x200B, 0x2010))  # ZWSP, ZWNJ, ZWJ, LRM, RLM
    + list(range(0x202A, 0x202F))  # LRE, RLE, PDF, LRO, RLO
    + list(range(0x2060, 0x2065))  # word joiner, invisible operators
    + list(range(0x2066, 0x206A))  # LRI, RLI, FSI, PDI
    + list(range(0xFE00, 0xFE10))  # variation selectors (emoji presentation)
    + list(range(0xE0000, 0xE0080))  # tag characters
)

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
_INVISIBLE_TABLE = dict.fromkeys(_INVISIBLE)
_FOLD_TABLE = {ord(k): v for k, v in {**_HOMOGLYPHS, **_PUNCTUATION}.items()}
_SPACES = re.compile(r"\s+")


def strip_invisible(text: str) -> str:
    """Remove characters that render as nothing (zero-width, bidi, soft hyphen)."""
    return text.translate(_INVISIBLE_TABLE)


def normalise(text: str) -> str:
    """NFKC, invisible characters removed, look-alikes and quotes folded to
    ASCII, case-folded, whitespace collapsed. Idempotent."""
    text = unicodedata.normalize("NFKC", strip_invisible(text))
    text = text.casefold().translate(_FOLD_TABLE)
    return _SPACES.sub(" ", text).strip()


def strip_accents(text: str) -> str:
    """'puś' -> 'pus': drops combining marks (accents, strike-throughs)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


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


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """About 120,000 English word forms (WordNet lemmas and their inflections,
    from spacy-lookups-data). A word in this set is a word, not a typo, so it
    is never bent towards a keyword ("smelling" is not "swelling")."""
    import spacy_lookups_data  # imported here: normalise() itself needs nothing

    def table(name: str):
        with gzip.open(str(spacy_lookups_data.get_file(f"en_{name}.json.gz")), "rt", encoding="utf8") as f:
            return json.load(f)

    lookup = table("lemma_lookup")
    words = set(lookup) | set(lookup.values())
    for lemmas in table("lemma_index").values():
        words.update(lemmas)
    return frozenset(w for w in words if w.isalpha())
