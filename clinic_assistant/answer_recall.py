"""The sentence of an earlier answer that a follow-up question asks about.

"how long is the downtime?", then "how long will i be red?": the answer
just given already says it ("Expect redness like a mild sunburn ... settles
within 24 to 72 hours"). Pasting the whole paragraph again reads as if the
question was not heard; pointing at it without saying which part leaves the
visitor to search. The first sentence that holds every word the question
asks about (compared by their beginnings: "red" and "redness") is given
back; a sentence sharing only some of them would answer something else.
"""
from __future__ import annotations

import re
from typing import List, Optional

from clinic_assistant.text.stop_words import STOP_WORDS

# Words of asking that every question shares with many answers.
_ASKING = {"long", "much", "many", "usually", "normal", "ok", "okay", "get", "happen", "expect", "really", "exactly", "tell",
           "know", "need", "want", "like", "mean", "will", "would", "could", "should", "can", "do", "does", "did", "is", "it",
           "cause", "wear", "use", "look", "feel", "worth", "fix", "help", "work", "bad", "good", "best", "better", "worse",
           "actually", "still", "though", "tho", "sorry", "thanks", "hmm", "what", "about"}
_WORD = re.compile(r"[a-z]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
_SHORTEST = 3


def _words(text: str) -> List[str]:
    return [word for word in _WORD.findall(text.lower().replace("-", ""))  # "make-up" as "makeup"
            if len(word) >= _SHORTEST and word not in STOP_WORDS and word not in _ASKING]


def _same_word(one: str, other: str) -> bool:
    short, long_ = sorted((one, other), key=len)
    return long_.startswith(short[:5]) if len(short) >= 4 else long_.startswith(short) and len(long_) - len(short) <= 4


def sentence_answering(question: str, answer: str) -> Optional[str]:
    """The first sentence of `answer` that holds every word the question
    asks about; None when none does ("and dark circles?" shares "dark" with
    a sentence on darker skin, which would mislead)."""
    asked = set(_words(question))
    if not asked:
        return None
    for sentence in _SENTENCE_END.split(answer.strip()):
        words = _words(sentence)
        if all(any(_same_word(word, other) for other in words) for word in asked):
            return sentence
    return None
