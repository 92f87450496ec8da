"""Last NLU step: red flags and post-treatment problems win over the classifier.

docs/design.md §4.1/§4.2: these are matched by rules on normalised text as well as by
the classifier, with no confidence gate. When the rules see a problem the
intent becomes `report_symptom` with confidence 1.0 (also past the
FallbackClassifier), so the dialogue's symptom handling runs in any state.
A non-urgent complaint that the classifier reads as a personal medical
question stays one: it is handed to a clinician just the same. And a
non-urgent "problem" that is really a disclosure or a question about a
condition ("I get cold sores", "my mum gets cold sores, can she have it?",
"I came up in hives from numbing cream last time") goes to the screening,
unless the message ties it to a treatment ("since my microneedling"): the
disclosure reader (components/disclosures.py, before this step) tells which.
A question about the treatment's pain ("how much pain is involved?") keeps
the classifier's ask_pain. Red flags are never overridden.
"""
from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

import re

from actions.safety.red_flags import Level, assess
from components.disclosures import DISCLOSURES
from components.input_guard import FULL_TEXT
from components.stateless import StatelessComponent

SYMPTOM_INTENT = "report_symptom"
MEDICAL_INTENT = "medical_advice"
# "after my treatment", "since the microneedling", "my session yesterday...".
AFTER_TREATMENT = re.compile(
    r"\b(after|since|from|post)\b\W+(?:\w+\W+){0,3}(treatment|microneedling|needling|session|procedure|appointment)"
    r"|\b(treatment|microneedling|needling|session|procedure)\b\W+(?:\w+\W+){0,6}(yesterday|ago|last (night|week)|this morning)",
    re.IGNORECASE,
)


# "how much pain is involved?", "scale of pain pls": questions about the
# treatment's pain (the classifier's ask_pain), not a report of it. Anything
# said about oneself, or about a time after a treatment, stays a symptom.
PAIN_QUESTION = re.compile(r"\?\s*$|^\s*(how|does|do|is|are|r|will|would|can|what)\b|\b(scale|painful|involved)\b", re.I)
NOT_A_QUESTION_ABOUT_IT = re.compile(
    r"\b(i|i'?m|im|me|my|mine|after|since|still|worse|days?|weeks?|getting|keeps?|won'?t|can'?t|swollen|now)\b", re.I
)


def pain_question(text: str, reasons: tuple, intent: dict) -> bool:
    return (
        reasons == ("pain",)
        and intent.get(INTENT_NAME_KEY) == "ask_pain"
        and (intent.get(PREDICTED_CONFIDENCE_KEY) or 0) >= 0.5
        and bool(PAIN_QUESTION.search(text))
        and not NOT_A_QUESTION_ABOUT_IT.search(text)
    )


def screening_matter(reading: dict, text: str) -> bool:
    """A disclosure or a question about a condition, not a treatment problem."""
    reading = reading or {}
    named = [f for f in reading.get("findings", []) if f.get("answer") in ("yes", "unsure")] or reading.get("general")
    return bool(named) and not AFTER_TREATMENT.search(text)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class SafetyOverride(StatelessComponent):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(FULL_TEXT) or message.get(TEXT) or ""
            assessment = assess(text)
            level = assessment.level
            if level is Level.NONE:
                continue
            if level is Level.SYMPTOM and pain_question(text, assessment.reasons, message.get(INTENT, {})):
                continue
            if level is Level.SYMPTOM and message.get(INTENT, {}).get(INTENT_NAME_KEY) == MEDICAL_INTENT:
                continue  # "why is my skin always itchy": a clinician answers it either way
            if level is Level.SYMPTOM and screening_matter(message.get(DISCLOSURES), text):
                continue
            message.set(
                INTENT,
                {INTENT_NAME_KEY: SYMPTOM_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0},
                add_to_output=True,
            )
        return messages
