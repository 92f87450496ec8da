"""`rasa run`, with a bounded wait for the action server.

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

import rasa.core.actions.action as rasa_action  # noqa: E402
from rasa.__main__ import main  # noqa: E402

if __name__ == "__main__":
    rasa_action.DEFAULT_REQUEST_TIMEOUT = float(os.environ.get("ACTION_TIMEOUT_SECONDS", "6"))
    sys.argv = ["rasa", *sys.argv[1:]]
    main()
