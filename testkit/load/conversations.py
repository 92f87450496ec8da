"""What the simulated visitors say: the three kinds of conversation, 10+ turns each.

The turns are those of tests/test_conversations.py and tests/stories/, so each
script walks a real path: FAQ answers, the whole screening ending in the
booking link, and a handoff with contact details after which the bot steps back.
"""
from __future__ import annotations

import uuid
from typing import List, Tuple

from clinic_assistant.clinic_config import current as clinic

SCREENING_ITEMS = clinic().screening_items

FAQ = [
    "hi", "does it hurt?", "what's the downtime", "how many sessions do I need", "when will I see results",
    "how much does it cost", "what are your opening hours", "is it safe", "how should I prepare for it",
    "how do I look after my skin afterwards", "thanks, bye",
]
SCREENING = [
    "does it hurt?", "am I a good candidate for microneedling?",
    *["no"] * (len(SCREENING_ITEMS) - 1), "nope", "book a consultation",
]
HANDOFF = [
    "hello", "what are your opening hours", "how much does it cost", "is it safe",
    "can I talk to a real person please", "yes, it's jane@example.com", "how much does it cost?",
    "when will I see results", "thanks", "are you still there?",
]
SCRIPTS = {"faq": FAQ, "screening": SCREENING, "handoff": HANDOFF}

# The static reply of ActionFailurePolicy (domain.yml utter_action_failed).
ACTION_FAILED = "something went wrong on my side"
# Replies that only a working action server produces (components.policies.ConversationPolicy
# sends every turn to action_respond): the screening's outcome and FAQ answers.
ACTION_ANSWERS = tuple(item["question"] for item in SCREENING_ITEMS) + (
    "Nothing you told me rules it out", "Nothing in your answers to these questions rules it out", "numbing cream",
    "Is there anything else you'd like to ask?",
)


def conversations(count: int) -> List[Tuple[str, List[str]]]:
    """`count` (sender id, script) pairs, the three kinds in turn."""
    kinds = list(SCRIPTS)
    return [(f"load-{kinds[n % 3]}-{uuid.uuid4().hex[:12]}", SCRIPTS[kinds[n % 3]]) for n in range(count)]
