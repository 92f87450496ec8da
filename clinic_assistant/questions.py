"""Several questions in one message: "does it hurt and how long is the
downtime?", "is it safe for dark skin? also can I wear make-up the next day".

The classifier gives a message one intent, so the second question went
unanswered. `split_questions` cuts a message where a new question starts;
the NLU pipeline classifies each part (components/question_segments.py) and
the dialogue answers every part's question (actions/dialogue/respond.py).
"""
from __future__ import annotations

import re
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

# Words a question starts with. "if" is left out: "can I come, if there is
# space" is one question.
_OPENER = (
    r"(?:how|how's|hows|what|what's|whats|wat|wats|when|when's|whens|where|where's|wheres|which|who|who's|whos|why|whether|"
    r"is|isn't|are|am|do|does|did|can|could|will|would|should|shall|may|might|any|"
    # "r u open sat" (stop 47: "how much is it and r u open sat" lost its second question)
    r"r(?=\s+(?:u|you|ya|they|there)\b)|"
    # "have you…?", not "im 34 and have some wrinkles" (stop 45: a statement heard as a question)
    r"have(?=\s+(?:you|u|ya|i|we|they|people|anyone|anybody|any|there|your)\b)|has(?=\s+(?:it|anyone|anybody|the|this|that|your)\b))"
)
# A new sentence, or a joining word or comma right before a question word.
# Every alternative starts on a visible character (the parts are stripped):
# one that could start on any space made a message of spaces take seconds.
_CUT = re.compile(
    r"(?<=[?!.])(?=\s)"
    # "btw", "oh also", "and btw" too (stop 48: "whats the downtime btw do u have a waitlist" lost its second question)
    r"|(?:[,;]\s*)?(?:\b(?:and also|and btw|also btw|and|also|plus|oh and|oh also|but first|but|n|btw|ps)\b|&|\+)\s+(?=" + _OPENER + r"\b)"
    r"|[,;:]\s*(?=" + _OPENER + r"\b)"
    # "2 questions - do you do PRP and is it more expensive"
    r"|(?<=\s)[-–—]+\s*(?=" + _OPENER + r"\b)"
    # "whats the downtime, also im 6 months pregnant lol": a question, then a statement of
    # the visitor's own (stop 48: one piece, a question, and the downtime went unanswered)
    r"|[,;]\s*(?:(?:and also|also|btw|oh and|and|plus|but)\s+)?(?=(?:i'?m|im|i am|i have|i'?ve|ive|i take|i use|i get|i had)\s)",
    re.IGNORECASE,
)
# "so does it work on acne scars", "ok how much is it": a filler before the question word.
# "hi how much is it" too (stop 47).
# "quick q whats ur cancellation policy" too (stop 48: the question after it went unanswered).
_STARTS_AS_QUESTION = re.compile(
    r"^\W*(?:(?:so|ok|okay|well|oh|um+|hmm+|right|and|but|hi+|hey+|hello|hiya|heya|btw"
    r"|(?:a\s+)?(?:quick|random|silly|small|another|one more|other)\s+(?:q|qq|qs|question|questions|one))\W+)*" + _OPENER + r"\b",
    re.IGNORECASE)
# Parts this short ("and is it?") carry no question of their own; "how much"
# and "how long" do ("how much + does it hurt").
MIN_WORDS = 3
# "price? pain?": a word or two asked, each with its question mark.
_SHORT_QUESTION = re.compile(r"^\W*how (?:much|long|many|often|soon)\W*$|^\W*\w+(?:\s\w+)?\s*\?$", re.IGNORECASE)
MAX_QUESTIONS = 4


def _is_question(part: str) -> bool:
    return part.rstrip().endswith("?") or bool(_STARTS_AS_QUESTION.match(part))


def _pieces(text: str) -> List[Tuple[int, int, bool]]:
    """(start, end, asks) of each non-empty piece between cuts."""
    cuts = list(_CUT.finditer(text))
    starts = [0] + [cut.end() for cut in cuts]
    ends = [cut.start() for cut in cuts] + [len(text)]
    out = []
    for start, end in zip(starts, ends):
        part = text[start:end].strip()
        if part:
            out.append((start, end, _is_question(part) and (len(part.split()) >= MIN_WORDS or bool(_SHORT_QUESTION.match(part)))))
    return out


def asks_something(text: str) -> bool:
    """A question mark, or a piece worded as a question: "i'm breastfeeding,
    is that ok" asks as much as "is that ok?"."""
    text = text or ""
    return "?" in text or any(asks for _, _, asks in _pieces(text))


# "hey! 2 questions - ...", "quick q:": no statement to keep with the question after it.
_PREAMBLE = re.compile(
    r"^\W*(?:(?:hi|hey|hello|hiya|heya|ok|okay|so|um+|quick|just|a|one|two|three|\d+|couple|few|of|some|more|"
    r"questions?|q|qs)\W*)+$",
    re.IGNORECASE,
)


# "and for just under eyes?", "what about lip fillers?": the rest of the
# question is the one just answered.
_FOLLOW_UP = re.compile(r"^\W*(?:(?:ok(?:ay)?|so|hmm+|oh)\W+)*(?:and|what about|how about|for)\b", re.IGNORECASE)
# "and my neck, does it hurt there?" asks a question of its own.
_OWN_QUESTION = re.compile(r"\b(?:does|do|did|is|are|can|could|will|would|should|hurts?|heal|safe)\b", re.IGNORECASE)
FOLLOW_UP_WORDS = 8


def follow_up(text: str) -> bool:
    """A short "and …?" or "what about …?" that names something but asks
    nothing of its own: read with the question answered just before."""
    text = text or ""
    return bool(_FOLLOW_UP.match(text)) and not _OWN_QUESTION.search(text) and len(text.split()) <= FOLLOW_UP_WORDS


def split_questions(text: str) -> List[str]:
    """The questions of a message, in order, when it asks two or more;
    otherwise []. A statement is kept with the question after it ("I have
    acne scars. How many sessions?"), or the one before at the end."""
    text = text or ""
    spans: List[List[int]] = []  # [start, end] of each question in `text`
    pending = None  # start of the statement waiting for its question
    for start, end, asks in _pieces(text):
        if asks:
            spans.append([start if pending is None else pending, end])
            pending = None
        elif pending is None and not _PREAMBLE.match(text[start:end]):
            pending = start
    if pending is not None and spans:
        spans[-1][1] = len(text)
    return [text[start:end].strip() for start, end in spans] if 2 <= len(spans) <= MAX_QUESTIONS else []


# "does that matter?", "is this a problem?": about the statement beside it.
_REFERS_BACK = re.compile(r"\b(?:that|this|these|those|they|them)\b", re.IGNORECASE)


# A question typed straight after a statement, with no stop or comma ("im on
# accutane how long is the downtime"): only openings that start a question
# and not a clause ("i get cold sores when im stressed" asks nothing).
_RUN_ON_QUESTION = re.compile(
    r"\s(?=(?:how\s+(?:long|much|many|soon|often|bad|painful|quickly|do|does|is|will|would|can|should)"
    r"|what(?:s|'s)|what\s+(?:is|are|does|do|should|can|will|would|about|happens)"
    r"|(?:when|where|why|which)\s+(?:is|are|do|does|can|could|will|would|should)"
    r"|(?:is|are)\s+(?:it|there|that|this)|(?:does|do|did)\s+(?:it|that|this|i|you)"
    r"|(?:can|could|will|would|should)\s+(?:i|you|it|that|this|we))\b)",
    re.IGNORECASE,
)


def _run_on_question(text: str) -> Optional[str]:
    """The question after a statement in one unpunctuated piece, or None."""
    if _STARTS_AS_QUESTION.match(text):
        return None
    match = _RUN_ON_QUESTION.search(text)
    if not match or len(text[:match.start()].split()) < 2:
        return None
    question = text[match.end():].strip()
    return question if len(question.split()) >= MIN_WORDS else None


def question_beside_statement(text: str) -> Optional[str]:
    """The one question of a message that also says something else ("im on
    accutane. how long is the downtime?", "does it hurt? im pregnant btw",
    "im on accutane how long is the downtime"), alone, when it stands on its
    own; otherwise None. Whether the statement is a disclosure, and so
    whether the question is answered apart from it, is for the NLU pipeline
    to judge (components/question_segments.py)."""
    pieces = _pieces(text or "")
    questions = [piece for piece in pieces if piece[2]]
    if len(pieces) == 1:
        question = _run_on_question(text.strip())
    elif len(questions) == 1:
        question = text[questions[0][0]:questions[0][1]].strip()
    else:
        return None
    return None if question is None or _REFERS_BACK.search(question) else question


# Questions with an answer of their own, even when a condition is named
# ("how much is it with rosacea?" is about the price).
SPECIFIC_FAQ_INTENTS = (
    "ask_pain", "ask_sessions", "ask_results", "ask_cost", "ask_procedure", "ask_comparison", "ask_clinic_info",
)
FAQ_INTENTS = SPECIFIC_FAQ_INTENTS + (
    "ask_safety", "ask_downtime", "ask_aftercare", "ask_preparation", "ask_suitability",
)
# What one question of several can get an answer to beside the others.
ANSWERABLE = FAQ_INTENTS + ("ask_policy",)

# The parse result's list of the parts and what each asks.
QUESTIONS = "questions"
# Below this a part's intent is a guess: it is not answered on its own.
MIN_CONFIDENCE = 0.5


# The part's intent read from its words by a reader, where the classifier
# was unsure (components/question_segments.py, stop 48): answered as if sure.
READ_AS = "read_as"


def _confident(part: Dict[str, Any]) -> bool:
    return bool(part.get(READ_AS)) or (part.get("confidence") or 0.0) >= MIN_CONFIDENCE


def statements(text: str) -> List[str]:
    """The pieces of a message that ask nothing ("had mn 2 days ago" in
    "had mn 2 days ago, can i go to the gym tmrw")."""
    text = text or ""
    return [text[start:end].strip() for start, end, asks in _pieces(text) if not asks]


def question_parts(parse: Dict[str, Any]) -> List[Tuple[str, str]]:
    """(text, intent) of each of the message's questions whose intent is not a guess."""
    return [(part.get("text") or "", part.get("intent") or "") for part in parse.get(QUESTIONS) or [] if _confident(part)]


def asks_apart(parse: Dict[str, Any], intent: str) -> bool:
    """One of the message's questions, on its own, asks `intent`."""
    return any(part_intent == intent for _, part_intent in question_parts(parse))


def each_answerable(parse: Dict[str, Any]) -> bool:
    """Every one of the message's questions has an answerable intent of its
    own: then the whole message's intent, a blend of them, adds nothing."""
    parts = parse.get(QUESTIONS) or []
    return bool(parts) and all(part.get("intent") in ANSWERABLE and _confident(part) for part in parts)


def further_questions(
    parse: Dict[str, Any], answered: Sequence[str], heard: Callable[[str, str], str] = lambda intent, _text: intent,
) -> List[Tuple[str, str]]:
    """(intent, text) of each part that asks something answerable besides the
    intents already `answered`, one part per intent, in the visitor's order.
    A part about taking a medicine is the clinician's, whatever its intent.
    `heard` gives what a part asks where the classifier heard another topic
    (answer_parts.heard_intent): "how much is it? do you do PRP?", both heard
    as the price, are two questions (stop 44)."""
    seen = set(answered)
    out = []
    for part in parse.get(QUESTIONS) or []:
        if not _confident(part) or part.get("medicine_question") or part.get("intent") not in ANSWERABLE:
            continue
        intent = heard(part["intent"], part.get("text") or "")
        if intent in ANSWERABLE and intent not in seen:
            seen.add(intent)
            out.append((intent, part.get("text") or ""))
    return out
