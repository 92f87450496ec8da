"""A booking for someone else who has a screening item (stop 40)."""
from __future__ import annotations

import pytest

from actions.screening.actions import someone_elses_item, someone_elses_item_before

THINNER = {"general": ["bleeding"]}


@pytest.mark.parametrize("text, who", [
    ("can i book my mum in? shes 70 and on blood thinners", "mum"),
    ("i want to book my husband in, he takes warfarin", "husband"),
])
def test_their_item_told(text, who):
    assert someone_elses_item(text, THINNER) == who


@pytest.mark.parametrize("text, reading", [
    ("can i book, my friend said its fine while on blood thinners", THINNER),  # nothing told of her
    ("can i book my mum in? shes 70", {}),  # no item of hers
    ("can i book my mum in? i take warfarin", {"findings": [{"item": "bleeding", "answer": "yes"}], "general": ["bleeding"]}),
])
def test_not_their_item(text, reading):
    assert someone_elses_item(text, reading) is None


def _tracker(*messages):
    """Visitor messages, each (text, disclosures), the last one current."""
    from rasa_sdk import Tracker

    events = [{"event": "user", "text": text, "parse_data": {"disclosures": reading}} for text, reading in messages]
    return Tracker("t", {}, events[-1]["parse_data"], events, False, None, {}, "action_listen")


def test_a_booking_for_her_after_her_item_was_told():
    tracker = _tracker(("booking for my mum, she takes warfarin", THINNER), ("how do i book her in", {}))
    assert someone_elses_item_before(tracker, "how do i book her in") == ("mum", THINNER)


@pytest.mark.parametrize("messages, text", [
    ((("booking for my mum, she takes warfarin", THINNER), ("how do i book in", {})), "how do i book in"),  # the visitor's own
    ((("my mum is 70", {}), ("how do i book her in", {})), "how do i book her in"),  # no item of hers told
])
def test_no_item_of_theirs_before(messages, text):
    assert someone_elses_item_before(_tracker(*messages), text) is None
