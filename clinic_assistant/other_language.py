"""A message in Spanish: "hola, cuanto cuesta el microneedling?", "hablan
español?".

The classifier knows English only, so it guessed a greeting, the comparison
or out of scope. Such a message gets, in Spanish and in English, that the
assistant answers in English and the clinic's phone number
(actions/dialogue/respond.py). Read by its common words, not guessed from
spelling: two or more of them, and more of them than English words, so an
English message with "gracias" or a brand name stays English.
"""
from __future__ import annotations

import re

# Words a Spanish message about the treatment uses and English does not.
_SPANISH = frozenset(
    """
    hola buenas buenos dias tardes gracias por favor quiero quisiera necesito tengo puedo puede pueden hablan
    habla español espanol cuanto cuánto cuesta cuestan precio precios duele dolor cita citas cuando cuándo donde
    dónde como cómo qué que es el la los las una uno mi mis su sus tratamiento sesion sesión sesiones cara piel
    cuantas cuántas cuantos cuántos días dias semanas después despues antes hacer hace para con sin embarazada
    ustedes usted está esta estoy señora señor ayuda informacion información
    """.split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def in_spanish(text: str) -> bool:
    """Two or more different Spanish words, and more of them than other words."""
    words = [word.lower() for word in _WORD.findall(text or "")]
    spanish = [word for word in words if word in _SPANISH]
    return len(set(spanish)) >= 2 and len(spanish) * 2 > len(words)
