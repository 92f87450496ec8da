"""A visitor in crisis: thoughts of suicide or self-harm, an overdose,
something swallowed, or violence at home.

"i hate my face so much i dont want to be here anymore" had been read as a
request for a person ("Of course. I'm passing this chat to our team.", then
the contact prompt), and "i want to kill myself" as a cancel ("No problem,
I've let the team know you don't need them now"). Neither is a question
about microneedling, and no intent's confidence may stand between such a
message and the emergency number. A classifier of its own reads every
message (components/crisis_classifier.py) and sets the parse's `crisis` to
the kind; components/safety_override.py puts it before anything the intent
classifier said, and actions/symptoms.py answers each kind with its
message and an urgent handoff: the crisis line, the emergency message
(poisoning: "my toddler ate some of the numbing cream") or the abuse line.
"""
from __future__ import annotations

import re

from clinic_assistant.safety.normalize import normalise

# The parse result's key (components/crisis_classifier.py sets it): the dialogue and the action read it.
CRISIS = "crisis"
# The kinds of crisis, each with its own answer (actions/symptoms.py).
KINDS = ("self_harm", "poisoning", "abuse")

# "I tried to take my own life 8 years ago. I'm in a really good place now", "I overdosed
# when I was 19, I'm 40 now": an episode long past, told calmly, is history for the
# practitioner, not a crisis now; unless the message says anything of now.
_LONG_PAST = re.compile(
    r"\b(?:\d+|a few|many|several|two|three|ten|\w+teen) (?:years?|yrs?) ago\b|\b(?:years|ages|decades|a long time) ago\b"
    r"|\bin (?:19|20)\d\d\b|\bwhen i was (?:a )?(?:teen|teenager|younger|young|kid|child|\d+)\b|\bas a (?:teen|teenager|kid|child)\b"
    r"|\bused to\b|\bhistory of\b|\b(?:i'?m|im|i am) (?:\d+|fine|ok|okay|better|well) now\b|\b(?:in a (?:\w+ )?good place|recovered)\b")
_NOW = re.compile(
    r"\b(?:again|relaps\w*|tonight|today|last night|yesterday|this (?:week|morning|weekend)|last week|still|lately|recently|keep|keeps"
    r"|right now|rn|at the moment|back|want|wanna|going to|gonna|thinking|on (?:mon|tues|wednes|thurs|fri|satur|sun)day)\b")


def long_past(text: str) -> bool:
    """An episode placed long ago, with nothing said of now."""
    lowered = normalise(text or "")
    return bool(_LONG_PAST.search(lowered)) and not _NOW.search(lowered)


# After the crisis message: "it was a false alarm, i'm fine", "lol i was joking";
# not "i'm not joking", "this isn't a false alarm", "i'm good at pretending i'm fine".
_STANDS_DOWN = re.compile(
    r"\b(?:false alarm|(?:i'?m|im|i am) (?:fine|ok|okay|alright|all right|safe|good|all good)(?: now)?|(?:just |only )?(?:joking|kidding)|jk"
    r"|didn'?t mean (?:it|that)|(?:not|wasn'?t) serious|(?:i'?m|im|i am) not (?:suicidal|in danger)|misunderstood"
    r"|(?:it was|was) a joke|talking about my (?:skin|face|scars))\b")
_NOT_STANDING_DOWN = re.compile(
    r"\b(?:not|isn'?t|wasn'?t|never|but|just need|take the rest|kicking in|for now|he'?ll|she'?ll|they'?ll|back later)\b")


def stands_down(text: str) -> bool:
    """The visitor says the crisis message was not for them, or that they are safe."""
    lowered = normalise(text or "")
    found = _STANDS_DOWN.search(lowered)
    if not found:
        return False
    # "i'm not joking", "this isn't a false alarm", "im fine, just need to take the rest of the pills";
    # "i'm good at pretending i'm fine" anywhere in the message
    before, after = lowered[:found.start()], lowered[found.end():]
    negated_here = re.search(r"\b(?:not|isn'?t|wasn'?t|never)\W+(?:\w+\W+)?$", before)
    return not negated_here and not _NOT_STANDING_DOWN.search(after) and "pretend" not in lowered


# After the crisis message a question is answered only when it is about the
# clinic or the treatment: "how many would i need to take?" and "would it
# hurt?" may be about the crisis (helper-52: the sessions and the pain answers).
_ABOUT_THE_TREATMENT = re.compile(
    r"\b(?:microneedl\w*|needling|sessions?|treatments?|appointments?|book\w*|consult\w*|price|cost|costs|how much|pay|deposit"
    r"|downtime|numbing|skin|face|scars?|acne|redness|aftercare|clinic|open|hours|address|parking|refund|cancel\w*)\b")
# "can you call an ambulance", "can u ring the police for me": only the visitor, or someone with them, can.
_ASKS_US_TO_CALL = re.compile(
    r"\b(?:can|could|will|would|pls|please)\b.*\b(?:call|ring|phone|get|send)\b.*\b(?:ambulance|police|cops|911|999|112|000|help|someone|paramedics)\b")


def about_the_treatment(text: str) -> bool:
    return bool(_ABOUT_THE_TREATMENT.search(normalise(text or "")))


def asks_us_to_call(text: str) -> bool:
    return bool(_ASKS_US_TO_CALL.search(normalise(text or "")))
