"""The held-out NLU test set (tests/nlu/test_nlu.yml) and the scores on it.

Shared by the NLU quality test, `make bench` and the pipeline comparison so
that all three count the same way: a prediction of `nlu_fallback` is a miss.
"""
from __future__ import annotations

import statistics
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import yaml

TEST_SET = Path(__file__).resolve().parents[1] / "tests" / "nlu" / "test_nlu.yml"


def load_test_examples(path: Path = TEST_SET) -> Iterator[Tuple[str, str]]:
    """(text, expected intent) pairs of a Rasa NLU file, in either of its
    formats: a "- text" block, or a list of {text, metadata} entries.
    Lookup tables, synonyms and regexes are no examples."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for block in data.get("nlu") or []:
        if "intent" not in block:
            continue
        examples = block.get("examples") or []
        if isinstance(examples, str):
            texts = [line.strip()[2:].strip() for line in examples.splitlines() if line.strip().startswith("- ")]
        else:
            texts = [str(entry["text"]) for entry in examples]
        for text in texts:
            yield text, block["intent"]


def intent_scores(pairs: List[Tuple[str, str]]) -> Dict[str, object]:
    """Accuracy, macro-F1 and per-intent recall of (expected, predicted) pairs."""
    intents = sorted({expected for expected, _ in pairs})
    recall, f1s = {}, []
    for intent in intents:
        tp = sum(1 for e, p in pairs if e == intent and p == intent)
        fp = sum(1 for e, p in pairs if e != intent and p == intent)
        fn = sum(1 for e, p in pairs if e == intent and p != intent)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall[intent] = tp / (tp + fn) if tp + fn else 0.0
        total = precision + recall[intent]
        f1s.append(2 * precision * recall[intent] / total if total else 0.0)
    return {
        "examples": len(pairs),
        "accuracy": sum(e == p for e, p in pairs) / len(pairs),
        "macro_f1": statistics.mean(f1s),
        "recall": recall,
    }
