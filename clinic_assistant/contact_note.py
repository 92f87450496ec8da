"""What a visitor adds about being reached, beside a phone number or instead
of one: a name, a time, a way ("tom, best after 5pm", "text only pls, im at
work", "my name is jess"). The person who calls back needs it as much as the
number, so it is kept on the ticket with the contact (actions/contact.py).

Only those clauses of the message are kept, in the visitor's words; a
question beside them ("also do you have parking?") is answered, not noted.
"""
from __future__ import annotations

import re
from typing import Optional

from clinic_assistant.pii import REDACTED_EMAIL, REDACTED_PHONE, redact
from clinic_assistant.questions import asks_something
from clinic_assistant.text.stop_words import STOP_WORDS
from clinic_assistant.text.word_tables import medicine_generics

NOTE_CHARS = 120

# "my name is tom", "its jess", "this is tom here", "tom here".
_LEAD = r"^(?:(?:hi|hey|hello|sure|yes|yeah|ok(?:ay)?|and)\s+)*"
# Words that say a name follows; the others ("i'm", "its", "this is") may introduce anything.
_SAYS_A_NAME = r"my name(?:'s| is)|name(?:'s| is|:)|call me"
_NAME = re.compile(
    _LEAD + r"(?:(?:" + _SAYS_A_NAME + r"|i'?m|i am|it'?s|its|this is)\s+([a-z][a-z'-]{1,20})"
    r"(?:\s+(?!here$)([a-z][a-z'-]{1,20}))?(?:\s+here)?"
    r"|([a-z][a-z'-]{1,20})(?:\s+([a-z][a-z'-]{1,20}))?\s+here)$",
    re.IGNORECASE,
)
# How to reach them: enough on its own.
_HOW = re.compile(
    r"\btext(?:s|ing)?\s+(?:only|me|pl(?:ea)?se?|pls|is (?:better|best|fine|easier))\b|\b(?:only|just) text\b"
    r"|\b(?:don'?t|dont|do not|pls don'?t|please don'?t|no)\s+(?:call|calls|ring|phone)\b"
    r"|\b(?:call|ring|phone)\s+(?:me|is (?:better|best|fine|easier))\b"
    r"|\bwhats\s?app\b|\bat work\b|\bcan'?t (?:talk|answer|pick up)\b|\bvoice ?mail\b|\bleave a message\b"
    r"|\be-?mail (?:is )?(?:better|best|only|easier|me)\b|\b(?:mobile|landline|cell|work number|home number)\b",
    re.IGNORECASE,
)
# When: a note with a word about being reached ("best after 5pm"), or alone
# just after the number ("after 5pm"); "book me in for friday" is no note.
_WHEN = re.compile(
    r"\b(?:after|before|between|from|around|by|until|till|at)\s+\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm|ish|o'?clock)?\b"
    r"|\b\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm)\b"
    r"|\b(?:mornings?|afternoons?|evenings?|lunch ?(?:time|break)|weekends?|weekdays?|any ?time|tonight|"
    r"mon(?:day)?s?|tue(?:s|sday)?s?|wed(?:nesday)?s?|thu(?:rs|rsday)?s?|fri(?:day)?s?|sat(?:urday)?s?|"
    r"sun(?:day)?s?)\b",
    re.IGNORECASE,
)
_REACHED = re.compile(
    r"\b(?:call|ring|phone|text|reach|contact|get (?:hold|back)|best|better|easiest|free|available|prefer|works? for me)\b",
    re.IGNORECASE,
)
_BOOKING = re.compile(r"\b(?:book|booking|appointment|come in|come by|visit|session|treatment|consultation)\b", re.IGNORECASE)
_CLAUSE = re.compile(r"[,;!?\n]+|\.(?:\s|$)|\s+(?:also|and also|plus|btw|but)\s+|\s+-\s+")
_CONTACT = "\x00"
# What is left around a number once it is taken out: "my number is", "on", "here's my email".
_FILLER = re.compile(
    r"^(?:(?:sure|yes|yeah|ok(?:ay)?|thanks?|thank you|ty|pls|please|here(?:'s| is| you go)?|"
    r"my|your|the|number|phone|mobile|cell|e-?mail|address|is|it'?s|its|on|at|and|:|-)\b\W*)+"
    r"|(?:\W*\b(?:on|at|is|or|and|to|via))+\W*$",
    re.IGNORECASE,
)
_LEADING_AND = re.compile(r"^(?:and|also|oh|ps)\b\W*", re.IGNORECASE)


# "tom, 07700 900123", or "Maria" when asked for the number: a word or two on their own.
_BARE_NAME = re.compile(r"^([a-z][a-z'-]{1,20})(?:\s+([a-z][a-z'-]{1,20}))?$", re.IGNORECASE)
# Words that are no name: "it's busy", "i'm at work", "whatever" when asked for the number.
_NOT_A_NAME = {
    "hi", "hey", "hello", "thanks", "thank", "cheers", "ty", "yes", "yeah", "yep", "sure", "please", "pls", "plz",
    "ok", "okay", "here", "there", "sorry", "x", "xx", "number", "email", "phone", "mail", "what", "why", "how",
    "who", "when", "where", "which", "later", "whatever", "never", "mind", "nevermind", "hmm", "hm", "lol", "idk",
    "nah", "nope", "no", "maybe", "cancel", "stop", "wait", "huh", "help", "skip", "done", "fine", "good", "great",
    "cool", "now", "tomorrow", "today", "again", "bye", "goodbye", "test", "testing", "hello?", "anyone", "someone",
    "person", "human", "nurse", "me", "at", "in", "on", "out", "busy", "free", "working", "not",
    "urgent", "a", "an", "the", "my", "just", "only", "about", "for", "really", "so", "very", "still", "back",
    "available", "off", "away", "driving", "afraid", "worried", "nervous", "better", "best", "easier", "mobile",
    "landline", "cell", "whatsapp", "easiest", "quicker", "faster", "whichever", "either", "both", "any", "anytime",
    "oops", "typo", "meant", "text", "call", "ring", "backup", "primary", "secondary", "main", "home", "personal",
    "prefer", "preferred", "first", "second", "instead",
    # Interjections while finding the number (helper-50: "name: Omg" on the ticket).
    "nvm", "brb", "sec", "one", "moment", "ugh", "omg", "oh", "ah", "um", "umm", "uh", "erm", "wow", "haha", "k",
    "hang", "hold", "tho", "though", "yea", "ya", "yup",
    # "its well controlled" said of a condition (helper-53: "name: Well Controlled").
    "well", "controlled", "normal", "bad", "mild", "stable", "gone", "over", "healed", "type",
    # Frustration while waiting for a person (helper-61: "name: Ridiculous", "name: Forget It").
    "ridiculous", "stupid", "rubbish", "useless", "terrible", "awful", "crazy", "insane", "silly", "weird", "annoying",
    "frustrating", "pointless", "slow", "pathetic", "unacceptable", "outrageous", "joke", "nonsense", "rude", "absurd",
    "unbelievable", "forever", "ages", "dumb", "horrible", "hopeless", "broken", "wrong", "taking", "forget", "waiting",
    "annoyed", "fed", "sick", "tired", "done", "confused", "lost", "serious", "kidding", "joking",
}


_SAYS_NAME = re.compile(_LEAD + r"(?:" + _SAYS_A_NAME + r")\s", re.IGNORECASE)


def _name(clause: str, bare: bool = False) -> Optional[str]:
    """"my name is tom"; with `bare`, "tom" or "Sarah Jones" alone too."""
    match = _NAME.match(clause) or (_BARE_NAME.match(clause) if bare else None)
    if not match:
        return None
    words = [word for word in match.groups() if word]
    # "this is taking forever", "forget it": a name is no stop word either (spaCy's English
    # list), unless the visitor says it is one ("my name is Will").
    stop_words = () if _SAYS_NAME.match(clause) else STOP_WORDS
    if not words or any(word.lower() in _NOT_A_NAME or word.lower() in stop_words for word in words):
        return None
    if not _SAYS_NAME.match(clause) and any(medicine_generics().get(word.lower()) for word in words):
        return None  # "its sertraline" after "not sure if my tablets count" (stop 45: "name: Sertraline")
    return "name: " + " ".join(word.capitalize() for word in words)


def _reach(clause: str, after_contact: bool) -> bool:
    if _BOOKING.search(clause) or asks_something(clause):
        return False
    return bool(_HOW.search(clause) or _WHEN.search(clause) and (after_contact or _REACHED.search(clause)))


def contact_note(text: str, after_contact: bool = False, asked_for_contact: bool = False) -> Optional[str]:
    """The name and the when and how to reach them in `text`, or None.
    `after_contact`: the message follows the number just given;
    `asked_for_contact`: it answers "please type your phone number or
    e-mail address", where a bare "Maria" is a name."""
    text = (redact(text) or "").replace(REDACTED_PHONE, _CONTACT).replace(REDACTED_EMAIL, _CONTACT)
    kept = []
    for clause in _CLAUSE.split(text):
        if _CONTACT in clause:  # "my number is 0770…": the words around the number say nothing more
            clause = " ".join(_FILLER.sub("", part.strip()) for part in clause.split(_CONTACT))
        clause = _LEADING_AND.sub("", " ".join(clause.split()))
        name = _name(clause, bare=_CONTACT in text or asked_for_contact)
        if name:
            kept.append(name)
        elif _reach(clause, after_contact or _CONTACT in text):
            kept.append(clause)
    note = "; ".join(kept)
    return note[:NOTE_CHARS].strip() or None


def with_note(contact: Optional[str], notes: Optional[str]) -> Optional[str]:
    """The ticket's contact line: "07700900123 (name: Tom; best after 5pm)"."""
    if not notes:
        return contact
    return f"{contact} ({notes})" if contact else f"({notes})"
