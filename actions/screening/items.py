"""How screening items map onto Rasa slots.

Only these flags are stored for a screening answer, never the visitor's words.
"""
SCREENING_ANSWERS = ("yes", "no", "unsure")
SLOT_PREFIX = "screen_"


def slot_name(item_id: str) -> str:
    return f"{SLOT_PREFIX}{item_id}"


def item_id(slot: str) -> str:
    return slot[len(SLOT_PREFIX):]
