"""How screening items map onto Rasa slots, and the answers an item can have.

Only these flags are stored for a screening answer, never the visitor's words.
"""
from enum import Enum


class Answer(str, Enum):
    YES = "yes"
    NO = "no"
    UNSURE = "unsure"
    UNKNOWN = "unknown"  # could not read it


SCREENING_ANSWERS = (Answer.YES.value, Answer.NO.value, Answer.UNSURE.value)
FLAGGED = (Answer.YES.value, Answer.UNSURE.value)
SLOT_PREFIX = "screen_"


def slot_name(item_id: str) -> str:
    return f"{SLOT_PREFIX}{item_id}"


def item_id(slot: str) -> str:
    return slot[len(SLOT_PREFIX):]
