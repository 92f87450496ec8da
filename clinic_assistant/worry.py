"""A message that only says the visitor is worried: "im a bit worried
honestly", "i'm nervous about it", "kinda scared tbh".

Read alone it asks nothing, so the classifier guessed (a clarifying question
about risks or pain, or the list of contraindications). It gets reassurance
and the offer of a person instead. A worry with a question ("im scared of
needles, does it hurt?") is the question's, and a symptom's words go to the
symptom path before this is read.

A pause ("hmm", "?", "...", "🤔") had been heard as a yes ("Great. What
would you like to know next?"); it is asked what could be explained better.

Frustration with the assistant itself ("ugh this is useless, u r so dumb")
is read the same way: the classifier had heard a medical question in it and
handed it to a clinician. It gets an apology and the offer of a person.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

from clinic_assistant.questions import asks_something
from clinic_assistant.text.emoji import emoji_as_word

# "thinking of getting microneedling but", "first time ever getting anything done,":
# the plan or the first time, before the worry (stop 39: a symptom ticket).
_PLAN_BEFORE = (
    r"(?:(?:hi+|hey+|hello|so|ok)\W+)*(?:(?:i'?m|im|i\s+am|i'?ve\s+been|been|i)\s+)?"
    r"(?:(?:thinking|thought)\s+(?:of|about)|considering|wanna|want\s+to|would\s+like\s+to|planning\s+(?:on|to))\s+"
    r"(?:getting\s+|trying\s+|having\s+|doing\s+|try\s+|get\s+|have\s+)?(?:microneedling|it|this|the\s+treatment)(?:\s+done)?\W+(?:but\W+)?"
    r"|(?:(?:hi+|hey+|hello|so)\W+)*(?:my\s+)?first\s+time\s+(?:ever\s+)?(?:getting|having|doing)\s+(?:anything|something|it|this)(?:\s+like\s+(?:this|that))?(?:\s+done)?\W+"
)
_WORRY = re.compile(
    r"^\W*(?:" + _PLAN_BEFORE + r")?(?:(?:i'?m|im|i\s+am|i\s+feel|feeling|honestly|tbh|just|a\s+bit|a\s+little|bit|kinda|kind\s+of|so|really|quite|"
    r"very|pretty|super|getting|a\s+lot|still|but|and|ok|okay|well|um+|hmm+|ngl)\W+)*"
    r"(?:worried|nervous|anxious|scared|terrified|apprehensive|freaked\s+out|freaking\s+out|on\s+edge|concerned)"
    r"(?:\s+(?:about|of)\s+(?:(?:getting|having|doing)\s+)?(?:it|this|that|the\s+(?:treatment|needles?|appointment|session|procedure)|microneedling|everything))?"
    r"(?:\s+(?:it'?s|its|it\s+will|it'?ll)\s+(?:gonna\s+|going\s+to\s+)?go\s+wrong)?"
    r"(?:\W+(?:honestly|tbh|lol|haha|though|tho|now|ngl|to\s+be\s+honest))*\W*$",
    re.IGNORECASE,
)


def only_worry(text: str) -> bool:
    """The whole message says the visitor is worried, and nothing else."""
    return bool(_WORRY.match(text or "")) and len((text or "").split()) <= 16


# "my acne scars make me hate how i look, i dont even want to go out anymore":
# low about looks (stop 45: the crisis line for it, and every question after held).
_LOW_ABOUT_LOOKS = re.compile(
    r"\bhate (?:how i look|the way i look|my (?:face|skin|reflection|looks|scars|acne scars))\b"
    r"|\bfeel (?:so |really |very )?(?:ugly|hideous|disgusting|gross)\b|\bi'?m (?:so |really )?ugly\b"
    r"|\b(?:don'?t|dont|do not) (?:even )?(?:want|wanna) (?:to )?(?:go out|leave (?:the house|my room|home)|go anywhere|be seen)"
    r"(?!\s+(?:in(?:to)? the sun|after|afterwards|straight after|the same day|that day|with (?:a )?red))"
    r"|\b(?:stopped|avoid|barely|never) go(?:ing)? out\b|\bruin(?:s|ing|ed)? my (?:life|social life|confidence)"
    r"|\b(?:no|zero|lost (?:all )?(?:my )?)confidence\b|\bself[- ]?conscious\b|\bcan'?t (?:stand|bear) (?:to )?look(?:ing)? at (?:myself|my face)",
    re.IGNORECASE,
)


def low_about_looks(text: str) -> bool:
    """The visitor says their skin gets them down or keeps them in."""
    return bool(_LOW_ABOUT_LOOKS.search(text or ""))


_FRUSTRATION = re.compile(
    r"\b(?:useless|stupid|dumb|idiot|idiotic|rubbish|garbage|trash|pointless|waste of (?:my )?time|not helpful|"
    r"unhelpful|(?:you|u|this|it) sucks?|ur (?:useless|dumb|stupid)|wtf|ffs|omg stop|so annoying|annoying)\b",
    re.IGNORECASE,
)


def only_frustration(text: str) -> bool:
    """The message complains about the assistant, and asks nothing."""
    return bool(_FRUSTRATION.search(text or "")) and not asks_something(text) and len((text or "").split()) <= 20


_PAUSE = re.compile(r"^[\s.?!…]*(?:(?:h+m+|u+m+|u+h+m*|e+r+m+)[\s.?!…]*)?$", re.IGNORECASE)
_DONT_KNOW = re.compile(r"^\W*(?:idk|i dunno|dunno)\W*$", re.IGNORECASE)


# "i need to check my diary brb", "hang on", "1 sec": away for a moment (stop 45:
# "outside what I can help with").
_AWAY = re.compile(
    r"^\W*(?:(?:ok|okay|sorry|wait|hold on|hang on|one sec|1 sec)\W+)*(?:(?:i\s+)?(?:need|have|got|gotta)\s+(?:to\s+)?"
    r"(?:check|look at|ask|find|get)\s+(?:my|the|her|his|our)\s+\w+\W+)?"
    r"(?:brb|be right back|back in a (?:sec|min|minute|bit|mo)|hang on|hold on|one sec|1 sec|one moment|give me a (?:sec|min|minute|moment)"
    r"|gimme a (?:sec|min)|just a (?:sec|min|minute|moment)|wait a (?:sec|min|minute))\W*$",
    re.IGNORECASE,
)


def only_pause(text: str) -> bool:
    """"hmm", "?", "...", "🤔": thinking, no answer (under the checklist: asked
    again, not "not sure"; helper-53); "brb", "hang on": away a moment."""
    text = (text or "").strip()
    return bool(text) and (bool(_PAUSE.match(text)) or emoji_as_word(text) == "hmm" or bool(_AWAY.match(text)))


# Stop 48: "ok i'll think about it", "let me have a think" after the price got "Great.
# What would you like to know next?": time asked for, no yes.
_THINKS_IT_OVER = re.compile(
    r"^\W*(?:(?:ok+|okay|k|hmm+|right|cool|alright|fine|thanks|thx|ty|sure|fair enough|mm+)\W+)*"
    r"(?:i'?ll|ill|i will|i need to|i'?d like to|id like to|let me|gonna|i'?m going to|im going to|i wanna|need to|i have to|have to)\s+"
    r"(?:(?:have a|take a|go away and|sleep on it and)\s+)?(?:think|thinl|ponder)(?:\s+(?:about it|it over|on it|about that|abt it))?"
    r"(?:\W+(?:thanks|thx|ty|first|a bit|tbh|and get back to (?:you|u)))*\W*$",
    re.IGNORECASE,
)


def only_hesitation(text: str) -> bool:
    """A pause, "idk", or "ok i'll think about it": no answer and no question."""
    text = text or ""
    return only_pause(text) or bool(_DONT_KNOW.match(text)) or bool(_THINKS_IT_OVER.match(text))


# "and also", "can i", "i mean", "quick q", "one more thing": a message cut
# short, the rest still to come (helper-64, stop 43: "That's outside what I
# can help with", "Great.", "Okay, stopped.").
_UNFINISHED = re.compile(
    r"^\W*(?:(?:and|also|and also|plus|oh and|oh also|but|so|or|i mean|can i|could i|can you|is it|what about|"
    r"one more thing|one more question|another question|quick q|quick question|i have a question|i wanted to ask|"
    r"question|also wanted to ask|and one more)\W*)$",
    re.IGNORECASE,
)


def unfinished(text: str) -> bool:
    return bool(_UNFINISHED.match(text or ""))


def greets_again(intent: str, text: str, given: Iterable[Optional[str]]) -> bool:
    """"hi again", "hi sorry" once the conversation is under way (`given`: the
    responses so far): no introduction again."""
    return intent == "greet" and not asks_something(text) and any(name and name != "utter_greet" for name in given)



# Stop 47: "should i be worried", "is that bad?", "is it serious" about what the
# visitor told (a disclosure under review, a problem passed on): a worry asked,
# not a medicine question ("I can't advise on medicines" had answered it).
_WORRY_QUESTION = re.compile(
    r"^\W*(?:(?:so|ok|okay|and|but|hmm+|um+|wait|oh|omg|honestly|tbh|like)\W+)*"
    r"(?:should|do|shud|shld)\s+i\s+(?:be\s+)?(?:worried|worry|concerned|scared|panic(?:king)?|freak(?:ing)? out)"
    r"|^\W*(?:(?:so|ok|okay|and|but|hmm+|um+|wait|oh|omg)\W+)*(?:is|does)\s+(?:that|this|it)\s+(?:\w+\s+)?"
    r"(?:bad|serious|dangerous|worrying|a bad sign|a worry|a big deal|mean something'?s wrong)"
    r"|^\W*(?:(?:so|ok|okay|and|but|hmm+|um+|wait|oh|omg)\W+)*(?:do\s+i\s+need\s+to\s+worry|am\s+i\s+(?:ok|okay|in danger)"
    r"|is\s+something\s+wrong(?:\s+with\s+me)?|is\s+(?:my|the)\s+baby\s+(?:ok|okay|at risk))",
    re.IGNORECASE,
)


def asks_if_worrying(text: str) -> bool:
    """"should i be worried", "is that bad?": whether what was told is a worry,
    asked in a short message of its own."""
    return len((text or "").split()) <= 10 and bool(_WORRY_QUESTION.search(text or ""))
