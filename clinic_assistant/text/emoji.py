"""A message of emoji alone, read as the word it stands for.

"👍" after the price, "🙏" after a handoff, "😬" after the downtime: with
no word for the classifier, every emoji had read as the same guess (a
greeting, 0.35) and got "Hi! I'm the Willow Skin Clinic assistant" again.
The classifier reads the word instead (components/input_guard.py); the
conversation keeps the emoji. Emoji beside words are left to the words.
"""
from __future__ import annotations

import re
from typing import Optional

# The word each emoji stands for, in a visitor's reply.
_WORDS = {
    "ok": "👍👌✅🙂😊☺👏💯🆗🤙✔",
    "thanks": "🙏❤💕🥰😍💖♥🤗💗😘💓🫶",
    "lol": "😂🤣😆😅😄😁😹",
    "no": "👎❌🙅🚫",
    "hi": "👋",
    # Unsure, uneasy or upset: a pause to be asked about (clinic_assistant/worry.py).
    "hmm": "🤔😬😟😰😨😭😢🥺😳😕🙁☹😐😶😮😯😲🫣😩😫🫤",
}
_WORD_OF = {emoji: word for word, emojis in _WORDS.items() for emoji in emojis}
# Skin tones and the variation selector change no meaning.
_MODIFIERS = re.compile("[\U0001F3FB-\U0001F3FF\uFE0F\u200D\\s.!?,]")


def emoji_as_word(text: str) -> Optional[str]:
    """The word of a message made only of known emoji (the first one's), else None."""
    emojis = _MODIFIERS.sub("", text or "")
    if not emojis or any(emoji not in _WORD_OF for emoji in emojis):
        return None
    return _WORD_OF[emojis[0]]
