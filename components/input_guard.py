"""First NLU step: make every message plain text for the classifier.

Rasa reads a message starting with `/` as `/intent{"entity": value}` and skips
NLU (RegexMessageHandler, the last node of the NLU graph). A visitor must not
be able to pick an intent or fill a slot that way (docs/design.md §4), so leading
slashes are removed here, before RegexMessageHandler sees the text. Text is
also normalised (NFKC, invisible characters, homoglyphs) the same way for
training and prediction, and cut to the length limit; a message of emoji
alone becomes the word it stands for. The tracker still stores the
visitor's original message.
"""
from __future__ import annotations

import re
from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic_assistant.limits import MAX_MESSAGE_CHARS
from clinic_assistant.safety.normalize import normalise
from clinic_assistant.text.emoji import emoji_as_word
from components.stateless import StatelessComponent

# The whole normalised message, kept for the safety check (which must see
# everything, not just what the classifier reads).
FULL_TEXT = "guarded_full_text"
_LEADING_SLASHES = re.compile(r"^[\s/\\]+")
# What the classifier reads for a message with nothing visible in it. With no
# text at all, the featurizers give no regex features and the classifier
# fails on the feature count, which would silence the turn; the input policy
# answers an empty message from the tracker's own text either way.
EMPTY_STAND_IN = "?"


# HTML pasted or typed ("<b>how much</b>", "<script>alert(1)</script> does
# it hurt?"): the widget shows it as text, and the question is read without
# the markup (stop 44: both were out of scope). Bounded, so linear in the text.
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b[^<>]{0,300}>.{0,2000}?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]{0,15}(?:\s[^<>]{0,300})?/?>")


def guard_text(text: str) -> str:
    plain = _TAG.sub(" ", _SCRIPT_OR_STYLE.sub(" ", text or "")) if "<" in (text or "") else text or ""
    return _LEADING_SLASHES.sub("", normalise(plain))


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False
)
class InputGuard(StatelessComponent):
    def _guard(self, message: Message) -> None:
        text = message.get(TEXT)
        if text is None:
            return
        full = guard_text(text)
        message.set(FULL_TEXT, full)
        # "👍" alone reads as "ok" (clinic_assistant/text/emoji.py).
        message.set(TEXT, emoji_as_word(full) or full[:MAX_MESSAGE_CHARS] or EMPTY_STAND_IN)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            self._guard(example)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._guard(message)
        return messages
