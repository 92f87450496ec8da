"""spaCy's English stop words, without importing spaCy.

`import spacy` imports thinc, which imports the TensorFlow that Rasa
installed: some 430 MB in the action server, which needs only this list
(docs/performance.md, issue 14's 150 MB). spaCy's stop_words.py is a plain
module with no imports, so it is loaded from its file.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import FrozenSet


def _load() -> FrozenSet[str]:
    spacy_dir = Path(importlib.util.find_spec("spacy").origin).parent  # located, not imported
    spec = importlib.util.spec_from_file_location("_spacy_en_stop_words", spacy_dir / "lang" / "en" / "stop_words.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


STOP_WORDS = _load()
