"""spaCy's stop words without spaCy (clinic_assistant/text/stop_words.py): the
action server must not import spaCy, thinc and TensorFlow for a word list."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_list_is_spacys():
    from spacy.lang.en.stop_words import STOP_WORDS as spacys

    from clinic_assistant.text.stop_words import STOP_WORDS

    assert STOP_WORDS == frozenset(spacys) and "the" in STOP_WORDS


def test_the_actions_import_no_spacy_nor_tensorflow():
    # rasa_sdk imports every module of the package, as the action server does.
    code = ("import importlib, pkgutil, sys, actions\n"
            "[importlib.import_module(m.name) for m in pkgutil.walk_packages(actions.__path__, 'actions.')]\n"
            "print(sorted(m for m in ('spacy', 'thinc', 'tensorflow') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
