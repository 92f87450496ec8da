"""The cross-validation's folds (testkit/eval_nlu.py): an example keeps its
fold whatever else is added, so two candidates are compared on the same
held-out examples."""
from __future__ import annotations

from collections import Counter

from testkit.eval_nlu import compare, stable_folds

TEXTS = [f"how much is it for area {n}" for n in range(500)]


def test_an_example_keeps_its_fold_when_others_are_added_before_it():
    before = dict(zip(TEXTS, stable_folds(TEXTS, 5)))
    added = ["is 60 too old", "my mum is 70, can she have it"] + TEXTS
    after = dict(zip(added, stable_folds(added, 5)))
    assert all(after[text] == fold for text, fold in before.items())
    # Spread over every fold, about evenly.
    assert sorted(Counter(before.values())) == [0, 1, 2, 3, 4]
    assert min(Counter(before.values()).values()) > 500 / 5 * 0.7


def test_the_same_text_twice_shares_its_fold():
    assert stable_folds(["does it hurt", "does it hurt"], 5)[0] == stable_folds(["does it hurt"], 5)[0]


def _report(rows):
    return {"cv": {"out_of_fold": [{"text": t, "expected": e, "final": f, "pool": p} for t, e, f, p in rows]}}


def test_two_cross_validations_are_compared_on_the_examples_both_have():
    before = _report([("a", "ask_cost", "ask_cost", False), ("b", "ask_pain", "ask_cost", True),
                      ("c", "request_human", "request_human", False)])
    after = _report([("a", "ask_cost", "ask_cost", False), ("b", "ask_pain", "ask_pain", True),
                     ("c", "request_human", "ask_cost", False), ("new", "ask_pain", "ask_pain", True)])
    text = compare(before, after)
    assert "Examples in both: 3 (only before: 0, only after: 1)" in text
    assert "| all (3) | before | 0.667 |" in text and "| all (3) | after | 0.667 |" in text
    assert "| real pool (1) | before | 0.000 |" in text and "| real pool (1) | after | 1.000 |" in text
    assert "Predictions changed: 2; right after minus right before: +0" in text
