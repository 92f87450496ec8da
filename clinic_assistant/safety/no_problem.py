"""A message the classifier took for a problem after treatment that names no
problem at all: "had my first session 2 days ago", "its like 2 years old",
"hi again, had microneedling last week, quick question".

Such a message is context, the start of what the visitor wants to say; "please
get this checked by a clinician today" and a symptom ticket for it alarm the
visitor and give staff nothing to act on. It gets a question instead (what are
you noticing?) with the clinic's number, and no reassurance
(actions/symptoms.py). The test is deliberately narrow: every word must be
one of the few below (who, when, which session, filler, that it went well:
"all healed", "went great"). Any other word ("red",
"wrong", "still", "worse", "there", an emoji) keeps the handoff, and so does
a red flag, which the rules read first.
"""
from __future__ import annotations

import re

from clinic_assistant.safety.after_treatment import treated_already

_NUMBER_WORDS = "one two three four five six seven eight nine ten couple few"
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun"
# Nothing here can name a symptom, a body part, a feeling or how something is going.
_CONTEXT_ONLY = frozenset(
    f"""
    i im ive id me my mine it its was is be been had have has got get did do just like about around roughly
    only so well and also on at in for of the a an this that last first second third next
    hi hey hello ok okay um btw lol thanks thank you
    hiya heya hii hiii heyy heyyy howdy
    session sessions treatment treatments appointment appointments microneedling micro needling procedure done
    microneedled needled
    ago day days week weeks month months year years old yesterday today tonight morning afternoon evening night
    hour hours minutes since back went again came come returning
    after post
    quick question questions ask asking wondering wanted aftercare going holiday vacation trip away
    with you your clinic there here
    healed fine great good perfect amazing loved love happy smoothly everything everythings all went
    mn up now from nicely really say letting know skin looks normal to guys 1st 2nd 3rd 4th
    {_NUMBER_WORDS} {_WEEKDAYS}
    """.split()
)
_WORD = re.compile(r"[a-z]+|\d+(?:st|nd|rd|th)?|\S")


# "no issues", "no problems at all": that nothing is wrong, said as a phrase ("no" alone is no context word).
_NOTHING_WRONG = re.compile(r"\bno (?:issues|problems|complaints|side effects)(?: at all)?\b")


# "got my face done", "had my face needled": the treatment named by the part
# treated ("face" is no context word alone: "my face is..."). Stop 46: "got
# my face done yesterday" had opened a symptom ticket with nothing wrong told.
_FACE_DONE = re.compile(r"\b(?:my|the) (?:face|skin) (?:done|needled|microneedled|micro needled)\b")


def names_no_problem(text: str) -> bool:
    """Every word of `text` is context (who, when, which session), none a problem."""
    lowered = (text or "").lower().replace("'", "").replace("\u2019", "")
    words = _WORD.findall(_FACE_DONE.sub(" done ", _NOTHING_WRONG.sub(" ", lowered)))
    words = [w for w in words if w not in ".,!-"]
    return bool(words) and all(w in _CONTEXT_ONLY or w.rstrip("stndrh").isdigit() for w in words)


def only_tells_of_treatment(text: str) -> bool:
    """"hello, I had microneedling with you last week", "was in for
    microneedling tuesday": the treatment had, and nothing else, whatever
    the classifier heard (the list of what rules it out, a booking)."""
    return treated_already(text) and names_no_problem(text)
