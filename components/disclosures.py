"""NLU step: every message is read for disclosures, in every state (docs/design.md §4.3).

The disclosure reader (clinic_assistant/screening/reader.py) runs here, once per
message, beside the classifier, and its reading goes out with the parse
result under "disclosures": the dialogue policy sees at once whether a
visitor told about a condition or medicine, whatever was asked, and the
actions act on the reading without loading a language pipeline themselves.
Nothing here fills a slot: the actions decide what a reading means in the
conversation's state. One thing is decided here: a message the classifier
could not place ("on differin, can i have the treatment") that names the
visitor's own condition or medicine is about a contraindication.
"""
from __future__ import annotations

from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic_assistant.clock import today
from clinic_assistant.screening.follow_ups import own_after_question
from clinic_assistant.screening.reader import reader_for
from components.stateless import StatelessComponent

DISCLOSURES = "disclosures"
FAR_PAST_DAYS = 100_000
FALLBACK_INTENT = "nlu_fallback"
CONTRAINDICATION_INTENT = "ask_contraindication"
CLINIC_FILE = Path(__file__).resolve().parents[1] / "clinic.yml"


@lru_cache(maxsize=1)
def _reader():
    """Read clinic.yml once per process, not once per message."""
    return reader_for(CLINIC_FILE.read_text(encoding="utf-8"))


def _finite(ranges):
    return [[lo, min(hi, FAR_PAST_DAYS)] for lo, hi in ranges]


def names_anything(text: str) -> bool:
    """A quick look before a full reading (clinic_assistant/screening/reader.py)."""
    return _reader().names_anything(text)


def names_a_medicine(word: str) -> bool:
    return _reader().is_medicine(word)


def read_disclosures(text: str, metadata: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """The reading of `text`, as the parse result carries it (JSON)."""
    reading = _reader().read(text, today=today(metadata))
    if not reading.findings and len(reading.general) == 1:
        # "is eliquis a blood thinner? im on it": the reply names it by "it".
        own = own_after_question(text, reading.general_said.get(reading.general[0]) or "")
        reread = _reader().read(own, today=today(metadata)) if own else None
        reading = reread if reread and reread.findings else reading
    out = asdict(reading)
    # "over a year ago" reaches back without end: JSON has no infinity.
    out["times"] = _finite(reading.times)
    out["findings"] = [
        {**asdict(finding), "answer": finding.answer.value, "days_ago": _finite(finding.days_ago)}
        for finding in reading.findings.values()
    ]
    return out


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class DisclosureReading(StatelessComponent):
    @classmethod
    def create(cls, *args, **kwargs):
        # Built when the model loads (seconds), not on a visitor's first message.
        _reader()
        return super().create(*args, **kwargs)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            # TEXT is already cut to the classifier's limit by InputGuard.
            out = read_disclosures(message.get(TEXT) or "", message.get("metadata"))
            message.set(DISCLOSURES, out, add_to_output=True)
            unplaced = message.get(INTENT, {}).get(INTENT_NAME_KEY) == FALLBACK_INTENT
            if unplaced and any(f["answer"] in ("yes", "unsure") for f in out["findings"]):
                message.set(
                    INTENT, {INTENT_NAME_KEY: CONTRAINDICATION_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True
                )
        return messages
