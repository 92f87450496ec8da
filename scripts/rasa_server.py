"""`rasa run`, with a bounded wait for the action server, without
TensorFlow when the model does not need it (components/without_tensorflow.py),
and processing each visitor message once however often it is delivered
(components/exactly_once.py: Rasa's Agent has no setting for its processor).

Rasa 3.6 waits up to 300 s for a custom action (a hard-coded constant). A
clinic visitor must get the static fallback within seconds instead (docs/design.md
§4.5), so the limit is set from ACTION_TIMEOUT_SECONDS before Rasa starts;
components.policies.ActionFailurePolicy then answers the timed-out turn.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from components import without_tensorflow  # noqa: E402


def _model_argument(argv: list) -> Path | None:
    for number, argument in enumerate(argv):
        if argument == "--model" and number + 1 < len(argv):
            return Path(argv[number + 1])
        if argument.startswith("--model="):
            return Path(argument.split("=", 1)[1])
    return None


if __name__ == "__main__":
    model = _model_argument(sys.argv)
    if os.environ.get("RASA_TENSORFLOW") != "1" and model and model.is_file() and not without_tensorflow.needs_tensorflow(model):
        without_tensorflow.install()
    import rasa.core.actions.action as rasa_action
    import rasa.core.agent as rasa_agent
    from rasa.__main__ import main

    from components.exactly_once import ExactlyOnceProcessor

    rasa_action.DEFAULT_REQUEST_TIMEOUT = float(os.environ.get("ACTION_TIMEOUT_SECONDS", "6"))
    rasa_agent.MessageProcessor = ExactlyOnceProcessor
    sys.argv = ["rasa", *sys.argv[1:]]
    main()
