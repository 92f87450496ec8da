"""`make compare-pipelines`: the NLU pipeline choice, by measurement.

Trains NLU-only models for a few candidate pipelines on data/nlu and scores
each on the held-out tests/nlu/test_nlu.yml (the same counting as the NLU
quality test). For the project's pipeline it also sweeps the FallbackClassifier
threshold: how many test messages would get a clarifying question instead of
an answer, and how many would still get a confident wrong answer.
Output: results/nlu_pipelines.json and results/nlu_pipelines.md.
"""
from __future__ import annotations

import asyncio
import copy
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Tuple

import spacy
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # custom components, when the models are loaded
sys.path.insert(0, str(ROOT / "scripts"))
from report import save_report  # noqa: E402
from nlu_test_set import intent_scores, load_test_examples  # noqa: E402

RASA = Path(sys.executable).parent / "rasa"
CRITICAL = ("report_symptom", "medical_advice", "ask_contraindication", "request_human")
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7)


def _index(pipeline: List[Dict[str, Any]], name: str, **match: Any) -> int:
    return next(i for i, c in enumerate(pipeline)
                if c["name"] == name and all(c.get(k) == v for k, v in match.items()))


def variants(project: Dict[str, Any], spacy_dir: Path) -> Dict[str, Dict[str, Any]]:
    """Candidate configs, each one change away from the project's."""
    out = {"project: LogisticRegression, word + char n-grams": project}

    diet = copy.deepcopy(project)
    # A transformer-less DIET: with its two default transformer layers one
    # epoch takes about 20 s on this 2-core machine (25 min for 80 epochs).
    diet["pipeline"][_index(diet["pipeline"], "LogisticRegressionClassifier")] = {
        "name": "DIETClassifier", "epochs": 100, "number_of_transformer_layers": 0,
        "entity_recognition": False, "constrain_similarities": True, "random_seed": 42}
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


def train(config: Dict[str, Any], workdir: Path, name: str) -> Tuple[Path, float]:
    config_path = workdir / f"{name}.yml"
    config_path.write_text(yaml.safe_dump({**config, "policies": []}))
    started = time.monotonic()
    subprocess.run(
        [str(RASA), "train", "nlu", "--config", str(config_path), "--nlu", "data/nlu",
         "--domain", "build/domain.yml", "--out", str(workdir), "--fixed-model-name", name],
        cwd=ROOT, check=True, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return workdir / f"{name}.tar.gz", time.monotonic() - started


async def parse_all(model: Path) -> List[Dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [{"expected": expected, **(await agent.parse_message(text))}
            for text, expected in load_test_examples()]


def top_real_intent(parsed: Dict[str, Any]) -> Tuple[str, float]:
    """The classifier's own best intent, ignoring the FallbackClassifier.

    The sweep leaves the ambiguity threshold out: it only adds clarifications.
    """
    ranking = [r for r in parsed.get("intent_ranking", []) if r["name"] != "nlu_fallback"]
    best = ranking[0] if ranking else parsed["intent"]
    return best["name"], best["confidence"]


def threshold_sweep(parsed: List[Dict[str, Any]]) -> List[Dict[str, float]]:
    rows = []
    for threshold in THRESHOLDS:
        clarified = wrong = 0
        for p in parsed:
            name, confidence = top_real_intent(p)
            if confidence < threshold:
                clarified += 1
            elif name != p["expected"]:
                wrong += 1
        rows.append({"threshold": threshold, "clarify_share": clarified / len(parsed),
                     "confident_wrong_share": wrong / len(parsed)})
    return rows


def markdown(results: Dict[str, Dict[str, Any]], sweep: List[Dict[str, float]]) -> str:
    lines = ["| pipeline | accuracy | macro-F1 | min critical recall | training (s) |", "|---|---:|---:|---:|---:|"]
    for name, r in results.items():
        lines.append(f"| {name} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} | "
                     f"{r['min_critical_recall']:.3f} | {r['training_s']:.0f} |")
    lines += ["", "| fallback threshold | asked to clarify | confident wrong answer |", "|---:|---:|---:|"]
    lines += [f"| {row['threshold']:.1f} | {row['clarify_share']:.1%} | {row['confident_wrong_share']:.1%} |"
              for row in sweep]
    return "\n".join(lines) + "\n"


def main() -> None:
    project = yaml.safe_load((ROOT / "config.yml").read_text())
    results: Dict[str, Dict[str, Any]] = {}
    sweep: List[Dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="clinic-pipelines-") as tmp:
        workdir = Path(tmp)
        spacy.blank("en").to_disk(workdir / "spacy_blank_en")  # SpacyNLP needs a pipeline with meta.json
        for number, (name, config) in enumerate(variants(project, workdir / "spacy_blank_en").items()):
            print(f"[{name}] training ...", flush=True)
            model, training_s = train(config, workdir, f"variant{number}")
            parsed = asyncio.run(parse_all(model))
            scores = intent_scores([(p["expected"], p["intent"]["name"]) for p in parsed])
            results[name] = {
                "accuracy": scores["accuracy"], "macro_f1": scores["macro_f1"], "training_s": training_s,
                "min_critical_recall": min(scores["recall"][i] for i in CRITICAL),
            }
            print(f"[{name}] {json.dumps({k: round(v, 3) for k, v in results[name].items()})}", flush=True)
            if number == 0:
                sweep = threshold_sweep(parsed)
    save_report("nlu_pipelines", {"pipelines": results, "threshold_sweep": sweep}, markdown(results, sweep))


if __name__ == "__main__":
    main()
