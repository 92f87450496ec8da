"""spaCy's lookup lemmatizer for English, its table held as a WordMap.

spaCy's own `lemmatizer` (mode "lookup") keeps spacy-lookups-data's 41,582
lemmas in an ordered dict: 11 MB in every Rasa server process, and each
look-up in a forked worker copies a page of it (docs/performance.md,
"Smaller stores"). This component gives every token the lemma spaCy's would
(`Lemmatizer.lookup_lemmatize`: the token's text looked up as written, the
text itself when absent), from the same table (tests/unit/test_lemmas.py).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from clinic_assistant.text.word_tables import english_lemmas

COMPONENT = "lookup_lemmas"


@Language.component(COMPONENT)
def lookup_lemmas(doc: Doc) -> Doc:
    lemmas = english_lemmas()
    for token in doc:
        if token.lemma == 0:  # as spaCy's: a lemma already set is kept
            token.lemma_ = lemmas.get(token.text, token.text)
    return doc
