"""Reads every visitor message for disclosures (docs/design.md §4.3, §5).

`DisclosureReader.read` finds, in any message and whatever was asked:
- each screening item the visitor names about themselves, now (recorded as
  yes / no / unsure against that item, never against the question on screen),
  with negation ("I'm not pregnant"), time windows ("stopped Accutane 2 years
  ago") and several items at once;
- items named in a general question ("can you have it while breastfeeding?"),
  which get the general rule and are not recorded;
- "none of these", "nothing else", checklist numbers and bare yes / no / not
  sure, which only the dialogue can interpret (they answer what was asked).

Built on a blank English spaCy pipeline:
- terms: clinic.yml's words per item and the medicine classes of
  data/lexicon/medicines.yml, by PhraseMatcher on lower case and on lemmas,
  plus the misspelling check of the text engine the red-flag rules share
  (clinic_assistant/text/engine.py: "eliqis", "pregnet", never an English word);
- other medicines: drug-named-entity-recognition's names (brand -> generic),
  any of which in a visitor's own statement is "another regular medicine";
- who and when: medspaCy's ConText (negated, historical, hypothetical,
  family or someone else), with lay cues from data/lexicon/context.yml and
  the shared negation words, and first person against general wording for
  "me" versus "anyone"; clauses end at the engine's clause breaks;
- time: clinic_assistant/screening/timeframes.py.

The reader keeps nothing: answers are computed and returned, never stored.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Sequence

import spacy
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from clinic_assistant.safety.normalize import normalise, strip_accents
from clinic_assistant.screening import lemmas
from clinic_assistant.screening.context_rules import ConText, ConTextRule
from clinic_assistant.screening.items import Answer
from clinic_assistant.screening.lexicon import Lexicon, MedicineClass, load_lexicon
from clinic_assistant.screening.line_words import LINE_WORD as _NUMBER_WORD_NOT_ONE
from clinic_assistant.screening.line_words import NUMBER_WORD as _NUMBER_WORD
from clinic_assistant.screening.line_words import NUMBER_WORDS as _NUMBER_WORDS
from clinic_assistant.screening.timeframes import (
    TimeRange,
    days_until_appointment,
    times_in,
    window_answer,
    without_dates,
)
from clinic_assistant.text.engine import CLAUSE_BREAKS, NEGATION, Spelling, clause_spans
from clinic_assistant.text.vocabulary import LEXICON, Vocabulary
from clinic_assistant.text.word_tables import english_words


@dataclass(frozen=True)
class Item:
    id: str
    label: str
    question: str
    terms: tuple[str, ...]
    within_days: int | None = None
    history_counts: bool = False  # "ever had": a past episode counts
    # A condition that stays (eczema, diabetes): told in the past tense it
    # may still be there, so only a clear end ("as a child", "it cleared
    # up", "I stopped") answers no, and a bare "I had psoriasis" is unsure.
    lasts: bool = False
    # Words that answer nothing yet but make the item's rule worth telling
    # ("I had a baby 4 months ago": breastfeeding?), and the word a reply
    # such as "yes I am" is then about.
    related: tuple[str, ...] = ()
    refers_to: str | None = None
    # Phrases in which a term names something else: "acne scars" and "dark
    # spots" are what the treatment is for, not active acne.
    not_within: tuple[str, ...] = ()
    # Terms of a lasting item whose end answers nothing: "i used to have
    # psoriasis" stays not sure (the Koebner effect), "eczema as a kid" is no.
    history_terms: tuple[str, ...] = ()


def load_items(config: dict[str, Any], lexicon: Lexicon | None = None) -> list[Item]:
    """The screening items of a parsed clinic.yml; each item's terms include
    the names of the medicine classes that answer it."""
    lexicon = lexicon or load_lexicon(config)
    medicine_terms: dict[str, list[str]] = {}
    for name, cls in lexicon.classes.items():
        if not cls.only_allergy:
            medicine_terms.setdefault(cls.item, []).extend(
                n for n, c in lexicon.class_of_name.items() if c == name
            )
    return [
        Item(
            id=str(raw["id"]),
            label=str(raw.get("label") or raw["question"]),
            question=str(raw["question"]),
            terms=tuple(dict.fromkeys([str(t) for t in raw.get("terms") or ()] + medicine_terms.get(str(raw["id"]), []))),
            within_days=int(raw["within_days"]) if raw.get("within_days") is not None else None,
            history_counts=bool(raw.get("history_counts")),
            lasts=bool(raw.get("lasts")),
            related=tuple(str(t) for t in (raw.get("related") or {}).get("terms") or ()),
            refers_to=(raw.get("related") or {}).get("refers_to"),
            not_within=tuple(str(t) for t in raw.get("not_within") or ()),
            history_terms=tuple(str(t).lower() for t in raw.get("history_terms") or ()),
        )
        for raw in config["screening"]["items"]
    ]


OTHER = "other_health"  # the item for what the reader finds but cannot place
# What the clinic has said is on no line of its checklist (clinic.yml
# screening.not_screened: hormonal contraception, "I'm on the pill"): told,
# it is acknowledged and flags nothing (stop 45: "the pill" had opened a review).
NOT_SCREENED = "not_screened"
# An item whose window is this short ("a peel in the week before") told as
# done before with no date ("I've had a chemical peel before", "tried peels
# before"): experience, not a recent one; its "when?" is asked in the
# checklist, and outside it the rule is told and nothing recorded (stop 45).
SHORT_WINDOW_DAYS = 31
_EXPERIENCE_WORDS = frozenset("before previously once tried past ever".split())
_EXPERIENCE = re.compile(r"\b(?:in the past|a (?:few|couple of|couple)|several|many|loads of|lots of|plenty of|a bunch of)\s+times\b"
                         r"|\b(?:a few|a couple|several|loads|lots)\s+(?:of\s+)?(?:them|those)\b|\bdone (?:it|them|one|some) before\b")
_RECENT_WORDS = frozenset("just recently recent lately fresh new currently still".split())
_OWN_ONLY = "other_health_own_only"  # the matcher's key for OTHER's words with no general rule
# Longer messages are read around what they name (ConText is quadratic).
CONTEXT_TOKENS = 80
CONTEXT_WINDOW = 12
# "the numbing injection at the dentist gives me hives": hives are the reaction named.
ALLERGY_WORDS = frozenset({"allergy", "allergies", "allergic", "reaction", "reactions", "react", "reacts", "reacted", "hives"})
# An allergy word names a medicine at most this many words away, with none of
# these between: "im allergic to penicillin, will you use numbing cream".
MAX_ALLERGY_GAP = 4
# Stop 48: a sentence of nothing but these and an allergy word tells an allergy
# to what the sentence before named: "im allergic", "i am allergic to it tho".
_BARE_ALLERGY = frozenset("""
    i im i'm am 'm m ive i've have 've got get very really super so quite badly severely seriously also too to it that
    them those this one stuff tho though btw actually lol and but yes yeah yep ya which an a bit mildly
""".split())
_ALLERGY_APART = frozenset({
    "i", "im", "i'm", "ive", "i've", "you", "your", "will", "would", "can", "could", "do", "does", "what", "how",
    "about", "but", "so", "because", "if", "use", "using", "also", "plus", "is", "are", "was", "were",
})

# --- Words --------------------------------------------------------------------

# Real words that are common misspellings of a term (the edit-distance check
# leaves real words alone).
_REAL_WORD_MISSPELLINGS = {"retinal": "retinol"}
# Retinoids sold as skincare (docs/nlu-labelling.md rule 2): using them is a
# question for the preparation and aftercare answers, not a clinician.
COSMETIC_RETINOIDS = frozenset({"retinol", "retinal", "retinaldehyde"})

_SINGLE_LETTER = {"y": "yes", "n": "no"}
_STOP_LEMMAS = frozenset("stop quit finish end complete discontinue cease".split())
_HAVE = frozenset("'ve ve have has 's ive".split())  # "I've got": now, not past
_GOT_A = frozenset("i just only we".split())  # "just got a bun in the oven", "i got a bun in the oven": now


def _reporting_tokens(span: Span) -> set[int]:
    """The tokens of "I was wondering if", "I read that": the visitor
    reporting a question or a reading, not telling about themselves."""
    tokens: set[int] = set()
    for match in _REPORTING.finditer(span.text.lower()):
        inside = span.doc.char_span(span.start_char + match.start(), span.start_char + match.end(), alignment_mode="expand")
        if inside is not None:
            tokens.update(range(inside.start, inside.end))
    return tokens


def _got_now(token: Token, clause_start: int) -> bool:
    """"got" of having, not of getting: at the clause's start, after "I've",
    or "i got a ..."."""
    if token.i == clause_start or token.nbor(-1).lower_ in _HAVE:
        return True
    after = token.nbor(1).lower_ if token.i + 1 < len(token.doc) else ""
    return token.nbor(-1).lower_ in _GOT_A and after in ("a", "an")


_PAST_WORDS = frozenset(
    "took taken had got did was were used previously before ago once anymore longer".split()
)


# "my sister had it done and she loved it i bruise really easily": in a
# run-on the visitor's "i" starts their own words, and someone else's cue
# ends there. A cue of no reach (PSEUDO) that only FAMILY cues are
# terminated by: a TERMINATE cue would end all ("what if I started...").
_VISITOR_AGAIN = ConTextRule("i", "VISITOR_AGAIN", direction="PSEUDO", pattern=[{"LOWER": {"IN": ["i", "im", "ive", "id"]}}])


# Lines answered one by one with no commas (stop 46): the "no" of "3 no" had
# reached "4 yes eczema on my hands", recorded no, and the check ended clear.
# A line's number (1 to 12) or a "yes" starts another answer and ends a
# negation's reach; nothing else's ("shes 70 and on blood thinners" stays hers).
_NEW_ANSWER = ConTextRule("<a line's answer>", "NEW_ANSWER", direction="PSEUDO",
                          pattern=[{"LOWER": {"REGEX": r"^(?:[1-9]|1[0-2]|yes|yeah|yep)$"}}])


def _visitor_again_ends(rule: dict) -> dict:
    return {**rule, "terminated_by": ["TERMINATE", "VISITOR_AGAIN"]} if rule["category"] == "FAMILY" else rule


def _before_something(token: Token, clause_end: int) -> bool:
    """"before the baby comes", "before my appointment": a time to come, not "I had it before"."""
    following = [t for t in token.doc[token.i + 1:clause_end] if not t.is_punct]
    return bool(following) and following[0].lower_ not in ("then", "now", "that", "too", "as", "and", "but")


# Who a sentence is about.
_FIRST_PERSON = frozenset("i i'm im me my mine myself i've ive i'd i'll".split())
_GENERIC_PERSON = frozenset("you your you're youre someone somebody anyone anybody people patients person one".split())
# Short answers, "now" words and questions about taking a medicine ("I'm on
# Eliquis, can I still do it?" tells; "can I take Advil after?" and "should I
# stop my Xarelto?" ask, docs/design.md §2): data/lexicon/answers.yml.
_ANSWERS = Vocabulary(LEXICON / "answers.yml", (
    "unsure", "no", "yes", "current", "asks_to_stop", "plans_to_stop", "asks_about_taking", "how_much", "none", "rest_none",
    "asks_meaning", "asks_doing", "compared", "resumes", "withdraws", "ongoing", "ended", "reporting",
))
_ONGOING, _ENDED, _REPORTING = _ANSWERS.pattern("ongoing"), _ANSWERS.pattern("ended"), _ANSWERS.pattern("reporting")
_UNSURE, _NO, _YES = _ANSWERS.pattern("unsure"), _ANSWERS.pattern("no"), _ANSWERS.pattern("yes")
_CURRENT, _ASKS_TO_STOP = _ANSWERS.pattern("current"), _ANSWERS.pattern("asks_to_stop")
_PLANS_TO_STOP = _ANSWERS.pattern("plans_to_stop")
_ASKS_ABOUT_TAKING, _HOW_MUCH = _ANSWERS.pattern("asks_about_taking"), _ANSWERS.pattern("how_much")
_NONE, _REST_NONE = _ANSWERS.pattern("none"), _ANSWERS.pattern("rest_none")
_ASKS_MEANING = _ANSWERS.pattern("asks_meaning")
_ASKS_DOING = _ANSWERS.pattern("asks_doing")
_COMPARED, _RESUMES = _ANSWERS.pattern("compared"), _ANSWERS.pattern("resumes")
_WITHDRAWS = _ANSWERS.pattern("withdraws")
# Not a time or a sum: "tomorrow at 3", "3:30", "$3", "by 5".
# "1 sec, how long does it take?", "2 mins": a pause asked for, no line (stop 45).
_UNITS = r"days?|weeks?|wks?|months?|mos?|years?|yrs?|%|mm|am|pm|h\b|hours?|minutes?|mins?\b|seconds?|secs?\b|sessions?|times?"
_NUMBER_LIST = re.compile(r"(?<![\w.:$£€])(?<!\btype )(?<!\bat )(?<!\bby )(?<!\bafter )(?<!\bbefore )(?<!\baround )(?<!\buntil )(?<!\btill )"
                          r"(?:#|no\.?\s*|number\s*)?(\d{1,2})(?![\w.:]|\s*(?:" + _UNITS + r")|\s*(?:-|–|to)\s*\d{1,2}\s*(?:" + _UNITS + r"))")
# "do I need 6 sessions or is 1 enough?", "1 hour or 2?", "4 or 6 weeks?": a
# question of quantities of the treatment, not lines of the checklist (stop 44);
# "4, how many days after should i wait?" answers line 4 first.
_QUANTITY_QUESTION = re.compile(
    r"^(?!\W*(?:#|no\.?|number|line)?\s*\d)(?=.*\b(?:sessions?|treatments?|appointments?|hours?|hrs?|minutes?|mins?|weeks?|days?|months?|times?|apart)\b)"
    r"(?:.*\?\s*$|\W*(?:how|what|which|do|does|is|are|can|could|will|would|should)\b)"
)
# "how much for 2", "whats the price for 3": a price asked under the checklist (stop 45: line 2 recorded).
_PRICE_QUESTION = re.compile(r"^\W*(?:(?:and|so|ok|okay|wait|what about)\W+)*(?:how much|what'?s the (?:price|cost)|what is the (?:price|cost)"
                             r"|price|cost)\b(?!.*\b(?:appl(?:y|ies)|yes|ticked?)\b)")
# "four", "number four and six", "the 4th one": line numbers in words, when
# the message says nothing else ("one more question" is no line).
_NUMBER_WORDS_CARDINAL = frozenset("one two three four five six seven eight nine ten eleven twelve".split())
_ONLY_NUMBER_WORDS = re.compile(
    rf"^\W*(?:(?:the|number|numbers|line|item|just|only)\s+)*{_NUMBER_WORD}(?:\s+one)?"
    rf"(?:\s*(?:,|and|&|plus|or)\s*(?:(?:the|number)\s+)?{_NUMBER_WORD}(?:\s+one)?)*\W*$"
)
# "none except the 3rd", "none apart from the third one", "nope. well, except the first one".
_ORDINALS = {word: number for word, number in _NUMBER_WORDS.items() if not word.isalpha() or word not in _NUMBER_WORDS_CARDINAL}
# "none except number seven", "all no apart from six": a line in words after
# "except"; a bare "one" is no line ("all no except one thing").
_EXCEPT_LINE = r"(?:(?:number|no\.?|line|item|\#)\s*" + _NUMBER_WORD + r"|" + _NUMBER_WORD_NOT_ONE + r")"
_EXCEPT_ORDINAL = re.compile(
    r"\b(?:except|apart from|but|other than|besides|bar|only|just)\s+(?:for\s+)?(?:maybe\s+|possibly\s+|probably\s+)?(?:the\s+)?"
    r"(" + _EXCEPT_LINE + r")\b(?!\s+(?:time|session|treatment|appointment|visit|go|thing|of|more|question|days?|weeks?|months?|years?))"
    r"(?:\s*(?:,|and|&|or)\s*(?:maybe\s+)?(?:the\s+)?(" + _EXCEPT_LINE + r")\b)?"
)
# "two more things", "three kids": a count, no line.
_NOT_COUNTED = r"(?!\s+(?:more|of|things?|questions?|days?|weeks?|months?|years?|kids?|children|times?|sessions?|treatments?|people))"
# "my psoriasis and number three", "eleven plus lupus", "number four n also ten",
# "the sixth one and im on sertraline": lines in words beside other words (a bare "one" is none).
_NUMBERED_WORD = re.compile(
    rf"\b(?:number|line|item)\s+({_NUMBER_WORD})\b"
    rf"|^\W*(?:the\s+)?({_NUMBER_WORD_NOT_ONE})(?:\s+one)?\b(?=\s*(?:,|and\b|&|plus\b|n\b|\+|also\b|i\b|im\b|i'm\b))"
    rf"|(?:\band|\balso|\bplus|\bn|&|\+)\s+(?:the\s+)?({_NUMBER_WORD_NOT_ONE})(?:\s+one)?\b{_NOT_COUNTED}"
)
# "all of them except the last", "everything but 12": every line but those named.
_ALL_EXCEPT = re.compile(r"^\W*(?:(?:yes|yeah|ya|yep)\W+(?:to\s+)?)?(?:all|every\s?(?:thing|one)|all of (?:them|those|these|it))"
                         r"\s+(?:except|but|apart from|other than|besides|bar)\b(?P<named>.*)$")
_EXCEPT_UNNAMED = re.compile(r"\b(?:except|apart from|but|other than|besides|bar)\s+(?:for\s+)?(?:maybe\s+)?"
                             r"(?:(?:one|a couple|a few|some)(?:\s+(?:thing|things|of them|of those|of these|line|lines|item|items))?\s*[.!?]*\s*$"
                             r"|(?:something|somethin|sth)\b)")
# "the blood thinner one", "the one about accutane": a line of the checklist picked by its words.
# "yes to the accutane one, rest no", "everything is a no apart from the accutane one" too.
_PICKS_A_LINE = re.compile(r"^\W*(?:(?:and|also|just|only|yes|yeah|yep|yup|ya|wait|oh|actually|maybe|hmm|hang on)\W+(?:to\s+|for\s+)?)*"
                           r"the\s+(?:[\w'-]+\s+){1,3}one\b"
                           r"|\bthe one (?:about|with|for|on)\b"
                           r"|\b(?:apart from|except(?: for)?|other than|besides|but|yes to|yes for)\s+the\s+(?:[\w'-]+\s+){1,3}one\b",
                           re.IGNORECASE)
# "i do take aspirin daily", "i do use retinol": told with emphasis, not asked.
_EMPHATIC_DO = re.compile(r"\b(?:i|we)\s+(?:really\s+|also\s+|still\s+)?do\s+(?:still\s+|also\s+)?\w+\s*$", re.IGNORECASE)
_PRONOUNS = frozenset("i we you they he she it".split())
# "the last one": the checklist's last line.
_LAST_LINE = re.compile(r"\bthe (?:last|final) (?:one|line|item)\b(?=\s*(?:$|[,.!&]|and\b|plus\b|otherwise\b))|^\W*last(?: one)?\W*$"
                        r"|\b(?:except|exept|excep|but|apart from|besides|other than)\s+(?:for\s+)?(?:maybe\s+|possibly\s+)?the (?:last|final)\b")
# "the 2nd to last", "second last": the line before the last.
_BEFORE_LAST = re.compile(r"\bthe (?:2nd|second) (?:to |from )?last\b|\bsecond last\b|\bpenultimate\b")
# "1-3", "2 to 5": every line between.
_LINE_RANGE = re.compile(r"(?<![\w.:$£€])(\d{1,2})\s*(?:-|–|to|thru|through)\s*(\d{1,2})(?![\w.:]|\s*(?:" + _UNITS + r"))")
# A question ("..., can I come in this week?") dates nothing the visitor took.
_QUESTION_WORDS = frozenset("can could should would will is are am do does may what whats when how why which".split())
# Words before the question word: "ok whats better, a peel or microneedling?".
# "hi is microneedling ok when pregnant" is a question too (stop 39: noted as pregnancy).
_FILLERS = frozenset("ok okay k so and but well hmm hm um uh also then oh right alright cool great hi hii hey heyy hello hiya quick q wait hang on sorry erm umm btw".split())
# "do you do lip filler?", "do you offer botox too": whether the clinic sells
# a treatment, right before its name; no question about its rule.
_OFFERS = re.compile(
    r"\b(?:do|does|can|could)\s+(?:you|u|ya|y'?all|the clinic|your clinic)\s+(?:guys\s+)?(?:also\s+)?"
    r"(?:do|offer|provide|sell|have|perform|carry|give|prescribe|supply|hand out)\s+(?:any\s+|a\s+|the\s+|out\s+)?"
    r"(?:(?:people|patients|clients|me|us)\s+)?$"
)


# "I think so, I had eczema as a kid but not anymore": a hedged yes standing
# alone before what it is about; the named item's reading answers the list
# (stop 44: the hedge had added "not sure about the list" to other health).
_HEDGED_YES = re.compile(r"^\W*(?:(?:yes|yeah|yep|um+|hmm+|well|erm+)\W+)*"
                         r"(?:i think so|i think|maybe|probably|possibly|perhaps|kind of|sort of|kinda|sorta)\s*[,.;:!-]+\s*")


# An item with no time window, stopped or over this few days ago, still counts.
RECENT_STOP_DAYS = 14


@dataclass
class _Evidence:
    """What a stretch of text says about one item."""
    positive: bool = False  # named, not negated
    negative: bool = False  # named, negated
    stopped: bool = False  # "stopped", "no longer", "not anymore"
    past: bool = False  # a past exposure ("took", "had", "as a child")
    current: bool = False
    # words of a time that is over ("as a child", "used to", "it cleared up"); a
    # date alone is not: "I had psoriasis 2 years ago", "a heart attack years ago"
    ended: bool = False
    ongoing: bool = False  # "for years", "it flares", "I have": still there
    # a medicine or another regular one: stopped days ago, it is still in the
    # body; breastfeeding stopped last week is over ("I stopped breastfeeding last month")
    taken: bool = False
    unsure: bool = False
    times: list[TimeRange] = field(default_factory=list)
    # done before, as experience: "I've had a peel before", "tried botox once"
    experience: bool = False
    history: bool = False  # a term whose past counts (Item.history_terms) is named
    recent: bool = False  # "just", "recently": the opposite


@dataclass(frozen=True)
class Finding:
    """One item the visitor told about themselves."""
    item: str
    answer: Answer
    said: str  # the words as written: "Xarelto"
    called: str | None = None  # "a blood thinner", for medicines
    generic: str | None = None  # "rivaroxaban"
    # For an item with a window, the dates that decided the answer (days ago),
    # so it can be decided again from an appointment date given later.
    days_ago: list[tuple[float, float]] = field(default_factory=list)
    # Told as done before, with no date, for an item of a short window
    # (SHORT_WINDOW_DAYS): "I've had a peel before". Unsure until "when?".
    undated: bool = False
    # The medicine named is one the visitor is allergic to ("im allergic to
    # penicillin"), not one they take: named back as an allergy (stop 45).
    allergy: bool = False


@dataclass
class Reading:
    findings: dict[str, Finding] = field(default_factory=dict)  # own, by item id
    general: list[str] = field(default_factory=list)  # items asked about in general
    # The visitor's words for each ("breastfeeding"): what "well I am" refers to next.
    general_said: dict[str, str] = field(default_factory=dict)
    # Items named only by a word beside them ("I had a baby": breastfeeding?), their question asked.
    related: list[str] = field(default_factory=list)
    none: bool = False  # "none of these", "nothing", "I'm healthy"
    rest_none: bool = False  # "nothing else", "otherwise no"
    numbers: list[int] = field(default_factory=list)  # "1 and 6"
    numbers_asked: list[int] = field(default_factory=list)  # "what does number 7 mean?"
    numbers_withdrawn: list[int] = field(default_factory=list)  # "sorry not 3, i meant 9"
    numbers_denied: list[int] = field(default_factory=list)  # "1 no", "no to 1-5": those lines answered no
    numbers_unsure: list[int] = field(default_factory=list)  # "6 and maybe 9": 9 only
    numbers_theirs: list[int] = field(default_factory=list)  # "my friend has 2": someone else's lines
    yes: bool = False
    no: bool = False
    unsure: bool = False
    # For an answer to "when did you last...?": the dates it gives, as
    # (from, to) days ago, and whether it says "still" / "currently".
    times: list[tuple[float, float]] = field(default_factory=list)
    current: bool = False
    # "can I take Advil after?": a question about taking a medicine (docs/design.md
    # §2: medical_advice whatever the classifier says).
    medicine_question: bool = False
    # "my appointment is in 2 weeks": windows count back from that day.
    appointment_in_days: int | None = None
    # The visitor's own words for what no line of the checklist asks
    # (NOT_SCREENED): "the pill"; and the same asked about in general.
    not_screened: list[str] = field(default_factory=list)
    not_screened_asked: list[str] = field(default_factory=list)


def _plurals(terms: list[str]) -> list[str]:
    """"bleeding disorders" for "bleeding disorder": the lemma matcher cannot
    take a term whose other words have short stems ("bleeding" -> "bleed")."""
    return [term + "s" for term in terms if " " in term and term[-1].isalpha() and not term.endswith("s")]


def _description_pattern(description) -> list[dict]:
    """A spaCy Matcher pattern for a lay description: a word of each group,
    up to `within` words apart, none of them a negation or a clause break."""
    between = {"LOWER": {"NOT_IN": _DESCRIPTION_BLOCKERS}, "IS_PUNCT": False, "OP": "?"}
    pattern: list[dict] = []
    for n, group in enumerate(description.groups):
        if n:
            pattern += [dict(between) for _ in range(description.within)]
        pattern.append({"LOWER": {"IN": sorted(group)}})
    return pattern


def _prepare(text: str) -> str:
    """Normalised, lower case, accents dropped, hyphens inside words read as
    spaces. Runs of the same symbol are cut to three and over-long "words"
    are split: spaCy's tokenizer is quadratic on one 1,000-comma token."""
    text = re.sub(r"([^\w\s])\1{3,}", r"\1\1\1", strip_accents(normalise(text)))
    text = re.sub(r"\S{40}", lambda m: m.group() + " ", text)
    text = re.sub(r"(?<=\d)(?=(?:wks?|weeks?|months?|mths?|mos?)\b)", " ", text)  # "9wks along"
    return re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)


@dataclass(frozen=True)
class _Mention:
    item: str
    span: Span
    medicine: tuple[str, MedicineClass | None] | None = None  # (generic, class)
    tells_no: bool = False  # "bottle fed": the item answered no by the other thing
    own_only: bool = False  # "moles": the visitor's own counts; asked about in general, no rule to tell


# Between the words of a lay description (data/lexicon/context.yml `described`):
# "acne scars and bumps", "my scars don't go lumpy" describe no keloid.
_DESCRIPTION_BLOCKERS = sorted(NEGATION | CLAUSE_BREAKS | {"and", "or", "but", "n't", "not", "if", "&"})
# Someone else's cues that a baby can be: "had my baby in october, she's bottle fed".
_BABY_PRONOUNS = frozenset({"she", "he", "they"})
# "I'm on warfarin myself but it's for her": the visitor checks for someone
# else, and tells of their own besides; their own answers nothing of the checklist.
# Not "it's for my daughter's wedding", "it's for her birthday": the one
# asked for closes the clause.
_FOR_SOMEONE_ELSE = re.compile(
    r"\b(?:it'?s|its|it is|this is|that'?s|i'?m asking|im asking|asking|checking)\s+(?:all\s+|just\s+|only\s+|really\s+)?for\s+"
    r"(?:her|him|them|my\s+(?:daughter|son|kid|child|mum|mom|mother|dad|father|sister|brother|wife|husband|partner|friend))"
    r"(?=\s*(?:$|[,.!?;)]|not\b|and\b|but\b|though\b|tho\b|tbh\b|really\b|actually\b|lol\b))"
    r"|\b(?:it'?s|its|it is|this is)\s+not\s+for\s+me\b|\bnot\s+(?:asking\s+)?for\s+me\b"
)


# "2 and 5 no wait just 5", "3 sorry i mean 9", "1, 4 actually only 4": line numbers, then a
# correction and the ones meant, and nothing after them (stop 47).
_CORRECTED_LIST = re.compile(
    r"^(?P<before>\W*(?:(?:number\s*|no\.?\s*|#)?\d{1,2}\b\W*(?:and|&|or)?\W*)+)"
    r"(?:no\s+wait|wait\s+no|no\s+no|no\s+sorry|wait|sorry|actually|i\s+mean|i\s+meant|oops|scratch\s+that|hang\s+on|hold\s+on)\b"
    r"\W*(?:(?:its|it'?s|it\s+is|just|only|make\s+(?:that|it)|i\s+mean|i\s+meant|sorry|no)\W+)*"
    r"(?P<after>(?:number\s*|no\.?\s*|#)?\d{1,2}(?:\s*(?:,|and|&|\+)\s*\d{1,2})*)\W*$",
    re.IGNORECASE)


# Stop 47: "my friend has 2", "sorry i meant my sister has 6", "2 is my
# friend's": lines of the checklist told of someone else. They had been read
# as the visitor's own (line 2 recorded, a clinician review); they are that
# person's, read as theirs are in words ("my friend is on accutane").
_PEOPLE = (r"(?:friend|mate|bestie|bff|sister|sis|brother|bro|mum|mom|mother|dad|father|wife|husband|hubby|partner"
              r"|bf|gf|boyfriend|girlfriend|daughter|son|cousin|aunt|auntie|aunty|uncle|nan|nana|gran|grandma|grandad|grandpa"
              r"|colleague|flatmate|roommate|other half|fiance|fiancee|niece|nephew)")
_OTHER_ONE = rf"(?:my\s+(?:best\s+)?{_PEOPLE}|she|he|they)"
_THEIR_LINES = r"(?:(?:number|no\.?|#|line|item)\s*)?(\d{1,2}(?:\s*(?:,|and|&|\+)\s*\d{1,2})*)"
_LINE_ENDS = (r"(?=\s*(?:$|[,.!?;)]|and\b|&|\+|but\b|not\b|too\b|tho\b|though\b|as well\b|on (?:the|ur|your) list\b"
              r"|from (?:the|ur|your) list\b|lol\b|i\b|im\b|i'm\b|me\b|so\b|actually\b|btw\b|x+\b))")
_THEIR_NUMBERS = re.compile(
    rf"\b{_OTHER_ONE}(?:'?s)?\s+(?:(?:has|have|had|does|did|takes|take|gets|get|got|said|says|ticks|ticked|would tick"
    rf"|answered|is on|was on|would say|would pick)\s+)(?:yes to\s+)?{_THEIR_LINES}{_LINE_ENDS}"
    rf"|(?<![\w.:$])(\d{{1,2}}(?:\s*(?:,|and|&)\s*\d{{1,2}})*)\s+(?:is|was|are|applies|apply|counts)\s+(?:to\s+|for\s+)?"
    rf"(?:my\s+(?:best\s+)?{_PEOPLE}(?:'?s)?|hers|his|theirs|her|him|them)\b",
    re.IGNORECASE)


def their_numbers(text: str) -> list[int]:
    """Line numbers `text` tells of someone else: "my friend has 2" -> [2]."""
    found: list[int] = []
    for match in _THEIR_NUMBERS.finditer(text or ""):
        said = match.group(1) or match.group(2) or ""
        found += [int(n) for n in re.findall(r"\d{1,2}", said) if int(n) not in found]
    return found


class DisclosureReader:
    """Build once (the spaCy pipeline and the medicine names take a moment)."""

    def __init__(self, items: Sequence[Item], lexicon: Lexicon):
        self._items = {item.id: item for item in items}
        self._lexicon = lexicon
        self._nlp = spacy.blank("en")
        self._nlp.add_pipe(lemmas.COMPONENT)
        self._nlp.add_pipe("sentencizer")
        self._nlp.initialize()
        defaults = ConText(self._nlp, rules="default").rules
        self._context = ConText(self._nlp, rules=None, terminating_types={"NEGATED_EXISTENCE": ["NEW_ANSWER"]})
        self._context.add([rule for rule in defaults if rule.literal not in lexicon.dropped_default_cues])
        # The shared negation words, where ConText's defaults lack them ("never
        # been pregnant": its defaults know "never had" only).
        known = {rule.literal for rule in defaults}
        self._context.add([ConTextRule(word, "NEGATED_EXISTENCE", direction="FORWARD") for word in sorted(NEGATION - known)])
        self._context.add([ConTextRule(**_visitor_again_ends(rule)) for rule in lexicon.context_rules])
        self._context.add([_VISITOR_AGAIN, _NEW_ANSWER])
        self._words = english_words()
        self._lower = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        self._lemma = PhraseMatcher(self._nlp.vocab, attr="LEMMA")
        # compact spelling ("chemotherapy", "bloodthinners") -> item id, for the typo check
        compact: dict[str, str] = {}
        misspellings: dict[str, str] = {}
        for item in items:
            terms = sorted({_prepare(term) for term in item.terms})
            patterns = [self._nlp(term) for term in terms]
            self._lower.add(item.id, patterns + [self._nlp(plural) for plural in _plurals(terms)])
            self._lemma.add(item.id, [p for p in patterns if self._lemma_is_safe(p)])
            for term in terms:
                spelt = re.sub(r"[^a-z]", "", term)
                # Not "have ms": one letter off, "have my" would be multiple sclerosis.
                if len(spelt) >= 6 and min(len(word) for word in re.findall(r"[a-z]+", term)) > 2:
                    compact.setdefault(spelt, item.id)
            misspellings.update((real, item.id) for real, fix in _REAL_WORD_MISSPELLINGS.items() if fix in terms)
        self._spelling = Spelling(compact, min_length=5, aliases=misspellings)
        self._other = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        self._other.add(OTHER, [self._nlp.make_doc(term) for term in lexicon.other_conditions])
        self._other.add(_OWN_ONLY, [self._nlp.make_doc(term) for term in lexicon.own_only_conditions])
        if lexicon.not_screened:
            terms = sorted({_prepare(term) for term in lexicon.not_screened})
            self._lower.add(NOT_SCREENED, [self._nlp.make_doc(term) for term in terms + _plurals(terms)])
        self._related = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        self._not_within = PhraseMatcher(self._nlp.vocab, attr="LEMMA")
        for item in items:
            if item.related and item.refers_to:
                self._related.add(item.id, [self._nlp.make_doc(_prepare(term)) for term in item.related])
            if item.not_within:
                self._not_within.add(item.id, [self._nlp(_prepare(phrase)) for phrase in item.not_within])
        # Items told by what happens ("my scars go all lumpy"), and the other
        # thing that answers an item no ("bottle fed"), for this clinic's items.
        self._described = Matcher(self._nlp.vocab)
        for description in lexicon.descriptions:
            if description.item in self._items:
                self._described.add(description.item, [_description_pattern(description)])
        self._tells_no = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        for item_id, phrases in lexicon.tells_no.items():
            if item_id in self._items:
                self._tells_no.add(item_id, [self._nlp.make_doc(_prepare(phrase)) for phrase in phrases])

    @staticmethod
    def _lemma_is_safe(pattern: Doc) -> bool:
        """Match a term's other inflections only when its lemma is specific:
        a plural ("keloids" -> "keloid") or a long stem ("breastfeeding" ->
        "breastfeed"). Short stems are everyday words: "nursing" must not
        match "nurse", nor "expecting" match "expected", nor "burnt" "burn"."""
        for token in pattern:
            lower, lemma = token.lower_, token.lemma_.lower()
            if lower != lemma and lower not in (lemma + "s", lemma + "es") and len(lemma) < 8:
                return False
        return True

    # -- finding the words --
    def _term_spans(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(item id, start, end) for every term mentioned, exact, inflected or misspelt."""
        spans = {(doc.vocab.strings[key], start, end) for key, start, end in self._lower(doc)}
        spans |= {  # a lone word too: "spotted" is not "spots", nor "cutting" "cut"
            (doc.vocab.strings[key], start, end)
            for key, start, end in self._lemma(doc)
            if end - start > 1 or self._lemma_is_safe(doc[start:end])
        }
        covered = {i for _, start, end in spans for i in range(start, end)}
        for i, token in enumerate(doc):
            if i in covered or not token.is_alpha:
                continue
            item_id = self._spelling.find(token.lower_)
            if item_id:
                spans.add((item_id, i, i + 1))
                continue
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            if nxt is not None and nxt.is_alpha and i + 1 not in covered:
                joined = token.lower_ + nxt.lower_
                if (token.lower_ in self._words and nxt.lower_ in self._words) or token.is_stop or nxt.is_stop:
                    item_id = self._spelling.exact(joined)  # "warfare on" is not "warfarin", "the pool" not "the pill"
                else:
                    item_id = self._spelling.find(joined, real_words=True)
                if item_id:  # "chemo therapy"
                    spans.add((item_id, i, i + 2))
        # "when I get a cut it heals as a big shiny bump": the shortest description at each start
        described: dict[tuple[str, int], int] = {}
        for key, start, end in self._described(doc):
            item_id = doc.vocab.strings[key]
            described[(item_id, start)] = min(end, described.get((item_id, start), end))
        spans |= {(item_id, start, end) for (item_id, start), end in described.items()}
        elsewhere = [(doc.vocab.strings[key], start, end) for key, start, end in self._not_within(doc)]
        spans = {
            (item_id, start, end) for item_id, start, end in spans
            if not any(other == item_id and o_start <= start and end <= o_end for other, o_start, o_end in elsewhere)
        }
        return sorted(spans, key=lambda s: s[1])

    def _mentions(self, doc: Doc) -> list[_Mention]:
        """Every screening term, medicine and other health word, longest first
        where they overlap ("baby aspirin" over "aspirin")."""
        found: dict[tuple[int, int], _Mention] = {}
        for item_id, start, end in self._term_spans(doc):
            name = doc[start:end].text
            medicine = self._lexicon.medicine(name) if name in self._lexicon.class_of_name else None
            found[(start, end)] = _Mention(item_id, doc[start:end], medicine)
        for start in range(len(doc)):
            for end in range(min(len(doc), start + 3), start, -1):
                name = doc[start:end].text
                if (start, end) in found or not doc[start].is_alpha:
                    continue
                medicine = self._lexicon.medicine(name)
                if medicine is None:
                    continue
                generic, cls = medicine
                found[(start, end)] = _Mention(cls.item if cls else OTHER, doc[start:end], medicine)
                break
        for key, start, end in self._other(doc):
            found.setdefault((start, end), _Mention(OTHER, doc[start:end], own_only=doc.vocab.strings[key] == _OWN_ONLY))
        for key, start, end in self._tells_no(doc):
            found[(start, end)] = _Mention(doc.vocab.strings[key], doc[start:end], tells_no=True)
        kept = {(s.start, s.end) for s in filter_spans([m.span for m in found.values()])}
        return [m for key, m in sorted(found.items()) if key in kept]

    # -- who and when --
    @staticmethod
    def _personal(sentence: Span) -> bool | None:
        """True: about the visitor; False: a general question; None: can't tell
        (a bare answer such as "pregnant" or "xarelto", read as personal)."""
        reporting = _reporting_tokens(sentence)
        words = {t.lower_ for t in sentence if t.i not in reporting}
        if words & _FIRST_PERSON or _CURRENT.search(sentence.text) or _PICKS_A_LINE.search(sentence.text):
            return True  # "I'm on...", "currently on absorica, how many sessions?", "the blood thinner one"
        opening = next((t for t in sentence if t.is_alpha and t.lower_ not in _FILLERS), sentence[0])
        after = sentence.doc[opening.i + 1] if opening.i + 1 < sentence.end else None
        if opening.lower_ == "am" and (after is None or after.lower_ not in _PRONOUNS):
            return True  # "am pregnant", "am on warfarin": the "I" left out, no question
        question = sentence.text.rstrip().endswith("?") or opening.lower_ in _QUESTION_WORDS
        if question or reporting or words & _GENERIC_PERSON:
            return False
        return None

    @staticmethod
    def _allergy_names(span: Span) -> bool:
        """An allergy word of the sentence names this mention: "allergic to
        lidocaine", "a numbing cream allergy", "lidocaine gave me a reaction";
        not "what about numbing cream, I'm allergic to plasters"."""
        doc = span.doc
        for token in span.sent:
            if not (token.lower_ in ALLERGY_WORDS or token.lemma_.lower() in ALLERGY_WORDS):
                continue
            if span.start <= token.i < span.end:
                return True
            gap = doc[token.i + 1:span.start] if token.i < span.start else doc[span.end:token.i]
            if len(gap) <= MAX_ALLERGY_GAP and not any(t.lower_ in _ALLERGY_APART or t.text in ";:" for t in gap):
                return True
        return False

    @staticmethod
    def _allergy_after(span: Span) -> Span | None:
        """The sentence right after this mention's, when it is nothing but an
        allergy told with no allergen of its own: "does the numbing cream
        have lidocaine? im allergic" (stop 48: noted as "allergic", another
        allergy, not the allergy to lidocaine the first sentence named)."""
        end = span.sent.end
        if end >= len(span.doc):
            return None
        after = span.doc[end].sent
        words = [t.lower_ for t in after if not t.is_punct]
        if not any(w in ALLERGY_WORDS for w in words):
            return None
        return after if all(w in ALLERGY_WORDS or w in _BARE_ALLERGY for w in words) else None

    @classmethod
    def _allergen(cls, span: Span) -> bool:
        """An allergy is told to this mention: in its sentence, or alone in the next one."""
        return cls._allergy_names(span) or cls._allergy_after(span) is not None

    # -- public API --
    def names_anything(self, text: str) -> bool:
        """Whether `text` names a screening term, a medicine or another health
        word: without one it discloses nothing, and need not be read."""
        doc = self._nlp(_prepare(text))
        return bool(self._mentions(doc) or self._related(doc))

    def read(self, text: str, today: dt.date | None = None, lead_days: int = 0) -> Reading:
        """Everything the message says about the screening items.

        `lead_days`: days from today to the appointment, when the visitor gave
        a date; windows ("in the week before") are counted back from it."""
        today = today or dt.date.today()
        prepared = _prepare(text)
        doc = self._nlp(prepared)
        reading = self._read_named(text, doc, today, lead_days)
        for key, _, _ in self._related(doc):
            item = self._items[doc.vocab.strings[key]]
            if item.id not in reading.findings and item.id not in reading.general:
                reading.general.append(item.id)
                reading.general_said[item.id] = item.refers_to
                reading.related.append(item.id)
        return reading

    def _read_named(self, text: str, doc: Doc, today: dt.date, lead_days: int) -> Reading:
        """What the message says about the items it names."""
        prepared = doc.text
        mentions = self._mentions(doc)
        if len(doc) > CONTEXT_TOKENS and mentions:
            # ConText pairs every cue with every other (quadratic: 1,000
            # commas took 1.9 s): a long message is read as the stretches
            # around what it names, and its bare answers from the whole text.
            # Those stretches are read as they are, even when they are long
            # themselves (a visitor listing ten medicines): cut again, they
            # would come out the same.
            around = _around(doc, mentions)
            doc = self._nlp(_prepare(around))
            reading = self._read_doc(around, doc, self._mentions(doc), today, lead_days)
            self._read_answers(prepared, reading, today)
            return reading
        return self._read_doc(text, doc, mentions, today, lead_days)

    def _read_doc(self, text: str, doc: Doc, mentions: list[_Mention], today: dt.date, lead_days: int) -> Reading:
        """The reading of `text`, made into `doc` (its prepared text) with its `mentions`."""
        prepared = doc.text
        doc.ents = filter_spans([Span(doc, m.span.start, m.span.end, label=m.item) for m in mentions])
        if mentions:  # nothing named, nothing to place: no ConText pass at all
            self._context(doc)
        modified = {(e.start, e.end): e for e in doc.ents}
        clauses = self._clauses(doc)
        reading = Reading()
        own: dict[str, list[tuple[_Mention, Span, str]]] = {}
        allergens = {(m.span.start, m.span.end) for m in mentions
                     if m.medicine and m.medicine[1] and m.medicine[1].only_allergy and self._allergen(m.span)}
        allergy_sentences = {doc[start].sent.start for start, _ in allergens}
        # "...lidocaine? im allergic": the allergy word of the sentence after is that allergy's.
        allergy_sentences |= {after.start for start, end in allergens if (after := self._allergy_after(doc[start:end]))}
        birth_told = bool(self._related(doc))
        for_someone_else = bool(_FOR_SOMEONE_ELSE.search(prepared))
        allergic_to: set[tuple[int, int]] = set()
        for m in mentions:
            ent = modified.get((m.span.start, m.span.end))
            if ent is None:
                continue
            sentence = m.span.sent
            if m.item == NOT_SCREENED:
                # "I'm on the pill": told, and on no line; "can you have it on the pill?" asks.
                if not (_negated(ent) or ent._.is_family or ent._.is_historical):
                    own_now = not ent._.is_hypothetical and self._personal(sentence) is not False
                    said = reading.not_screened if own_now else reading.not_screened_asked
                    if text_of(text, m.span) not in said:
                        said.append(text_of(text, m.span))
                continue
            if m.tells_no:
                # "I'm bottle feeding", "had my baby, she's bottle fed": the item answered no.
                if _tells_own(ent, birth_told) and self._personal(sentence) is not False:
                    clause = next((c for c in clauses if c.start <= m.span.start < c.end), sentence)
                    own.setdefault(m.item, []).append((m, clause, "negative"))
                continue
            if ent._.is_hypothetical or ent._.is_family:
                # "what if I were pregnant?", "my mum gets cold sores": not
                # about the visitor now, so a question about the rule.
                if not _negated(ent) and m.item != OTHER:
                    _asked_in_general(reading, m, text)
                continue
            cls = m.medicine[1] if m.medicine else None
            if m.medicine is not None and (cls is None or not cls.only_allergy) and self._allergy_names(m.span):
                allergic_to.add((m.span.start, m.span.end))  # "allergic to penicillin": not taken
            if cls is not None and cls.only_allergy:
                if (m.span.start, m.span.end) not in allergens:
                    continue  # "will you use lidocaine?": no allergy to it named
            elif m.item == OTHER and m.medicine is None and m.span.text in ALLERGY_WORDS and sentence.start in allergy_sentences:
                continue  # the allergy word of "allergic to lidocaine"
            before = doc[sentence.start:m.span.start].text.lower()
            if m.medicine is None and (_ASKS_DOING.search(before) or _COMPARED.search(before)):
                # "can i go on a sunbed before my appointment?": whether to, not
                # that they did; "is it better than botox?": another treatment
                if not _negated(ent):
                    _asked_in_general(reading, m, text)
                continue
            personal = self._personal(sentence)
            if cls is not None and cls.only_allergy and not self._allergy_names(m.span):
                # "does the numbing cream have lidocaine? im allergic": the allergy is told
                # in the sentence after the question that names it, and is the visitor's own.
                personal = self._personal(self._allergy_after(m.span)) is not False
            if (personal and m.medicine is not None and (m.span.start, m.span.end) not in allergens
                    and _OFFERS.search(before + " ")):
                # "none except i get cold sores sometimes, do u give antivirals": what the
                # clinic gives asked about, no medicine of the visitor's (stop 48: noted as
                # "Antivirals is a medicine"), whatever else the sentence tells.
                continue
            taken = m.medicine is not None or m.item == OTHER
            asks_taking = taken and self._asks_about_taking(sentence, m.span)
            asks_stopping = taken and self._asks_about_stopping_own(sentence, m.span)
            cosmetic = m.span.text.lower() in COSMETIC_RETINOIDS
            if cosmetic and (asks_taking or asks_stopping or _RESUMES.search(sentence.text.lower())):
                continue  # "can I use my retinol after?", "when can i restart": skincare, the aftercare answer's
            if asks_taking:
                reading.medicine_question = True
                continue  # "can I take Advil after?": a medicine question, not a disclosure
            if asks_stopping:
                reading.medicine_question = True  # "should I stop my metformin?": both
            elif taken and m.medicine is not None and _RESUMES.search(sentence.text.lower()):
                # "i use tretinoin, when can i start it again after?": when to take a
                # prescription again is a clinician's to say (CONTRACT §2), and still
                # told: both, as for stopping (stop 47; the dialogue drops what only
                # counts before a treatment once one was had).
                reading.medicine_question = True
            if personal is False:
                offered = _OFFERS.search(doc[sentence.start:m.span.start].text + " ")
                if not _negated(ent) and not offered:
                    _asked_in_general(reading, m, text)
                continue
            clause = next((c for c in clauses if c.start <= m.span.start < c.end), sentence)
            if for_someone_else:
                # "she's on roaccutane, and I'm on warfarin myself but it's for her": the
                # visitor's own answers nothing; a bare "roaccutane" is the one checked for.
                if m.item != OTHER and not {t.lower_ for t in clause} & _FIRST_PERSON and not _negated(ent):
                    _asked_in_general(reading, m, text)
                continue
            state = "negative" if _negated(ent) else "past" if ent._.is_historical else "positive"
            own.setdefault(m.item, []).append((m, clause, state))
        if reading.appointment_in_days is None:
            reading.appointment_in_days = days_until_appointment(prepared, today)
        lead_days = lead_days or reading.appointment_in_days or 0
        for item_id, item_mentions in own.items():
            answer, days_ago, undated = self._decide_item(item_id, item_mentions, prepared, doc, clauses, today, lead_days)
            if answer is Answer.UNKNOWN:
                continue
            # "not pregnant, but i am breastfeeding": named back by what is told, not by what is denied.
            told = [m for m, _, state in item_mentions if state != "negative"] if answer is not Answer.NO else []
            named = told or [m for m, _, _ in item_mentions]
            first = self._named_by(self._items[item_id], named)
            medicine = first.medicine or next((m.medicine for m, _, _ in item_mentions if m.medicine), None)
            reading.findings[item_id] = Finding(
                item=item_id,
                answer=answer,
                said=text_of(text, first.span),
                called=medicine[1].called if medicine and medicine[1] else ("a medicine" if medicine else None),
                generic=medicine[0] if medicine else None,
                days_ago=days_ago,
                undated=undated,
                allergy=(first.span.start, first.span.end) in allergic_to,
            )
        self._read_answers(prepared, reading, today)
        return reading

    @staticmethod
    def _named_by(item: Item, told: list[_Mention]) -> _Mention:
        """The mention a finding is named back by: the first told, or its
        medicine, which is named by its own words ("I'm on the pill and take
        levothyroxine" had been "The pill (levothyroxine) is a medicine",
        "diabetic on an insulin pump" "Diabetic (insulin)"). A condition the
        item's label names keeps its word, and the medicine goes with it
        ("diabetes and metformin (a diabetes medicine)", actions/screening)."""
        first = told[0]
        medicine = next((m for m in told if m.medicine), None)
        if medicine is None or first.medicine or first.span.text.lower() in item.label.lower():
            return first
        return medicine

    @staticmethod
    def _asks_about_taking(sentence: Span, span: Span) -> bool:
        """"can I take Advil after?", "how much paracetamol can I take?" (a
        medicine question), not "I'm on Eliquis" nor "should I stop my
        warfarin?" ("my": the visitor takes it)."""
        before = sentence.doc[sentence.start:span.start].text
        if before.rstrip().endswith(" my") or before.rstrip() == "my" or _EMPHATIC_DO.search(before):
            return False
        after = sentence.doc[span.end:sentence.end].text
        return bool(_ASKS_ABOUT_TAKING.search(before) or (_ASKS_ABOUT_TAKING.search(after) and _HOW_MUCH.search(before)))

    @staticmethod
    def _asks_about_stopping_own(sentence: Span, span: Span) -> bool:
        """"do I need to stop my metformin?": a disclosure and a medicine question."""
        before = sentence.doc[sentence.start:span.start].text
        return bool(_ASKS_ABOUT_TAKING.search(before)) and before.rstrip().endswith("my")

    def is_medicine(self, word: str) -> bool:
        """"warfarin", "blood thinners": a medicine the lexicon knows."""
        return self._lexicon.medicine(_prepare(word)) is not None

    def _decide_item(
        self, item_id, mentions, prepared, doc, clauses, today, lead_days
    ) -> tuple[Answer, list[tuple[float, float]], bool]:
        item = self._items[item_id]
        ev = _Evidence()
        scope: list[Span] = []
        term_clauses = {id(c) for _, c, _ in mentions}
        # The item's own words say nothing of stopping: "nosebleeds take ages to stop".
        named = {i for m, _, _ in mentions for i in range(m.span.start, m.span.end)}
        for m, clause, state in mentions:
            ev.taken |= m.medicine is not None or m.item == OTHER
            ev.positive |= state == "positive"
            ev.negative |= state == "negative"
            ev.history |= state != "negative" and any(term in m.span.text.lower() for term in item.history_terms)
            ev.past |= state == "past"
            if clause not in scope:
                scope.append(clause)
                # a date in the next clauses without a term belongs here ("..., stopped 2 years ago");
                # a clause naming anything, this item or another, starts its own
                index = next(i for i, c in enumerate(clauses) if c.start == clause.start)
                for following in clauses[index + 1:]:
                    if any(following.start <= ent.start < following.end for ent in doc.ents) or id(following) in term_clauses:
                        break
                    if not self._is_question(following):
                        scope.append(following)
        affirmed = ev.positive or ev.past  # some mention is not negated
        for clause in scope:
            lemmas = {t.lemma_.lower() for t in clause if t.i not in named}
            words = {t.lower_ for t in clause}
            chunk = prepared[clause.start_char:clause.end_char]
            # "should I stop my Xarelto (before)?" asks about stopping, and
            # "but stopping in a month" plans it: taken now, and its dates
            # are still to come.
            asks_to_stop = bool(_ASKS_TO_STOP.search(chunk))
            plans_to_stop = bool(_PLANS_TO_STOP.search(chunk)) and not asks_to_stop
            if plans_to_stop:
                ev.current = True
                continue
            stop_word = bool(lemmas & _STOP_LEMMAS) and not asks_to_stop
            stopped = stop_word or "anymore" in words or ("no" in words and "longer" in words)
            ev.stopped |= stopped
            times = times_in(chunk, today, stopped=ev.stopped or ev.negative or "off" in words)
            # "I've got psoriasis" and "got a few spots coming up" (the "I've" left
            # out) are now; "never had keloids" had none (the past words belong to
            # the negation unless a date comes with them: "haven't had accutane since March")
            reporting = _reporting_tokens(clause)
            past_words = {
                t.lower_ for t in clause if t.i not in reporting and not (t.lower_ == "got" and _got_now(t, clause.start))
                and not (t.lower_ == "before" and _before_something(t, clause.end))
            } & _PAST_WORDS
            ev.past |= stopped or ((affirmed or bool(times)) and (bool(past_words) or "off" in words))
            ev.current |= (asks_to_stop or bool(_CURRENT.search(chunk))) and not ev.stopped
            # per clause: "had breast cancer, finished treatment 3 years ago, I'm on tamoxifen now"
            ev.ongoing |= bool(_ONGOING.search(chunk)) and not stopped
            ev.ended |= bool(_ENDED.search(chunk))  # "I had psoriasis but it cleared up 10 years ago"
            ev.unsure |= bool(_UNSURE.search(_without_terms(chunk, mentions)))
            ev.times += times
            experience = {t.lower_ for t in clause if not (t.lower_ == "before" and _before_something(t, clause.end))}
            ev.experience |= bool(experience & _EXPERIENCE_WORDS) or bool(_EXPERIENCE.search(chunk))
            ev.recent |= bool(words & _RECENT_WORDS)
        dated = item.within_days is not None and not ev.current and not ev.unsure
        answer = self._decide(item, ev, lead_days)
        return answer, [(t.lo, t.hi) for t in ev.times] if dated else [], self._undated(item, ev, answer)

    @staticmethod
    def _undated(item: Item, ev: _Evidence, answer: Answer) -> bool:
        """"I've had a chemical peel before", "tried botox once": an item of a
        short window told as past, with no date, no doubt and nothing now."""
        return (answer is Answer.UNSURE and item.within_days is not None and item.within_days <= SHORT_WINDOW_DAYS
                and not (ev.unsure or ev.current or ev.times or ev.ongoing or ev.recent) and (ev.past or ev.stopped) and ev.experience)

    @staticmethod
    def _decide(item: Item, ev: _Evidence, lead_days: int = 0) -> Answer:
        if ev.unsure and not ev.negative:
            return Answer.UNSURE
        if not (ev.positive or ev.past or ev.stopped):
            return Answer.NO if ev.negative else Answer.UNKNOWN
        if item.history_counts:
            return Answer.YES if (ev.positive or ev.past) else Answer.NO
        window = item.within_days
        if window is None and ev.taken and (ev.stopped or ev.past) and any(t.lo <= RECENT_STOP_DAYS for t in ev.times):
            # "I stopped my blood thinners yesterday for the appointment", "stopped prednisone
            # 3 days ago": still in the body, and a clinician's to see (helper-62, stop 42).
            return Answer.YES
        if window is None and item.lasts:
            if ev.ongoing or (ev.current and not ev.ended):
                return Answer.YES
            if ev.stopped or ev.ended:
                # "I had eczema as a child", "it cleared up years ago"; "i used to have psoriasis" may come back
                return Answer.UNSURE if ev.history else Answer.NO
            return Answer.UNSURE if ev.past else Answer.YES  # "I had psoriasis": maybe still
        if window is None:
            if ev.positive and not (ev.stopped or (ev.past and not ev.current)):
                return Answer.YES
            return Answer.NO  # "I had eczema as a child", "I stopped my warfarin"... never a clear yes
        if ev.current:
            return Answer.YES
        if ev.times:
            return Answer(window_answer(window - lead_days, [(t.lo, t.hi) for t in ev.times]))
        if ev.past or ev.stopped:
            return Answer.UNSURE  # taken, but when?
        return Answer.YES

    def _read_answers(self, prepared: str, reading: Reading, today: dt.date) -> None:
        bare = re.sub(r"[^\w]", "", prepared)
        # "none except one", "all no apart from a couple": something applies, unnamed.
        unnamed = _EXCEPT_UNNAMED.search(prepared)
        reading.none = bool(_NONE.search(prepared)) and not unnamed
        reading.rest_none = bool(_REST_NONE.search(prepared))
        lines = len(self._items)
        # "the last one" as its number; "stopped on 12 august" names no line 12
        with_last = _LAST_LINE.sub(f" {lines} ", _BEFORE_LAST.sub(f" {lines - 1} ", without_dates(prepared)))
        ranges = [range(int(a), int(b) + 1) for a, b in _LINE_RANGE.findall(with_last) if 1 <= int(a) < int(b) <= lines]
        numbers = [int(n) for n in _NUMBER_LIST.findall(with_last) if 1 <= int(n) <= lines]
        numbers = list(dict.fromkeys(sorted(set(numbers).union(*ranges)))) if ranges else numbers
        if not numbers and _ONLY_NUMBER_WORDS.match(prepared.strip()):
            words = re.findall(rf"\b{_NUMBER_WORD}\b", re.sub(rf"\b({_NUMBER_WORD})\s+one\b", r"\1", prepared))
            numbers = [_NUMBER_WORDS[w] for w in words if _NUMBER_WORDS[w] <= len(self._items)]
        if not numbers:
            said = [w.split()[-1].lstrip("#.") for match in _EXCEPT_ORDINAL.finditer(prepared) for w in match.groups() if w]
            numbers = [_NUMBER_WORDS[w] for w in said if w in _NUMBER_WORDS and _NUMBER_WORDS[w] <= lines]
        if not numbers:
            numbers = [_ORDINALS[w] for w, said in _ORDINAL_ANSWERED.findall(prepared) if said[0] == "y" and _ORDINALS[w] <= lines]
        # "my psoriasis and number three", "eleven plus lupus": lines in words beside other words.
        in_words = [w for groups in _NUMBERED_WORD.findall(prepared) for w in groups if w]
        numbers += [_NUMBER_WORDS[w] for w in in_words if _NUMBER_WORDS[w] <= lines and _NUMBER_WORDS[w] not in numbers]
        all_except = _ALL_EXCEPT.match(prepared)
        if all_except:
            tail = re.sub(r"\bthe (?:last|final)\b", f" {lines} ", _BEFORE_LAST.sub(f" {lines - 1} ", all_except.group("named")))
            named = {int(n) for n in re.findall(r"\d{1,2}", tail)}
            numbers = [n for n in range(1, lines + 1) if n not in named] if named else numbers
        # "2 and 5 no wait just 5": the lines before the correction taken back, and
        # its "no" no answer (stop 47: 2 and 5 had both been recorded as no).
        corrected = _CORRECTED_LIST.match(prepared.strip())
        denied = _denied_numbers(with_last if corrected is None else corrected.group("after"))  # "no to 1-5, yes to 6", "1 no 2 no 3 yes"
        numbers = [n for n in numbers if n not in denied]
        reading.numbers_denied = sorted(n for n in denied if 1 <= n <= lines)
        withdrawn = [int(n) for match in _WITHDRAWS.finditer(prepared) for n in re.findall(r"\d{1,2}", match.group())]
        if corrected is not None:
            meant = {int(n) for n in re.findall(r"\d{1,2}", corrected.group("after"))}
            withdrawn += [int(n) for n in _NUMBER_LIST.findall(corrected.group("before")) if int(n) not in meant]
            numbers = list(dict.fromkeys(numbers))
        reading.numbers_withdrawn = [n for n in dict.fromkeys(withdrawn) if 1 <= n <= len(self._items)]
        numbers = [n for n in numbers if n not in reading.numbers_withdrawn]
        # "my friend has 2": their line, never the visitor's (stop 47); the
        # dialogue reads it as theirs once the checklist was shown (actions/screening).
        reading.numbers_theirs = [n for n in their_numbers(prepared) if 1 <= n <= lines]
        numbers = [n for n in numbers if n not in reading.numbers_theirs]
        if _ASKS_MEANING.match(prepared.strip()):
            reading.numbers_asked = numbers
        elif not (_QUANTITY_QUESTION.search(prepared.strip()) or _PRICE_QUESTION.search(prepared.strip())):
            reading.numbers = numbers
        other_line = list(self._items).index(OTHER) + 1 if OTHER in self._items else None
        if reading.not_screened and other_line in reading.numbers and OTHER not in reading.findings:
            # "12, the pill": the line is explained by what no line asks
            reading.numbers = [n for n in reading.numbers if n != other_line]
        doubt = _UNSURE.search(prepared)
        hedge = _HEDGED_YES.match(prepared) if reading.findings else None
        if doubt and hedge:  # "I think so, I had eczema as a kid": the doubt is the named item's, read with it
            doubt = _UNSURE.search(prepared[hedge.end():])
        reading.unsure = bool(doubt or unnamed)
        if reading.unsure and len(reading.numbers) > 1:
            reading.numbers_unsure = _hedged_numbers(with_last, reading.numbers)
        reading.yes = bool(_YES.search(prepared)) or _SINGLE_LETTER.get(bare) == "yes"
        reading.no = bool(_NO.search(prepared)) or _SINGLE_LETTER.get(bare) == "no"
        reading.current = bool(_CURRENT.search(prepared))
        reading.times = [(t.lo, t.hi) for t in times_in(prepared, today, stopped=True)]

    @staticmethod
    def _clauses(doc: Doc) -> list[Span]:
        return [doc[start:end] for start, end in clause_spans([token.lower_ for token in doc])]

    @staticmethod
    def _is_question(clause: Span) -> bool:
        after = clause.doc[clause.end] if clause.end < len(clause.doc) else None
        return clause[0].lower_ in _QUESTION_WORDS or (after is not None and after.text == "?")


# "no to 1-5", "no for 2 and 3": lines answered no; "1 no", "4: no", "3 - nope" too.
# A run of line numbers; it stops before one answered yes ("no for 1 thru 10, 11 yes").
_NUMBERS_SAID = r"((?:\d{1,2}(?!\d|\s*(?:is\s+|=|:|-)?\s*(?:yes|yeah|yep|y)\b)(?:\s*(?:-|–|to|thru|through|,|and|&|or)\s*)?)+)"
_NO_TO_NUMBERS = re.compile(r"\b(?:(?:no|nope|nah)\s+(?:to|for)|none of)\s+" + _NUMBERS_SAID
                            # "not 1-5, 6 yes"; "oops not 3, 9" takes back 3 alone
                            + r"|\bnot\s+(\d{1,2}(?:\s*(?:-|–|to|thru|through)\s*\d{1,2})?)\b")
# "1-5 no", "1,2,3 no", "7-12 are no", "4: no".
_NUMBERS_THEN_NO = re.compile(r"(?<![\w.:$£€])" + _NUMBERS_SAID + r"\s*(?:[:=-]\s*)?(?:are\s+|is\s+|r\s+)?(?:a\s+)?(?:no|nope|nah|n)\b(?!\s+(?:to|for)\b)")
# "first 8 are no".
_FIRST_N_NO = re.compile(r"\b(?:the\s+)?first (\d{1,2}) (?:are |is |r )?(?:all )?(?:no|nope|nah)\b")


def _denied_numbers(text: str) -> set[int]:
    """Lines answered no: "no to 1-5", "1-5 no", "1 no 2 no", "first 8 are no"."""
    denied: set[int] = set()
    for match in list(_NO_TO_NUMBERS.finditer(text)) + list(_NUMBERS_THEN_NO.finditer(text)):
        said = next(group for group in match.groups() if group)
        denied.update(n for a, b in _LINE_RANGE.findall(said) for n in range(int(a), int(b) + 1))
        denied.update(n for a, b in re.findall(r"(\d{1,2})\s*(?:thru|through)\s*(\d{1,2})", said) for n in range(int(a), int(b) + 1))
        denied.update(int(n) for n in re.findall(r"\d{1,2}", said))
    denied.update(n for match in _FIRST_N_NO.finditer(text) for n in range(1, int(match.group(1)) + 1))
    return denied


# "first one no second one yes rest no": lines as ordinals, each answered.
_ORDINAL_ANSWERED = re.compile(
    r"\b(?:the\s+)?(" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + r")(?:\s+one)?\s*(?:is\s+|=|:|-)?\s*"
    r"(yes|yeah|yep|y|no|nope|nah|n)\b"
)


_NUMBER_CLAUSE = re.compile(r"[,;]|\b(?:and|but|also|plus)\b")


def _hedged_numbers(text: str, numbers: list[int]) -> list[int]:
    """"possibly 9, and 2 definitely", "6 and maybe 9": the numbers whose own
    clause has the doubt, when some have it and some do not; otherwise none
    apart ("not sure, 6 and 9": the doubt is about all of them)."""
    hedged, sure = set(), set()
    for clause in _NUMBER_CLAUSE.split(text):
        said = {int(n) for n in _NUMBER_LIST.findall(clause)} & set(numbers)
        (hedged if _UNSURE.search(clause) else sure).update(said)
    return sorted(hedged - sure) if hedged and sure else []


def _without_terms(chunk: str, mentions) -> str:
    """`chunk` without the item's own terms: "i bruise kinda easy" has no doubt in its "kinda"."""
    for mention, _, _ in mentions:
        chunk = chunk.replace(mention.span.text, " ")
    return chunk


def _tells_own(ent: Span, birth_told: bool) -> bool:
    """Whether words that answer an item no ("bottle fed") are the visitor's,
    now: not negated, past or supposed, nor someone else's, except the baby
    of a birth the message tells ("had my baby in october, she's bottle fed")."""
    if _negated(ent) or ent._.is_hypothetical or ent._.is_historical:
        return False
    others = [modifier for modifier in ent._.modifiers if modifier.category == "FAMILY"]
    doc = ent.doc
    return not others or (birth_told and all(
        doc[modifier.modifier_span[0]:modifier.modifier_span[1]].text.lower() in _BABY_PRONOUNS for modifier in others))


def _negated(ent: Span) -> bool:
    """Negated by a cue outside the term: "my blood doesn't clot" names a
    bleeding problem by its own "n't"; or answered no right after it, as a
    list is ticked: "warfarin no, pregnant no", "accutane no", "pregnant? lol no."."""
    return _answered_no_after(ent) or any(
        modifier.category == "NEGATED_EXISTENCE"
        and not (ent.start <= modifier.modifier_span[0] and modifier.modifier_span[1] <= ent.end)
        for modifier in ent._.modifiers
    )


# Stop 47: "warfarin no, pregnant no, cold sores no" noted all three as yes. A
# bare no after the term, ending its clause, answers it; "pregnant, no other
# issues" or "pregnant no joke" does not (the "no" goes on to another word).
_BARE_NO = frozenset("no nope nah never n".split())
_BETWEEN = frozenset("? : - = lol haha tbh def definitely".split())
_CLAUSE_END = frozenset(". , ; ! ? and but & also plus".split())


def _answered_no_after(ent: Span) -> bool:
    doc, index = ent.doc, ent.end
    while index < len(doc) and doc[index].lower_ in _BETWEEN:
        index += 1
    if index >= len(doc) or doc[index].lower_ not in _BARE_NO:
        return False
    after = index + 1
    return after >= len(doc) or doc[after].lower_ in _CLAUSE_END or doc[after].is_digit


def _around(doc: Doc, mentions: list[_Mention]) -> str:
    """The sentences that name something, each cut to CONTEXT_WINDOW tokens
    either side of what it names."""
    stretches: list[tuple[int, int]] = []
    for m in mentions:
        sentence = m.span.sent
        start = max(sentence.start, m.span.start - CONTEXT_WINDOW)
        end = min(sentence.end, m.span.end + CONTEXT_WINDOW)
        if stretches and start <= stretches[-1][1]:
            stretches[-1] = (stretches[-1][0], max(end, stretches[-1][1]))
        else:
            stretches.append((start, end))
    return " . ".join(doc[start:end].text for start, end in stretches)


def _asked_in_general(reading: Reading, mention: _Mention, text: str) -> None:
    if mention.own_only:
        return  # "what about over a mole?": no rule to tell (clinic_assistant/not_covered.py answers)
    if mention.item not in reading.general:
        reading.general.append(mention.item)
        reading.general_said[mention.item] = text_of(text, mention.span)


def text_of(original: str, span: Span) -> str:
    """The visitor's own spelling of a mention, for naming it back to them."""
    match = re.search(re.escape(span.text).replace(r"\ ", r"\s+"), original, re.IGNORECASE)
    return match.group() if match else span.text


@lru_cache(maxsize=2)
def reader_for(clinic_yaml: str) -> DisclosureReader:
    """A shared reader per clinic configuration text (built once)."""
    import yaml

    config = yaml.safe_load(clinic_yaml)
    lexicon = load_lexicon(config)
    return DisclosureReader(load_items(config, lexicon), lexicon)
