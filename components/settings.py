"""Checks of the settings config.yml gives our NLU components."""
from __future__ import annotations

from typing import Any, Dict, Text


def require_positive(component: type, config: Dict[Text, Any], key: Text) -> None:
    if not float(config[key]) > 0:
        raise ValueError(f"{component.__name__}: {key} must be above 0, not {config[key]!r}")
