"""Intent quality on real visitors' questions (issue 12).

The real-question test set (tests/nlu/real_test.tsv) is split from the training
pool (data/nlu/real_pool.yml) by source site; docs/nlu-labelling.md has the
rules. The bars are parsed by the trained model, models/current.tar.gz (made by
`make model` / `make test`), through the whole NLU pipeline; a prediction of
`nlu_fallback` (the clarifying question) is a miss. `make eval` gives the full
figures (testkit/eval_nlu.py).
"""
from __future__ import annotations

import glob
import json
import re
from pathlib import Path

import pytest
import yaml

from testkit.eval_nlu import (
    CRITICAL,
    MIN_CRITICAL_RECALL,
    MIN_HANDWRITTEN_ACCURACY,
    MIN_OOS_RECALL,
    MIN_REAL_ACCURACY,
    MODEL,
    evaluate_set,
    load_pool_sites,
    load_real_test,
    parse_all,
    site_split,
)
from testkit.nlu_test_set import load_test_examples

ROOT = Path(__file__).resolve().parents[1]


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


def _training_texts() -> set:
    texts = set()
    for path in glob.glob(str(ROOT / "data" / "**" / "*.yml"), recursive=True):
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            if "intent" not in block:
                continue
            examples = block.get("examples") or []
            if isinstance(examples, str):
                texts.update(line.strip()[2:] for line in examples.splitlines() if line.strip().startswith("- "))
            else:
                texts.update(example["text"] for example in examples)
    return {_norm(t) for t in texts}


def test_real_set_is_split_by_site():
    test_rows = load_real_test()
    pool = load_pool_sites()
    assert len(test_rows) >= 400
    assert all(row["url"].startswith("http") and row["site"] and row["intent"] for row in test_rows)
    test_sites = {row["site"] for row in test_rows}
    pool_sites = set(pool.values())
    assert not test_sites & pool_sites, test_sites & pool_sites
    assert all(site_split(site) == "test" for site in test_sites)
    assert all(site_split(site) == "pool" for site in pool_sites)


def test_no_test_question_is_training_data():
    training = _training_texts()
    leaked = [row["text"] for row in load_real_test() if _norm(row["text"]) in training]
    assert not leaked, leaked


@pytest.fixture(scope="module")
def scores():
    assert MODEL.exists(), "no trained model: run `make model`"
    real = load_real_test()
    hand = list(load_test_examples())
    parsed = parse_all(MODEL, [r["text"] for r in real] + [t for t, _ in hand])
    result = {
        "real": evaluate_set(parsed[:len(real)], [r["intent"] for r in real], [r["text"] for r in real]),
        "handwritten": evaluate_set(parsed[len(real):], [i for _, i in hand], [t for t, _ in hand]),
    }
    out = ROOT / "results"
    out.mkdir(exist_ok=True)
    (out / "nlu_real.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


# Issue 12's bars that this model does not meet yet are strict xfails: they
# fail the run the day they pass, and the floors below (the figures measured
# when the bars were set, docs/nlu-evaluation.md) fail it if the NLU gets worse.
NOT_MET = "bar of issue 12 not met yet (docs/nlu-evaluation.md)"
# Floors as measured at the test set's 41st read (docs/nlu-evaluation.md),
# candidate 12: a fourth batch of the real training pool (99 questions from 43
# new sites), questions that open with a preamble, and the off-topic guard
# (components/off_topic.py), each chosen by cross-validation on the same
# folds before that read. Against candidate 9 (read 38) the real set gained
# two questions (0.870 -> 0.874), medical_advice one (0.96 -> 1.0),
# request_human one (6 -> 7 of 8), and the hand-written set's out-of-scope
# recall rose from 0.824 to 0.882. Candidate 13 (40 more out-of-scope
# messages, read 43) gave the same figures. Candidate 14 (a fifth pool
# batch, 104 questions from 46 new sites, and six "consult first" policy
# questions; read 46) the same accuracy and request_human 8 of 8. Candidate
# 15 (a sixth pool batch, 106 questions from 46 new sites, and 16 examples
# written from conversations; read 51): accuracy 0.874 -> 0.879,
# ask_contraindication 0.931 (54 of 58; 0.914 at read 46). Stop 36 (reads
# 85 and 86): 0.877 (363 of 414, 0.8768), one question fewer, with the same
# model (the NLU data unchanged) and the same cross-validation: a change of
# the disclosure reader or the red-flag rules, which the conversations chose;
# kept, as candidate 8 was (docs/nlu-evaluation.md, "Stop 36").
FLOOR_REAL_ACCURACY = 0.876
FLOOR_REAL_RECALL = {"report_symptom": 1.0, "medical_advice": 1.0, "ask_contraindication": 0.93, "request_human": 1.0}
FLOOR_OOS_RECALL = {"real": 1.0, "handwritten": 0.88}


def test_real_question_floors(scores):
    real = scores["real"]
    assert real["accuracy"] >= FLOOR_REAL_ACCURACY, f"accuracy {real['accuracy']:.3f}"
    low = {i: real["recall"][i] for i, floor in FLOOR_REAL_RECALL.items() if real["recall"][i] < floor}
    assert not low, f"recall below its floor: {low}"
    for name, floor in FLOOR_OOS_RECALL.items():
        assert scores[name]["out_of_scope_recall"] >= floor, f"{name}: out-of-scope recall below {floor}"


@pytest.mark.xfail(reason=NOT_MET, strict=True)
def test_real_question_accuracy(scores):
    real = scores["real"]
    assert real["accuracy"] >= MIN_REAL_ACCURACY, f"accuracy {real['accuracy']:.3f}; errors: {real['errors']}"


@pytest.mark.xfail(reason=NOT_MET, strict=True)
def test_real_question_recall_of_handoff_intents(scores):
    real = scores["real"]
    low = {i: real["recall"][i] for i in CRITICAL if real["recall"][i] < MIN_CRITICAL_RECALL}
    assert not low, f"recall too low: {low}; errors: {[e for e in real['errors'] if e['expected'] in low]}"


def test_handwritten_test_set_accuracy(scores):
    hand = scores["handwritten"]
    assert hand["accuracy"] >= MIN_HANDWRITTEN_ACCURACY, f"accuracy {hand['accuracy']:.3f}"


@pytest.mark.parametrize(
    "name", ["real", pytest.param("handwritten", marks=pytest.mark.xfail(reason=NOT_MET, strict=True))]
)
def test_out_of_scope_recall(scores, name):
    result = scores[name]
    assert result["out_of_scope_recall"] >= MIN_OOS_RECALL, (
        f"{name}: out-of-scope recall {result['out_of_scope_recall']:.3f}; "
        f"errors: {[e for e in result['errors'] if e['expected'] == 'out_of_scope']}")
