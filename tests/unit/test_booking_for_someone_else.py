"""A booking for someone else who has a screening item (stop 40)."""
from __future__ import annotations

import pytest

from actions.screening.actions import books_for_someone_else

THINNER = {"general": ["bleeding"]}


@pytest.mark.parametrize("text, who", [
    ("can i book my mum in? shes 70 and on blood thinners", "mum"),
    ("i want to book my husband in, he takes warfarin", "husband"),
])
def test_their_item_told(text, who):
    assert books_for_someone_else(text, THINNER) == who


@pytest.mark.parametrize("text, reading", [
    ("can i book, my friend said its fine while on blood thinners", THINNER),  # nothing told of her
    ("can i book my mum in? shes 70", {}),  # no item of hers
    ("can i book my mum in? i take warfarin", {"findings": [{"item": "bleeding", "answer": "yes"}], "general": ["bleeding"]}),
])
def test_not_their_item(text, reading):
    assert books_for_someone_else(text, reading) is None
