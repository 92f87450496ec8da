"""What a visitor says while they wait for a person: impatience ("ugh this
is taking forever", "hello??") keeps the request, and a withdrawal said in
words the classifier took for another request for a person ("never mind, I
dont need the person anymore") ends it.

The classifier had read "ugh this is taking forever" as a cancel, and the
ticket of the visitor who waited longest was closed (helper-61, stop 42).
"""
from __future__ import annotations

import re

# "how long do i wait before wearing makeup", "how long will it last": the treatment's, not the team's.
_NOT_ABOUT_THE_TREATMENT = (r"(?!.*\b(?:before|after|until|till|results?|heal\w*|last\w*|hurt|red\w*|swell\w*"
                            r"|to (?:see|wear|wash|use|exercise|work out|go back))\b)")
_IMPATIENT = re.compile(
    r"\btaking (?:forever|ages|so long|too long|a while|a long time)\b|\b(?:still|been) waiting\b|\bwaiting (?:ages|forever|so long)\b"
    r"|\bhow (?:much )?longer\b|\bhow long (?:will|do|does|is) (?:it|this|that|i|they)\b" + _NOT_ABOUT_THE_TREATMENT
    + r"|\bhurry\b|\bany ?one (?:there|home)\b"
    r"|\bwhere (?:is|are) (?:they|everyone|every ?body|some ?one|any ?one|the (?:nurse|person|team|human))\b"
    r"|\bis (?:the|a) (?:nurse|person|human|someone) (?:there|coming|here)\b|^\W*(?:hello+|hi+|helo+)\W*\?+\W*$|\bso slow\b"
    r"|\b(?:no ?one|nobody|no body) (?:is )?(?:answering|replying|responding|here|there|coming)\b|\b(?:ridiculous|disappointed|unacceptable)\b"
    # "no thanks, but how long is the wait usually?" right after the handoff (stop 45: the procedure's length).
    r"|\bhow long(?: is|'s) the wait\b|\bhow long (?:do|will|would|should) (?:i|we) (?:usually |normally )?(?:have to |need to )?wait\b"
    + _NOT_ABOUT_THE_TREATMENT +
    r"|\b(?:how long|when) (?:till|until|before|will|does|do) (?:some ?one|any ?one|they|the team|a (?:person|nurse|human))\b"
    # "hello? did anyone see my message" had the welcome menu (stop 45, text channels).
    r"|\bdid (?:any ?one|some ?one|any ?body|you(?: guys)?|they|the team) (?:see|get|read|receive) my (?:message|question|msg|text)s?\b",
    re.IGNORECASE,
)
_WITHDRAWS = re.compile(
    r"\b(?:don'?t|dont|do not|no longer) (?:need|want)(?: to (?:talk|speak) to)? (?:a |the |any )?(?:person|human|one|anyone|any ?body|some ?one|staff|team|nurse|call(?: ?back)?|help)\b"
    r"|\bno need (?:for (?:a |the )?(?:person|human|call(?: ?back)?|anyone)|to (?:call|contact|get back))\b"
    r"|\b(?:cancel|withdraw) (?:my|the|that) (?:request|ticket|call ?back)\b"
    # Stop 48: "actually no dont worry, whats the price", "actually nvm how much is it" after asking for a call back.
    r"|\b(?:actually|no|nah|nvm)\W+(?:no\W+)?(?:don'?t|dont|do not) worry\b|^\W*(?:(?:oh|ok|actually|wait)\W+)*(?:nvm|never ?mind)\b",
    re.IGNORECASE,
)
_STILL_WANTS = re.compile(r"\b(?:still|do) (?:need|want)\b|\bactually (?:yes|i do)\b", re.IGNORECASE)


def impatient(text: str) -> bool:
    """Impatience while waiting: the request stands."""
    return bool(_IMPATIENT.search(text or ""))


def withdraws_request(text: str) -> bool:
    """"never mind, i dont need the person anymore": the request for a person taken back."""
    text = text or ""
    return bool(_WITHDRAWS.search(text)) and not _STILL_WANTS.search(text)
