"""A domain of a few intents and responses, with the screening outcome slot
that the stores and the action call carry, for tests that need a Domain
object but not the project's whole domain.yml."""
from typing import Iterable

from rasa.shared.core.domain import Domain


def small_domain(intents: Iterable[str], responses_yaml: str) -> Domain:
    """`responses_yaml`: the body of a `responses:` block, one response a line,
    e.g. "  utter_greet: [{text: hi}]"."""
    return Domain.from_yaml(
        f"""
version: "3.1"
intents: [{", ".join(intents)}]
slots:
  screening_outcome:
    type: text
    influence_conversation: false
    mappings: [{{type: custom}}]
responses:
{responses_yaml}
"""
    )
