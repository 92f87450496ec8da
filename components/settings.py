"""Checks of the settings config.yml gives our NLU components."""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage


def require_positive(component: type, config: Dict[Text, Any], key: Text) -> None:
    if not float(config[key]) > 0:
        raise ValueError(f"{component.__name__}: {key} must be above 0, not {config[key]!r}")


class CheckedComponent(GraphComponent):
    """A trainable component created from its checked config (`validate_config`),
    its storage and its resource."""

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        pass

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "CheckedComponent":
        cls.validate_config(config)
        return cls(config, model_storage, resource)
