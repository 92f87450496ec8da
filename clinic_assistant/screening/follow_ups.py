"""A reply about the visitor's own case that names nothing, right after the
general rule for what they asked about:

    visitor: can you have it while breastfeeding?   (the general rule)
    visitor: well I am

Read alone, "well I am" names no condition and went by as small talk ("Great.
What would you like to know next?"). Read with what it refers to, it is the
disclosure it is: `with_referent` puts the visitor's own word for it back
("well I am breastfeeding", "yeah I take blood thinners", "I stopped
accutane 3 months ago", "my diabetes is well controlled") for the disclosure
reader to read as usual, negation and dates included.

Only short replies in the first person, shaped as an answer about "it" are
taken: "can I have it done next week?" is about the treatment, and reads as
what it is.
"""
from __future__ import annotations

import re
from typing import Optional

MAX_WORDS = 15
# The reading's key for a reply that refers back to one of several things
# asked about ("blood thinners or Accutane?", then "yeah I take one"): the
# visitor's words for them, for the dialogue to ask which.
REFERS_TO_ONE_OF = "refers_to_one_of"

# "sorry i meant 2 days ago", "oops, not 2 weeks", "wait i meant 5": an answer said again.
_CORRECTION = re.compile(
    r"\b(?:sorry|oops|whoops|i meant|i mean|meant to say|actually|correction|typo|my bad|wait)\b"
    r"|\bnot \d+\s*(?:days?|weeks?|months?)\b", re.IGNORECASE)


def corrects(text: str) -> bool:
    return bool(_CORRECTION.search(text or ""))


_LEAD = r"^\W*(?:(?:oh+|ah+|hmm+|right|yes|yeah|yep|yup|no|nope|nah|well|but|and|actually|um+|so|ok|okay|sadly|unfortunately|i think|cos|coz|cause|because|bc|as)\W+)*"
# "well I am", "no I'm not", "I do", "yes I have": the answer ends where the condition would be named.
_BARE_ANSWER = re.compile(
    _LEAD + r"(?:i\s+am|i'?m|i\s+do|i\s+did|i\s+have|i'?ve|i\s+was|i\s+get|i\s+used\s+to)"
    r"(?:\s*(?:not|n'?t))?(?:\s+(?:too|also|though|currently|now|yes|sadly|unfortunately|at the moment))?"
    r"(?:\s+(?:actually|tbh|lol|haha))?\W*$"
    # "me too", "same here", "so am i" after someone else's: the visitor's own.
    r"|" + _LEAD + r"(?:me\s+too|me\s+as\s+well|same(?:\s+here)?|ditto|so\s+am\s+i|so\s+do\s+i)(?:\s+(?:actually|tbh|lol|haha))?\W*$",
    re.IGNORECASE,
)
# "I take one", "I'm on them", "I stopped it 3 months ago", "I had mine last week":
# said first, and "it" followed by nothing or by when, how often or where,
# never by a noun ("I have one more question") or "done" ("I have it done").
_OBJECT = re.compile(
    _LEAD + r"(?:i\s+(?:\w+\s+)?(?:take|took|taking|use|used|using|had|have|get|got|stopped|quit|finished|started|"
    r"came\s+off|come\s+off|am\s+on|was\s+on|been\s+on)|i'?m\s+on|i'?ve\s+(?:got|had)"
    r"|(?:i'?ve\s+|i\s+have\s+)?been\s+(?:on|taking|using))"
    r"\s+(?P<it>it|one|them|mine|that|those|this|that one|that stuff|(?P<dose>\d+(?:\.\d+)?\s*(?:mg|mcg|g|ml|milligrams?)))"
    r"(?=\W*$|\W*\s(?:too|also|as|every|daily|each|for|since|last|about|around|a|an|\d+|ago|now|currently|at|in|on|"
    r"yesterday|recently|before|then|though|but|and|till|until|twice|once|sometimes|most|when|is|was|so|"
    r"nightly|weekly|regularly|everyday|fitted|implanted|inserted|put)\b)",
    re.IGNORECASE,
)
# Stop 48: "im type 1, well controlled", "type 2 but diet controlled", "i have
# type 1" after the general rule for diabetes: the kind of what was asked
# about, told as the visitor's own. Read alone, "type 1" may be a skin type.
_KIND = re.compile(
    _LEAD + r"(?P<own>(?:i\s+am|i'?m|i\s+have|i'?ve\s+got|i\s+got)\s+)?(?:a\s+)?"
    r"(?P<kind>type\s*(?:1|2|one|two|i|ii)|t[12])\b(?!\s+(?:skin|hair))",
    re.IGNORECASE,
)
# "type 1 or type 2 doesn't matter?", "which type?": the rule asked about, no type of theirs.
_KIND_ASKED = re.compile(r"\?|\bor\s+(?:type|t)\s*\w+|\b(?:matter|matters|which|what|difference|either)\b", re.IGNORECASE)
# "mine is well controlled", "mine's mild".
_MINE = re.compile(_LEAD + r"mine\b", re.IGNORECASE)
# "no never had that", "never taken it", "not on that": what was asked about, answered no.
_NEVER = re.compile(
    _LEAD + r"(?:i'?ve\s+|i\s+have\s+)?(?:never|not)(?:\s+(?:had|taken|took|used|been\s+on|on))?\s+(?:it|that|them|those|one|any)\W*$",
    re.IGNORECASE,
)
# "my doctor said it's fine for me", "well my gp said its ok for me to have it":
# their own, cleared by someone the clinic's clinician has not heard from.
_CLEARED_FOR_ME = re.compile(
    _LEAD + r"(?:my\s+)?(?:doctor|doc|dr|gp|cardiologist|dermatologist|derm|consultant|specialist|nurse|midwife|obgyn|ob)\s+"
    r"(?:(?:said|says|told me|thinks|reckons)\b.*\b(?:for me|i can|i'?m fine|i am fine|im ok|i'?m ok|mine is)\b"
    r"|(?:already\s+|has\s+|has\s+already\s+)?(?:cleared|approved|signed off)\s+me\b)",
    re.IGNORECASE,
)


def refers_back(text: str) -> bool:
    """"oh yeah i took that for acne, finished in october": "it" or "that" as
    the object of taking, having or stopping, whatever else the reply names
    (stop 45: the acne named had kept "that" from being read as isotretinoin)."""
    return bool(text) and len(text.split()) <= MAX_WORDS and bool(_OBJECT.match(text))


def with_referent(text: str, said: str) -> Optional[str]:
    """`text` with `said` (the visitor's word for what they just asked about)
    put where it refers to it, or None when the reply is not about it."""
    if not text or len(text.split()) > MAX_WORDS:
        return None
    if _BARE_ANSWER.match(text):
        return f"{text.rstrip(' .!?,')} {said}"
    found = _OBJECT.match(text)
    if found:
        mine = found.group("it").lower() == "mine"
        # "does aspirin count? i take 75mg daily" (stop 48): a dose of it, kept beside its name.
        dose = f"{found.group('dose')} " if found.group("dose") else ""
        return f"{text[:found.start('it')]}{'my ' if mine else ''}{dose}{said}{text[found.end('it'):]}"
    found = _KIND.match(text)
    if found and not _KIND_ASKED.search(text):
        own = "" if found.group("own") else "i have "
        return f"{text[:found.start('kind')]}{own}{found.group('kind')} {said}{text[found.end('kind'):]}"
    found = _MINE.match(text)
    if found:
        return f"{text[:found.end() - 4]}my {said}{text[found.end():]}"
    if _CLEARED_FOR_ME.match(text):
        return f"my {said}: {text}"
    if _NEVER.match(text):
        return f"{text.rstrip(' .!?,')} {said}"  # "no never had that": that one, answered no
    return None


# "is xarelto a blood thinner? i take it": the question, then the answer about "it".
_AFTER_QUESTION = re.compile(r"^(?P<question>.*\?)\s*(?P<reply>[^?]+?)\s*$", re.DOTALL)


def own_after_question(text: str, said: str) -> Optional[str]:
    """"is xarelto a blood thinner? i take it", "does accutane rule it out? i
    finished it 2 months ago": `text` with the visitor's word for what the
    question asked about (`said`) put into the reply that follows it, or
    None when nothing follows the question or it is not such a reply."""
    found = _AFTER_QUESTION.match(text or "")
    reply = with_referent(found.group("reply"), said) if found else None
    return f"{found.group('question')} {reply}" if reply else None


# After "I had a baby" (the pregnancy line named only by a word beside it):
# "Are you breastfeeding at the moment?"
AFTER_BIRTH_QUESTION = "utter_ask_after_birth"

# After "Are you breastfeeding at the moment?": "ya", "only at night",
# "does pumping count?" (a yes in doubt), "no", "nope, formula".
_BARE_YES = re.compile(
    r"^\W*(?:y|ya|yah|yes|yeah|yep|yup|yh|ye|i am|still am|still|yes i am|i do|mostly|sometimes|a bit|a little"
    r"|only at night|at night|just at night|only in the morning|pumping|expressing|combi(?:nation)? feeding|mixed feeding)\b"
    r"|\bdoes (?:pumping|expressing) count\b",
    re.IGNORECASE,
)
_BARE_NO = re.compile(r"^\W*(?:n|no|nope|nah|not anymore|not any more|i'?m not|i am not|formula|bottle ?fed|stopped)\b",
                      re.IGNORECASE)


# "ok", "k" (and "👍", which the input guard turns into "ok"): heard, not answered.
_ACKNOWLEDGED = re.compile(r"^\W*(?:ok|okay|k|kk|okk|oki)\W*$", re.IGNORECASE)


def yes_or_no_to_question(text: str) -> Optional[str]:
    """A short reply to a yes/no question: "yes", "no", "unsure" for a bare
    "ok", or None (not one)."""
    text = text or ""
    if len(text.split()) > 6:
        return None
    if _ACKNOWLEDGED.match(text):
        return "unsure"
    if _BARE_NO.search(text):
        return "no"
    return "yes" if _BARE_YES.search(text) else None

