"""Visitor text that is sent outside the dialogue (a channel's refusal of a
flood or of a huge message, a turn that failed), read from the rendered
domain's responses: every sentence a visitor reads lives in domain.yml or
content/answers.yml, every clinic fact in clinic.yml (build/domain.yml holds
both, clinic_assistant/build_domain.py). Rasa fills `{clinic_*}` from slots;
here they come from the same slots' initial values."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict, Tuple

import yaml
from rasa.core.nlg.interpolator import interpolate_text

from clinic_assistant.clinic_config import PROJECT_ROOT

RENDERED_DOMAIN = PROJECT_ROOT / "build" / "domain.yml"
# The ones the channels send; checked when the Rasa server starts (launcher).
CHANNEL_RESPONSES = (
    "utter_too_fast", "utter_turn_failed", "utter_message_refused_too_long", "utter_attachment_not_read",
    "utter_attachment_not_read_with_words",
)


@lru_cache(maxsize=1)
def _rendered(path: Path = RENDERED_DOMAIN) -> Tuple[Dict[str, str], Dict[str, str]]:
    domain = yaml.safe_load(path.read_text(encoding="utf-8"))
    texts = {name: variations[0]["text"] for name, variations in domain["responses"].items()}
    facts = {name: str(slot["initial_value"]) for name, slot in domain["slots"].items()
             if name.startswith("clinic_") and slot.get("initial_value") is not None}
    return texts, facts


def text(name: str, **values: object) -> str:
    """The response `name`, with the clinic's facts and `values` filled in."""
    texts, facts = _rendered()
    # Rasa's own interpolation, so these texts are filled exactly as its responses are.
    return interpolate_text(texts[name], {**facts, **{key: str(value) for key, value in values.items()}})


def check() -> None:
    """Stops a server start whose rendered domain lacks what the channels send."""
    try:
        texts, _ = _rendered()
    except (OSError, yaml.YAMLError, KeyError, TypeError) as error:
        raise SystemExit(f"{RENDERED_DOMAIN} cannot be read ({error}): run `make model`") from None
    missing = [name for name in CHANNEL_RESPONSES if name not in texts]
    if missing:
        raise SystemExit(f"{RENDERED_DOMAIN} has no {', '.join(missing)}: run `make model`")
