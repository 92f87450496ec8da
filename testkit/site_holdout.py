"""How the classifier's settings carry over to sites it never saw: the real
training pool held out by site, with the features of the trained model.

Every training example is featurized once by `models/current.tar.gz` (the
rows its LogisticRegressionClassifier reads), then scikit-learn's logistic
regression, as Rasa configures it, is fitted again for each setting: the pool's
sites in five groups (by a hash of the name), each group held out in turn with
all other training data fitted. The featurizers' vocabulary was fitted on all
the data, the held-out sites included, so the figures are a little kind to
every setting alike; no fallback, weighting or guard is applied. Reads no test
set. Settings: C (inverse regularisation), the weight of pool examples, and the
sentence embedding's scale (config.yml: 6). Each held-out prediction goes to
results/site_holdout.json.

    python -m testkit.site_holdout 1,1,6 2,1,6 1,3,6    # C,pool weight,scale ...
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import sys
from typing import Dict, List, Sequence, Tuple

import numpy as np
import scipy.sparse as sp

from testkit.eval_nlu import CRITICAL, MODEL, RESULTS, _training_data, load_pool_sites

GROUPS = 5
EMBEDDING_WIDTH = 384
TRAINED_SCALE = 6.0


def featurize() -> Tuple[sp.csr_matrix, List[str], List[str]]:
    """(rows, intents, sites or '') of every training example, from the trained model."""
    from rasa.core.agent import Agent
    from rasa.shared.nlu.constants import INTENT, TEXT

    from components import intent_classifier

    rows = []
    predict = intent_classifier.LogisticRegressionClassifier.process

    def capture(self, messages):
        rows.append(self._create_X(messages[:1]))  # the example itself, not its questions (question_segments.py)
        return predict(self, messages)

    intent_classifier.LogisticRegressionClassifier.process = capture
    examples = _training_data().intent_examples

    async def parse_all():
        agent = Agent.load(str(MODEL))
        for example in examples:
            await agent.parse_message(example.get(TEXT))

    asyncio.run(parse_all())
    intent_classifier.LogisticRegressionClassifier.process = predict
    sites = load_pool_sites()
    return sp.vstack(rows).tocsr(), [e.get(INTENT) for e in examples], [sites.get(e.get(TEXT), "") for e in examples]


def held_out_by_site(X: sp.csr_matrix, y: np.ndarray, sites: Sequence[str], C: float, pool_weight: float,
                     scale: float) -> Tuple[Dict[str, float], List[Tuple[str, str, str]]]:
    from joblib import Parallel, delayed
    from sklearn.linear_model import LogisticRegression

    columns = np.ones(X.shape[1])
    columns[-EMBEDDING_WIDTH:] = scale / TRAINED_SCALE
    X = (X @ sp.diags(columns)).tocsr()
    pool = np.array([bool(site) for site in sites])
    group = np.array([int(hashlib.sha1(site.encode()).hexdigest(), 16) % GROUPS if site else -1 for site in sites])

    def fold(held: int) -> Tuple[np.ndarray, np.ndarray]:
        test = pool & (group == held)
        clf = LogisticRegression(C=C, max_iter=200, class_weight="balanced", solver="lbfgs", random_state=42)
        clf.fit(X[~test], y[~test], sample_weight=np.where(pool[~test], pool_weight, 1.0))
        return np.flatnonzero(test), clf.predict(X[test])

    predicted = np.empty(len(y), dtype=object)
    for index, labels in Parallel(n_jobs=2)(delayed(fold)(held) for held in range(GROUPS)):
        predicted[index] = labels
    right = predicted[pool] == y[pool]
    figures = {"accuracy": float(right.mean()), **{intent: float(right[y[pool] == intent].mean()) for intent in CRITICAL}}
    return figures, [(sites[i], y[i], predicted[i]) for i in np.flatnonzero(pool)]


def main(argv: Sequence[str]) -> None:
    settings = [tuple(float(value) for value in arg.split(",")) for arg in argv] or [(1.0, 1.0, TRAINED_SCALE)]
    X, intents, sites = featurize()
    y = np.array(intents)
    print(f"{X.shape[0]} examples, {sum(map(bool, sites))} from the real training pool in {GROUPS} groups of sites")
    report = []
    for C, pool_weight, scale in settings:
        figures, predictions = held_out_by_site(X, y, sites, C, pool_weight, scale)
        recalls = " ".join(f"{intent} {figures[intent]:.3f}" for intent in CRITICAL)
        print(f"C={C:g} pool weight={pool_weight:g} scale={scale:g}: accuracy {figures['accuracy']:.3f}, recall {recalls}")
        report.append({"C": C, "pool_weight": pool_weight, "scale": scale, **figures,
                       "predictions": [{"site": s, "expected": e, "predicted": p} for s, e, p in predictions]})
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "site_holdout.json").write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
