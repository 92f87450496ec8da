""""is the consult in person or online", "and can i do it over video"
(about the consultation): clinic.yml's optional `consultation_format`, or,
left empty, that the assistant has not been told and a person who can say.

Stop 48: "and is it in person or online" after the consultation policy got
"did you mean how it compares with other treatments...?".
"""
from __future__ import annotations

import re
from typing import Iterable, Optional, Sequence

from clinic_assistant.policy_topics import topics_asked

_FORMAT = re.compile(
    r"\bin[- ]?person\b|\bonline\b|\bvideo\b|\bzoom\b|\bfacetime\b|\bvirtual(?:ly)?\b|\bremote(?:ly)?\b"
    r"|\b(?:over|on|by) (?:the )?(?:phone|call|teams|skype|whatsapp)\b|\bphone (?:call|consult\w*)\b|\bface[- ]to[- ]face\b"
    r"|\bcome in (?:for it|for the consult\w*)\b|\b(?:at|in) the clinic\b",
    re.IGNORECASE,
)
_CONSULT = re.compile(r"\bconsult\w*\b", re.IGNORECASE)
# The treatment itself is never online: "can the treatment be done at home" is no consultation.
_THE_TREATMENT = re.compile(r"\b(?:treatment|session|microneedling|needling|procedure)\b", re.IGNORECASE)
# Answers that were about the consultation (its policy, its price and length, the booking link).
CONSULT_ANSWERS = ("utter_consultation_details", "utter_booking_link")
MOST_WORDS = 14


def consultation_format_asked(text: str, earlier: Sequence[str], given: Iterable[Optional[str]]) -> bool:
    """Whether the consultation is in person or online, asked in the message
    ("is the consult online?") or right after an answer about the
    consultation ("and is it in person or online"). `earlier`: the visitor's
    messages before this one; `given`: the responses so far."""
    text = text or ""
    if not _FORMAT.search(text) or len(text.split()) > MOST_WORDS:
        return False
    if _CONSULT.search(text):
        return True
    if _THE_TREATMENT.search(text):
        return False
    answers = [name for name in given if name]
    last = answers[-1] if answers else ""
    if last in CONSULT_ANSWERS:
        return True
    return last == "utter_policy_answer" and bool(earlier) and "consultation" in topics_asked(earlier[-1])


FORMAT_ANSWERS = ("utter_consultation_format", "utter_consultation_format_unknown")
# "how long is it", "and is it free" right after the consultation's format: the consultation's
# length and price (stop 48: how the treatment is done, "about 90 minutes in all").
_OF_IT = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|right|cool|also)\W+)*(?:how long (?:is|does|will) (?:it|that)|how much (?:is|does) (?:it|that)"
    r"|(?:is|will) (?:it|that) (?:be )?free|(?:does|will) (?:it|that) cost|what does (?:it|that) cost)\b", re.IGNORECASE)


def consultation_details_asked(text: str, given: Iterable[Optional[str]]) -> bool:
    """"how long is it" right after whether the consultation is in person or online."""
    answers = [name for name in given if name]
    return bool(answers) and answers[-1] in FORMAT_ANSWERS and bool(_OF_IT.match(text or ""))
