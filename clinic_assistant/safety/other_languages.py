"""Emergencies told in Spanish, French, Portuguese or German.

The red-flag rules read English, and the classifier knows English only: "no
puedo respirar bien despues del tratamiento" was out of scope and "j'ai du
mal à respirer après le microneedling" got the comparison with laser. These
phrases name the emergency red flags of docs/design.md §4.1 (breathing,
swelling of the face, lips, tongue or throat, chest pain) and a fever, in
the words a visitor types, accents optional. They are read only when the
English rules find nothing (clinic_assistant/safety/red_flags.py). A
negation is not read: "no puedo respirar" is "I can't breathe", and an
emergency message too many is the cheaper mistake.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Tuple

_PARTS = {
    "es": r"(?:cara|rostro|labios?|lengua|garganta|ojos?|parpados?)",
    "fr": r"(?:visage|levres?|langue|gorge|yeux|oeil|paupieres?)",
    "pt": r"(?:rosto|cara|labios?|lingua|garganta|olhos?)",
    "de": r"(?:gesicht|lippen?|zunge|hals|augen?)",
}
# "labios muy hinchados", "lèvres sont gonflées", "Lippen sind stark geschwollen".
_BETWEEN = r"(?:[a-z]+\s+){0,2}"
_URGENT = {
    "breathing": (
        r"\b(?:no puedo|me cuesta|dificultad (?:para|al)|problemas? para) respirar\b|\bfalta de aire\b|\bme ahogo\b"
        r"|\bno puedo tragar\b"
        r"|\b(?:du |de )?mal a respirer\b|\bje ne (?:peux|arrive) (?:pas|plus) (?:a )?respirer\b|\bdifficultes? a respirer\b"
        r"|\bessouffle"
        r"|\bnao consigo respirar\b|\bdificuldade (?:para|de|em) respirar\b|\bfalta de ar\b"
        r"|\bkann (?:nicht|kaum) (?:richtig |gut )?atmen\b|\batemnot\b|\bschwer (?:zu )?atmen\b"
    ),
    "facial_swelling": (
        rf"\b{_PARTS['es']}\s+{_BETWEEN}(?:hinchad[oa]s?|inflamad[oa]s?)\b"
        rf"|\bhinchazon (?:de|en) (?:la |los |el )?{_PARTS['es']}\b|\bse me (?:esta )?(?:hincha|hincho|hinchando)\b"
        rf"|\b{_PARTS['fr']}\s+{_BETWEEN}(?:gonfle|enfle)e?s?\b|\b(?:gonflement|oedeme) (?:du |des |de la )?{_PARTS['fr']}\b"
        rf"|\b{_PARTS['pt']}\s+{_BETWEEN}inchad[oa]s?\b|\binchaco (?:no|na|nos|nas) {_PARTS['pt']}\b"
        rf"|\b{_PARTS['de']}\s+{_BETWEEN}(?:geschwollen|angeschwollen)\b"
    ),
    "chest_pain": (
        r"\bdolor (?:en el|de|del) pecho\b|\bdouleurs? (?:a|dans) la poitrine\b|\bdor no peito\b|\bbrustschmerz"
        r"|\bschmerzen in der brust\b"
    ),
}
_SYMPTOM = {"fever": r"\bfiebre\b|\bfievre\b|\bfebre\b|\bfieber\b"}
_URGENT_RE = {reason: re.compile(pattern) for reason, pattern in _URGENT.items()}
_SYMPTOM_RE = {reason: re.compile(pattern) for reason, pattern in _SYMPTOM.items()}


def _plain(text: str) -> str:
    """Lower case without accents: "dificultad al respirar", "gonflé"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def red_flags_in_other_languages(text: str) -> Tuple[bool, Tuple[str, ...]]:
    """(urgent, reasons) of what the phrases above name in `text`."""
    plain = _plain(text or "")
    urgent = tuple(reason for reason, pattern in _URGENT_RE.items() if pattern.search(plain))
    other = tuple(reason for reason, pattern in _SYMPTOM_RE.items() if pattern.search(plain))
    return bool(urgent), urgent + other
