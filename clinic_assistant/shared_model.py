"""One copy of the model in memory for all of a Rasa server's Sanic workers.

Rasa loads the model in every worker after Sanic forks it, so each worker
held a private copy (about 200 MB each, docs/performance.md). `install()`
loads it once in the server's first process, before the fork; each worker's
processor then takes that graph runner instead of loading its own, and the
kernel shares its pages between the workers until one writes to them. The
model's arrays are read, never written, while serving.

`gc.freeze()` after the load keeps the cyclic garbage collector from writing
to every object it inspects, which would copy their pages into each worker
all the same (Python's documentation of gc.freeze, for this use).

Before that, the model serves a few turns (`WARM_UP_MESSAGES`): what a
first message builds or reads lazily (caches, the sentence encoder's
weights paged in from their file, the objects of a first call) is then built
once here and shared, where each worker built its own copy on its first
turns, and wrote into the model's pages doing so (a forked worker's first six
turns dirtied 33 MB without it, 11 MB with it: tests/test_shared_model.py,
docs/performance.md).

Only the preloaded file is taken this way: a model loaded later through
Rasa's API (another path, or the same path rewritten) loads as Rasa loads it.
"""
from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Dict, Iterable, Text, Tuple, Union

from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
from rasa.engine.runner.interface import GraphRunner
from rasa.engine.storage.storage import ModelMetadata
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from clinic_assistant.free_blocks import take_free_blocks
from clinic_assistant.heap_chunks import take_free_heap_chunks

Loaded = Tuple[Text, ModelMetadata, GraphRunner]

_rasa_load_model = MessageProcessor._load_model
# A greeting, FAQ questions and thanks: the paths of most served turns.
WARM_UP_MESSAGES = ("hi", "does it hurt", "how much is it", "how long is the downtime", "what are your hours", "thanks")
_preloaded: Dict[Tuple[str, int, int], Loaded] = {}


def _identity(model_path: Union[Text, Path]) -> Tuple[str, int, int] | None:
    """The file's path, modification time and size; None for a directory (Rasa picks its newest model)."""
    path = Path(model_path).resolve()
    if not path.is_file():
        return None
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_size


def load_model(model_path: Union[Text, Path]) -> Loaded:
    """MessageProcessor._load_model: the preloaded model when it is the same file."""
    preloaded = _preloaded.get(_identity(model_path))
    return preloaded if preloaded is not None else _rasa_load_model(model_path)


def install(model_path: Union[Text, Path]) -> None:
    """Loads the model now, in the process that Sanic will fork, and has every processor take it."""
    identity = _identity(model_path)
    if identity is None:
        return
    _preloaded[identity] = _rasa_load_model(os.fspath(model_path))
    MessageProcessor._load_model = staticmethod(load_model)
    serve_throwaway_turns(_preloaded[identity], WARM_UP_MESSAGES)
    gc.collect()
    take_free_blocks()  # the workers' own objects then go to pages of their own
    take_free_heap_chunks()  # and their larger allocations too
    gc.freeze()


def serve_throwaway_turns(loaded: Loaded, messages: Iterable[Text]) -> None:
    """Each message parsed and its next action predicted, as the processor
    runs the graph, on a throwaway tracker: nothing is stored or sent."""
    _, metadata, runner = loaded
    for text in messages:
        tracker = DialogueStateTracker.from_events(
            "warm-up", [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")],
            metadata.domain.slots,
        )
        message = UserMessage(text, sender_id=tracker.sender_id)
        results = runner.run(inputs={PLACEHOLDER_MESSAGE: [message], PLACEHOLDER_TRACKER: tracker},
                             targets=[metadata.nlu_target])
        if metadata.core_target:
            tracker.update(UserUttered(text, results[metadata.nlu_target][0].as_dict(only_output_properties=True)))
            runner.run(inputs={PLACEHOLDER_TRACKER: tracker}, targets=[metadata.core_target])
