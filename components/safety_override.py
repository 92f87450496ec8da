"""Last NLU step: a crisis, red flags and post-treatment problems win over the classifier.

A message the crisis classifier read as thoughts of suicide or self-harm,
poisoning or abuse (the parse key `crisis`, components/crisis_classifier.py)
becomes `report_symptom`: the dialogue answers it with that kind's message.

docs/design.md §4.1/§4.2: these are matched by rules on normalised text as well as by
the classifier, with no confidence gate. When the rules see a problem the
intent becomes `report_symptom` with confidence 1.0 (also past the
FallbackClassifier), so the dialogue's symptom handling runs in any state.
A non-urgent complaint that the classifier reads as a personal medical
question stays one: it is handed to a clinician just the same (the dialogue
policy makes it a problem to check today when a treatment had is told with
it: "2 days post, running a fever, can i take ibuprofen?"). And a
non-urgent "problem" that is really a disclosure or a question about a
condition ("I get cold sores", "my mum gets cold sores, can she have it?",
"I came up in hives from numbing cream last time") goes to the screening,
unless the message ties it to a treatment ("since my microneedling"): the
disclosure reader (components/disclosures.py, before this step) tells which.
A question about the treatment's pain ("how much pain is involved?") keeps
the classifier's ask_pain. Red flags are never overridden.
"""
from __future__ import annotations

import re
from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from clinic_assistant.questions import asks_something, follow_up
from clinic_assistant.safety.after_treatment import tells_of_treatment
from clinic_assistant.safety.crisis import CRISIS, long_past
from clinic_assistant.safety.help_called import help_called
from clinic_assistant.safety.red_flags import Level, assess
from components.disclosures import DISCLOSURES
from components.input_guard import FULL_TEXT
from components.stateless import StatelessComponent

SYMPTOM_INTENT = "report_symptom"
MEDICAL_INTENT = "medical_advice"


# "how much pain is involved?", "scale of pain pls": questions about the
# treatment's pain (the classifier's ask_pain), not a report of it. Worry
# about the pain to come is said about oneself but reports nothing ("my pain
# tolerance is terrible", "I'm dreading the pain"). A time after a treatment,
# or pain that goes on, stays a symptom; so does anything else said about
# oneself ("i'm in pain").
PAIN_QUESTION = re.compile(
    r"\?\s*$|^\s*(how|how'?s|does|dose|do|is|are|r|will|would|can|what|which|rate)\b"
    r"|\b(scale|painful|involved|compared?|out of (10|ten))\b", re.I)
PAIN_TO_COME = re.compile(r"\b(tolerance|threshold|dread\w*|scared|afraid|fear\w*|nervous|worried|anxious|handle|cope|hate needles)\b", re.I)
_PAIN_WORD = re.compile(r"\b(pain\w*|hurts?|hurting|sting\w*|sore)\b", re.I)
PAIN_NOW = re.compile(
    r"\b(after|since|still|worse|days?|weeks?|getting (bad|sharp|strong|more)\w*|keeps?|won'?t|can'?t stop|swollen|now|today|yesterday|ago|anymore)\b", re.I)
# "still worried about the pain": the worry goes on, not the pain (stop 40: a symptom ticket).
_STILL_WORRIED = re.compile(r"\bstill\s+(?=(?:so\s+|really\s+|a bit\s+|kinda\s+)?(?:worried|nervous|scared|anxious|afraid|terrified|unsure))", re.I)
FIRST_PERSON = re.compile(r"\b(i|i'?m|im|me|my|mine)\b", re.I)
# "price? pain? downtime?", "cost, pain, sessions?": a word or two per question.
_QUESTIONS_IN_A_ROW = re.compile(r"^\s*(?:\w+(?:\s\w+){0,2}\s*[?,/&+]\s*)+\w+(?:\s\w+){0,2}\s*\??\s*$")


def pain_question(text: str, reasons: tuple, intent: dict) -> bool:
    """A question about the treatment's pain or bleeding ("dose it bleed", "is
    there bleeding"), or topics asked in a row ("cost? pain? sessions?",
    "swelling? redness? how long?"), heard as an FAQ: no report."""
    name = intent.get(INTENT_NAME_KEY) or ""
    if not name.startswith("ask_") or (intent.get(PREDICTED_CONFIDENCE_KEY) or 0) < 0.5 or PAIN_NOW.search(_STILL_WORRIED.sub(" ", text)):
        return False
    in_a_row = bool(_QUESTIONS_IN_A_ROW.search(text))
    if in_a_row and not FIRST_PERSON.search(text):
        return True
    if reasons == ("pain",) and name == "ask_pain":
        # "i hate needles, how painful is it": the "I" is in another clause than the pain.
        pain_clause = next((part for part in re.split(r"[.!?,;]+", text) if _PAIN_WORD.search(part)), text)
        return bool(PAIN_TO_COME.search(text)) or (bool(PAIN_QUESTION.search(text)) and not FIRST_PERSON.search(pain_clause))
    if set(reasons) <= {"pain", "bleeding"} and "bleeding" in reasons and name in ("ask_pain", "ask_procedure", "ask_safety"):
        return bool(PAIN_QUESTION.search(text)) and not FIRST_PERSON.search(text)
    return False


# "im having a reaction to the numbing cream", "reacting to it again": happening now.
_HAPPENING_NOW = re.compile(
    r"\b(?:(?:i'?m|im|i am|am)\s+)?(?:having|reacting)\b(?!\s+(?:microneedling|it done|a session|treatment))"
    # "im bleeding a lot still from this morning": bleeding now, no bleeding disorder.
    r"|\b(?:i'?m|im|i am|still)\s+(?:\w+\s+)?(?:bleeding|oozing)\b", re.I)


def screening_matter(reading: dict, text: str) -> bool:
    """A disclosure or a question about a condition, not a treatment problem
    (nor one happening now: "im having a reaction to the numbing cream")."""
    reading = reading or {}
    # A condition named in general is a question about it only where the message asks:
    # "one spot keeps bleeding and wont stop" tells of a problem.
    general = reading.get("general") and asks_something(text)
    named = [f for f in reading.get("findings", []) if f.get("answer") in ("yes", "unsure")] or general
    return bool(named) and not tells_of_treatment(text) and not _HAPPENING_NOW.search(text)


# Signs of a serious illness, no effect of the treatment that one would ask
# about after another's answer: "and a stiff neck" after "headache and feel
# sick" adds a sign (stop 43: it got the holding line, and the meningitis
# signs it made with the headache were never read).
_NO_EFFECT_ASKED_ABOUT = frozenset({"stiff_neck", "rash_not_fading", "confusion"})


def asked_as_follow_up(text: str, reasons: tuple) -> bool:
    """"what about swelling?", "and bruising?": a question of another effect,
    read with the answer before; "and a stiff neck" tells of one."""
    return follow_up(text) and not FIRST_PERSON.search(text) and _NO_EFFECT_ASKED_ABOUT.isdisjoint(reasons)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class SafetyOverride(StatelessComponent):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(FULL_TEXT) or message.get(TEXT) or ""
            assessment = assess(text)
            if message.get(CRISIS) and (assessment.level is Level.URGENT or help_called(text)):
                # "my husband collapsed", "ok ive rung an ambulance": the emergency's own path, not a crisis.
                message.set(CRISIS, None, add_to_output=True)
            if message.get(CRISIS) == "self_harm" and long_past(text):
                message.set(CRISIS, None, add_to_output=True)  # "i overdosed when i was 19, im 40 now": history
            if message.get(CRISIS):
                # Thoughts of suicide or self-harm, poisoning, abuse (components/crisis_classifier.py).
                message.set(INTENT, {INTENT_NAME_KEY: SYMPTOM_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
                continue
            level = assessment.level
            if level is Level.NONE:
                continue
            if level is Level.SYMPTOM and pain_question(text, assessment.reasons, message.get(INTENT, {})):
                continue
            if level is Level.SYMPTOM and message.get(INTENT, {}).get(INTENT_NAME_KEY) == MEDICAL_INTENT:
                # "why is my skin always itchy": a clinician answers it either way (a problem
                # told with a treatment had is the dialogue's to raise: components/policies.py).
                continue
            if level is Level.SYMPTOM and screening_matter(message.get(DISCLOSURES), text):
                continue
            if level is Level.SYMPTOM and asked_as_follow_up(text, assessment.reasons):
                continue  # "what about swelling?" after the redness answer: the same question, of another effect
            message.set(
                INTENT,
                {INTENT_NAME_KEY: SYMPTOM_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0},
                add_to_output=True,
            )
        return messages
