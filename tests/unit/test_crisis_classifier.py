"""The crisis classifier's n-grams are scikit-learn's TF-IDF, served without
scikit-learn (components/crisis_classifier.py)."""
import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from components.crisis_classifier import NGrams, labelled_examples

TEXTS = [text for text, _ in labelled_examples()][:400] + ["does it hurt?", "i want to kill myself", "how much is it x"]


@pytest.mark.parametrize("analyzer, settings", [
    ("word", {"ngram_range": (1, 2)}),
    ("char_wb", {"analyzer": "char_wb", "ngram_range": (2, 4), "min_df": 2}),
])
def test_the_served_ngrams_are_scikit_learns(analyzer, settings):
    fitted = TfidfVectorizer(sublinear_tf=True, **settings).fit(TEXTS)
    served = NGrams(analyzer, {g: int(i) for g, i in fitted.vocabulary_.items()}, fitted.idf_.astype(np.float32))
    expected = fitted.transform(TEXTS).toarray()
    got = served.matrix(TEXTS).toarray()
    assert np.allclose(got, expected, atol=1e-5)


def test_every_kind_and_look_alikes_are_labelled():
    labels = [label for _, label in labelled_examples()]
    assert all(labels.count(label) >= 40 for label in (0, 1, 2, 3))
