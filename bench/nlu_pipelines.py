"""`make compare-pipelines`: the NLU pipeline choice, by measurement.

Scores a few candidate pipelines by stratified 5-fold cross-validation on the
training data (testkit/eval_nlu.py), overall and on the real-question training
pool (data/nlu/real_pool.yml), never on a test set (issue 12: the test sets are
read once per final candidate, by `make eval`). For the project's pipeline it
also sweeps the FallbackClassifier threshold on the out-of-fold predictions:
how many messages would get a clarifying question instead of an answer, and how
many would still get a confident wrong answer. Each candidate trains five
models (about 10 minutes on the 2-core machine); `--folds` changes that.
Output: results/nlu_pipelines.json and results/nlu_pipelines.md.
"""
from __future__ import annotations

import argparse
import copy
import json
import tempfile
from pathlib import Path
from typing import Any, Dict, List

import spacy
import yaml

from bench.report import save_report
from testkit.eval_nlu import cross_validate

ROOT = Path(__file__).resolve().parents[1]



def _index(pipeline: List[Dict[str, Any]], name: str, **match: Any) -> int:
    # "LogisticRegressionClassifier" also finds a subclass such as
    # components.intent_classifier.LogisticRegressionClassifier.
    return next(i for i, c in enumerate(pipeline)
                if (c["name"] == name or c["name"].endswith("." + name))
                and all(c.get(k) == v for k, v in match.items()))


def variants(project: Dict[str, Any], spacy_dir: Path, with_diet: bool = False) -> Dict[str, Dict[str, Any]]:
    """Candidate configs, each one change away from the project's."""
    out = {"project: LogisticRegression, word + char n-grams, lookup tables and regexes": project}

    no_regex = copy.deepcopy(project)
    no_regex["pipeline"] = [c for c in no_regex["pipeline"] if c["name"] != "RegexFeaturizer"]
    out["without RegexFeaturizer (lookup tables, regexes)"] = no_regex

    diet = copy.deepcopy(project)
    # A transformer-less DIET: with its two default transformer layers one
    # epoch takes about 20 s on this 2-core machine (25 min for 80 epochs).
    diet["pipeline"][_index(diet["pipeline"], "LogisticRegressionClassifier")] = {
        "name": "DIETClassifier", "epochs": 100, "number_of_transformer_layers": 0,
        "entity_recognition": False, "constrain_similarities": True, "random_seed": 42}
    if with_diet:  # 13 minutes a training here: over an hour for five folds
        out["DIETClassifier (no transformer, 100 epochs)"] = diet

    unigrams = copy.deepcopy(project)
    unigrams["pipeline"][_index(unigrams["pipeline"], "CountVectorsFeaturizer", analyzer="word")]["max_ngram"] = 1
    out["word unigrams only (no word pairs)"] = unigrams

    no_char = copy.deepcopy(project)
    del no_char["pipeline"][_index(no_char["pipeline"], "CountVectorsFeaturizer", analyzer="char_wb")]
    out["without char n-grams"] = no_char

    spacy_tok = copy.deepcopy(project)
    at = _index(spacy_tok["pipeline"], "WhitespaceTokenizer")
    spacy_tok["pipeline"][at:at + 1] = [{"name": "SpacyNLP", "model": str(spacy_dir)}, {"name": "SpacyTokenizer"}]
    out["spaCy tokenizer (blank en) instead of whitespace"] = spacy_tok
    return out


def markdown(results: Dict[str, Dict[str, Any]], sweep: List[Dict[str, float]]) -> str:
    lines = ["| pipeline | CV accuracy | CV macro-F1 | min critical recall | real-pool accuracy | training per fold (s) |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, r in results.items():
        lines.append(f"| {name} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} | {r['min_critical_recall']:.3f} | "
                     f"{r['pool_accuracy']:.3f} | {r['training_s']:.0f} |")
    lines += ["", "| fallback threshold | asked to clarify | confident wrong answer |", "|---:|---:|---:|"]
    lines += [f"| {row['threshold']:.2f} | {row['clarify_share']:.1%} | {row['confident_wrong_share']:.1%} |"
              for row in sweep]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--with-diet", action="store_true", help="also DIET without transformer (slow)")
    args = parser.parse_args()
    project = yaml.safe_load((ROOT / "config.yml").read_text())
    results: Dict[str, Dict[str, Any]] = {}
    sweep: List[Dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="clinic-pipelines-") as tmp:
        workdir = Path(tmp)
        spacy.blank("en").to_disk(workdir / "spacy_blank_en")  # SpacyNLP needs a pipeline with meta.json
        for number, (name, config) in enumerate(variants(project, workdir / "spacy_blank_en", args.with_diet).items()):
            print(f"[{name}] cross-validating ...", flush=True)
            config_path = workdir / f"variant{number}.yml"
            config_path.write_text(yaml.safe_dump({**config, "policies": []}))
            cv = cross_validate(args.folds, config_path)
            scores = cv["all"]
            results[name] = {
                "accuracy": scores["accuracy"], "macro_f1": scores["macro_f1"],
                "min_critical_recall": min(v for v in scores["critical_recall"].values() if v is not None),
                "pool_accuracy": cv["real_pool"]["accuracy"],
                "training_s": sum(cv["fold_training_s"]) / len(cv["fold_training_s"]),
            }
            print(f"[{name}] {json.dumps({k: round(v, 3) for k, v in results[name].items()})}", flush=True)
            if number == 0:
                sweep = cv["threshold_sweep_all"]
    save_report("nlu_pipelines", {"pipelines": results, "threshold_sweep": sweep}, markdown(results, sweep))


if __name__ == "__main__":
    main()
