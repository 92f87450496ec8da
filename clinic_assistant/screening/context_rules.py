"""medspaCy's ConText (negation, history, hypothetical cues), imported
without QuickUMLS.

Importing anything from medspaCy runs `medspacy.util`, which imports
QuickUMLS only to register its UMLS-mapping pipe with spaCy; QuickUMLS
imports NLTK. The disclosure reader never adds that pipe, and the two cost
15 MB in every Rasa server process (docs/performance.md, "Smaller stores").
A placeholder stands in for QuickUMLS while medspaCy loads and is removed
afterwards, so that a later `import quickumls` gets the real package.
"""
from __future__ import annotations

import sys
import types


def _import_without_quickumls():
    placeholder = None
    if "medspacy" not in sys.modules and "quickumls" not in sys.modules:
        placeholder = types.ModuleType("quickumls")
        placeholder.spacy_component = None  # what medspacy.util imports of it
        sys.modules["quickumls"] = placeholder
    try:
        from medspacy.context import ConText, ConTextRule
    finally:
        if placeholder is not None:
            del sys.modules["quickumls"]
    return ConText, ConTextRule


ConText, ConTextRule = _import_without_quickumls()
