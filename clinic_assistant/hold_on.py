"""A "no" that holds the conversation back rather than answering the checklist:
"no wait how much is it", "nope hang on, does it hurt?".

Stop 46: under the checklist, "no wait how much is it" was read as "none of
these apply"; the check ended clear and the booking link followed, though the
visitor had answered nothing. A "no" that opens with "wait", "hang on",
"actually" or "sorry" and goes on to ask a question is the visitor stopping
to ask first: the question is answered and the list asked again.
"""
from __future__ import annotations

import re

from clinic_assistant.questions import asks_something

_HOLDS = re.compile(
    r"^\W*(?:no+|nope|nah|na)\W+(?:wait|w8|hold on|hang on|actually|sorry|hmm+|um+|before that|first|one sec|1 sec)\b\W*(?P<rest>.*)$"
    r"|^\W*(?:wait|hold on|hang on)\W+(?:no+|nope|nah)\b\W*(?P<rest2>.*)$",
    re.IGNORECASE,
)


# Stop 48: "hmm actually whats the downtime first" under the checklist: the "hmm" was
# read as "not sure" about the list, and a clinician review opened for a question.
_PAUSES = re.compile(
    r"^\W*(?:hmm+|hm+|um+|umm+|erm+|uh+|ah+)\W+(?:(?:actually|wait|ok|okay|so|sorry|before that|first|one thing|quick q)\W+)*(?P<rest>.*)$",
    re.IGNORECASE,
)
_STILL_UNSURE = re.compile(r"\bnot (?:100% |really |totally |completely )?sure\b|\bunsure\b|\bdunno\b|\bidk\b|\bmaybe\b|\bmight\b"
                           r"|\bdon'?t know\b|\bdont know\b|\bno idea\b|\bi think\b|\bnot certain\b", re.IGNORECASE)


def question_after_no(text: str) -> bool:
    """"no wait how much is it", "hmm actually whats the downtime first": a question,
    after a "no" or a pause that answers nothing."""
    found = _HOLDS.match(text or "")
    if found is None:
        paused = _PAUSES.match(text or "")
        rest = paused["rest"] if paused is not None else ""
        return bool(rest) and len(rest.split()) >= 2 and asks_something(rest) and not _STILL_UNSURE.search(rest)
    rest = found["rest"] if found["rest"] is not None else found["rest2"]
    return bool(rest) and len(rest.split()) >= 2 and asks_something(rest)


# Stop 47: "what r the numbers for", "how do i answer this", "what do i reply"
# under the checklist: how to answer it (the classifier heard the clinic's
# details, and its phone numbers came).
_HOW_TO_ANSWER = re.compile(
    r"^\W*(?:(?:sorry|um+|ok|okay|so|wait|hmm+|and|but|sry|soz)\W+)*(?:"
    r"(?:what|wat|wot|whats|what'?s)\s*(?:r|are|re|do|does)?\s*(?:the|those|these|ur|your|all the)\s+(?:numbers?|nums?|no'?s)\s*(?:for|mean|about|meaning)?"
    r"|what do (?:the|those|these) (?:numbers?|nums?) (?:mean|stand for|refer to)"
    r"|how (?:do|should|shall) i (?:answer|reply|respond|do)(?: (?:this|that|it|the list))?"
    r"|what (?:do|should) i (?:reply|say|answer|type|put|write)(?: (?:here|now|to this))?"
    r"|i don'?t (?:get|understand)(?: (?:the|this|the list|the numbers|what to (?:do|say|reply)))?"
    r"|(?:im|i'm|i am) confused)\W*$",
    re.IGNORECASE,
)


def asks_how_to_answer(text: str) -> bool:
    """"what r the numbers for": how to answer the checklist, asked under it."""
    return bool(_HOW_TO_ANSWER.match(text or ""))


# Stop 48: "no wait cancel that i need to check my calendar first" under the checklist:
# the check put off, not "no" to every line (it had ended clear, with the cancellation policy).
_PUTS_OFF = re.compile(
    r"\bcancel (?:that|this|it)\b|\b(?:never ?mind|nvm|nevermind)\b"
    r"|\b(?:need|have|got|gotta|wanna|want) to (?:check|look at|ask|talk to) (?:my|the|our|with my) "
    r"(?:calendar|diary|schedule|dates?|work|rota|shifts?|availability|partner|husband|wife|boyfriend|girlfriend|boss|mum|mom)\b"
    r"|\bnot (?:right )?now\b|\b(?:maybe|do (?:it|this|that)|finish (?:it|this|that)|come back|answer (?:it|this|them)) later\b"
    r"|\bi'?ll (?:come back|do (?:it|this|that) later|get back to (?:you|u))\b|\blet me (?:think|check) (?:about it|first|and)\b",
    re.IGNORECASE,
)
_ANSWERS_ALL = re.compile(r"\bnone\b|\bnothing\b|\bnot any\b|\bno(?:ne)? of (?:them|those|these|it)\b|\bdoesn'?t apply\b|\bdont apply\b|\bdon'?t apply\b", re.IGNORECASE)


def puts_off_the_check(text: str) -> bool:
    """"no wait cancel that i need to check my calendar first", "nvm ill do it later":
    the checklist put off, answering none of its lines."""
    text = text or ""
    return bool(_PUTS_OFF.search(text)) and not _ANSWERS_ALL.search(text)
