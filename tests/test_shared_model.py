"""clinic_assistant/shared_model.py with the trained model: the preloaded
model is what every processor of that file gets, and a model file rewritten
since (Rasa's API loading a retrained model at the same path) is loaded
afresh; the warm-up turns before the fork leave a forked worker's first
turns little to build. tests/test_rasa_workers.py checks the workers'
shared pages."""
from __future__ import annotations

import gc
import os
import shutil

import pytest
from rasa.core.processor import MessageProcessor

from clinic_assistant import shared_model
from testkit.forked_memory import dirtied_kib_in_a_forked_child
from testkit.helpers import MODEL


@pytest.fixture
def installed(tmp_path, monkeypatch):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: `make model` trains it")
    model = tmp_path / "model.tar.gz"
    shutil.copyfile(MODEL, model)
    monkeypatch.setattr(MessageProcessor, "_load_model", MessageProcessor._load_model)
    monkeypatch.setattr(shared_model, "_preloaded", {})
    shared_model.install(model)
    yield model
    gc.unfreeze()


def test_a_processor_of_the_preloaded_file_takes_the_preloaded_model(installed):
    (preloaded,) = shared_model._preloaded.values()
    assert MessageProcessor._load_model(installed) is preloaded
    assert MessageProcessor._load_model(str(installed))[2] is preloaded[2]
    assert gc.get_freeze_count() > 0


def test_a_model_rewritten_at_the_same_path_is_loaded_afresh(installed):
    (preloaded,) = shared_model._preloaded.values()
    os.utime(installed, ns=(0, 0))
    name, metadata, runner = MessageProcessor._load_model(installed)
    assert runner is not preloaded[2] and metadata.assistant_id == preloaded[1].assistant_id


VISITOR_TURNS = ("hello", "is it painful", "what does it cost", "when are you open", "how many sessions do i need", "thank you")


def test_a_workers_first_turns_find_the_first_use_work_done(installed):
    # Six turns, other words than the warm-up's: 11 MB dirtied with the
    # warm-up, 33 MB without it (what a first message builds lazily, built in
    # the worker, writing into the model's pages).
    (preloaded,) = shared_model._preloaded.values()
    dirtied = dirtied_kib_in_a_forked_child(lambda: shared_model.serve_throwaway_turns(preloaded, VISITOR_TURNS))
    assert dirtied < 20_000
