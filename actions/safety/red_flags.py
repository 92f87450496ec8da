"""Emergency red flags and post-treatment problems in a message (docs/design.md §4.1, §4.2).

`assess(text)` reads a message in five steps:

1. Spelling: the text is normalised (`normalize.normalise`), accents dropped,
   letter runs squeezed ("swellllling"), spaced or dotted letters re-joined
   ("s.w.e.l.l.i.n.g", "b r e a t h e"), then split into sentences and words.
2. Words: each word gets its canonical spelling: the exact form, a known
   misspelling ("pian", "cnt") or, for keywords of five letters and more, a
   form one or two edits away ("swolen", "brething"). Ordinary English words
   that happen to be that close ("smelling", "injected") are never bent.
3. Expressions: multi-word expressions become one token ("short of breath",
   "won't stop", "cold sore"), so that "won't stop bleeding" does not read as
   a negated symptom.
4. Mentions: rules find a symptom word, or a body part next to a state word
   ("lips ... swelling", "chest ... tight", "vision ... blurry").
5. Framing: a mention is dropped when it is negated ("no swelling"), already
   over ("the swelling went down"), hypothetical ("will I swell?"), part of a
   general or second-hand question while the message reports nothing ("is
   swelling normal?", "my friend said..."), a past episode ("years ago"), or,
   for conditions that screening asks about, a disclosure before treatment
   ("I get cold sores, can I still book?"). A report ("my lips are swelling",
   "since my session") keeps it. Emergency phrases ignore the weak "is that
   normal?" framing.

Safety comes first: unclear cases go up a level, never down.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from actions.safety.normalize import drop_blanks, english_words, has_blanks, normalise, strip_accents, within_edits
from components.limits import MAX_READ_CHARS, MAX_READ_WORDS, MAX_WORD_CHARS


class Level(enum.Enum):
    NONE = "none"
    SYMPTOM = "symptom"
    URGENT = "urgent"


_RANK = {Level.NONE: 0, Level.SYMPTOM: 1, Level.URGENT: 2}


@dataclass(frozen=True)
class Assessment:
    level: Level
    reasons: tuple[str, ...]


# --- Vocabulary -------------------------------------------------------------
# Tag -> canonical word forms. A token may carry several tags.
_LEXICON: dict[str, str] = {
    # symptom words
    "SWELL": "swell swells swelled swelling swellings swollen puffy puffiness puffed "
             "bloated inflated ballooned ballooning enlarged engorged",
    "BLOWUP": "blowup",
    "FACE": "face faces facial lip lips tongue throat eye eyes eyelid eyelids lid lids "
            "mouth cheek cheeks neck jaw chin forehead nose airway airways",
    "THROAT": "throat airway airways windpipe",
    "BREATH": "breathe breath breathing breathes breathed",
    "BREATHLESS": "sob breathless breathlessness wheeze wheezing wheezy wheezed "
                  "gasping suffocating suffocate choking",
    "SWALLOW": "swallow swallowing swallowed",
    "CHEST": "chest heart",
    "PAIN": "pain pains painful hurt hurts hurting ache aches aching achy sore tender "
            "tenderness throbbing throbs stabbing agony excruciating",
    "TIGHT": "tight tightness tightening pressure heavy heaviness squeezing crushing "
             "constricted constricting",
    "CLOSING": "closing close closed closes narrowing",
    "BIG": "huge massive enormous big bigger giant thick fat doubled",
    "VISION": "vision sight eyesight",
    "VISION_BAD": "blurry blurred blur blurring blurriness fuzzy hazy cloudy double dim "
                  "dark darkening loss lost losing gone going changed change changes "
                  "changing weird strange funny worse problem problems trouble "
                  "disturbance disturbed flashing flashes black tunnel impaired off wrong",
    "BLURRY": "blurry blurred blurriness",
    "SEEING": "seeing see everything",
    "SEEING_BAD": "double spots stars flashes things",
    "BLIND": "blind blindness",
    "FEVER": "fever fevers feverish fevery febrile chills shivering shivers shivery "
             "rigors hotcold",
    "TEMPERATURE": "temperature temp",
    "RED": "red redness reddish redder reddening erythema pink",
    "SPREAD": "spreading spread spreads expanding expands growing grows bigger larger "
              "extending streak streaks streaking streaky lines",
    "HOT": "hot warm warmth heat",
    "INFECT": "pus purulent pustule pustules ooze oozing oozes oozed oozy discharge "
              "discharging weeping infected infection infections infecting abscess "
              "abscesses cellulitis impetigo hottouch",
    "INFECT_WORD": "infected infection infections infecting impetigo",
    "YELLOW": "yellow yellowish green greenish honey",
    "MATTER": "crust crusty crusting crusted crusts stuff fluid liquid goo gunk scab "
              "scabs",
    "SMELL": "smell smells smelly stinks stinky odor odour",
    "SMELL_BAD": "bad foul weird funny gross rotten",
    "SCAB": "scab scabs scabbing scabbed scabby crust crusty crusting crusted crusts",
    "COLDSORE": "coldsore blister blisters blistering blistered herpes hsv",
    "BLEED": "bleed bleeds bleeding bled",
    "BLOOD": "blood",
    "BLOOD_LOT": "everywhere lots lot much coming pouring dripping soaked soaking "
                 "persist",
    "RASH": "rash rashes welts wheals urticaria",
    "HIVES": "hives",
    "ALLOVER": "allover everywhere",
    "ITCH": "itch itches itching itchy itchiness",
    "BURN": "burning burns burn burned burnt stinging stings",
    "BUMP": "bump bumps lump lumps lumpy nodule nodules granuloma granulomas milia "
            "cyst cysts",
    "DARK": "darkpatch hyperpigmentation pigmentation discoloration discolouration "
            "darker darkening darkened",
    "BREAKOUT": "breakout breakouts pimples pimple whiteheads zits",
    "DIZZY": "dizzy dizziness lightheaded nausea nauseous nauseated vomiting",
    "FAINTED": "fainted fainting faints passout unconscious collapsed",
    "FAINT": "faint",
    "ANAPHYLAXIS": "anaphylaxis anaphylactic epipen epinephrine",
    "REACTION": "reaction reactions reacting reacted",
    # framing words
    "DIFFICULTY": "cant cannot couldnt unable hard harder difficult difficulty trouble "
                  "struggling struggle struggled problem problems hardly barely labored "
                  "laboured shallow heavy tight tightness",
    "TREATMENT": "microneedling microneedle microneedled needling treatment treatments "
                 "session sessions procedure appointment dermapen facial",
    "BODY": "skin area areas spot spots wound wounds scar scars arm arms hand hands "
            "body scalp head leg legs back stomach belly side pores patch patches "
            "temple temples eyebrow eyebrows hairline",
    "STATE": "is are was were feels feel felt looks look looked has have keeps kept "
             "started starts got gets getting became becoming turned turning went "
             "seems seemed still now just",
    "PRESUP": "presup settle subside heal disappear fade improve stop",
}

# Misspellings too short (or too far) for the edit-distance rule.
_ALIASES = {
    "cnt": "cant", "cnat": "cant", "caint": "cant", "cn": "can", "dnt": "dont",
    "pian": "pain", "pane": "pain", "payn": "pain", "puss": "pus", "fevr": "fever",
    "fver": "fever", "lipz": "lips", "lipps": "lips", "eys": "eyes", "troat": "throat",
    "thorat": "throat", "rsh": "rash", "vison": "vision", "swole": "swollen",
    # apostrophes are dropped, so "I'll" reads "ill"
    "ill": "will", "itll": "will", "youll": "will", "theyll": "will", "id": "would",
}

# Words the rules use as they are (no edit-distance bending).
_FUNCTION_WORDS = frozenset(
    """a about after again ago all also always am an and any anyone anything are as at
    avoid be because been before being better but by can cant cannot cause causes
    causing chance chances could couldnt day days did didnt do does doesnt done dont
    else ever everyone expect expected expecting feel few for from get gets getting go
    going gone got had hadnt has hasnt have havent having he her his how i if im in
    is isnt it its ive just keep keeps last later like likely little lot may me might
    mine more most much my no none nor not nothing now of off ok okay on once one or
    our out over past people please possible prevent really risk risks said saw say
    says see she heres should since so some still such than that the their them then there
    theres these they this those though to today too twice under until up us used
    usually very was wasnt way we week weeks went were what when whenever where
    whether which while who why will with without wont would wouldnt yesterday yet you
    your""".split()
)

# Keywords a misspelling may be bent towards (an edit or two away). Kept to
# the words that carry a red flag; the rest must be spelt as listed.
_FUZZY_KEYWORDS = """swell swelling swollen swelled puffy breathe breath breathing breathless
    wheezing wheeze suffocating choking swallow swallowing throat tongue chest pain painful
    hurt hurts hurting tight tightness vision blurry blurred blind fever feverish chills
    shivering temperature redness spreading pus oozing discharge infected infection abscess
    crusty blister blisters herpes bleeding bleed rash hives itching itchy burning bumps lumps
    granuloma hyperpigmentation pigmentation scabs dizzy dizziness lightheaded nausea vomiting
    fainted fainting unconscious collapsed anaphylaxis anaphylactic epipen reaction lips face
    eyes eyelids cheeks mouth difficult difficulty trouble struggling unable""".split()

# Multi-word expressions, matched longest first, after canonical spelling.
# Each becomes one token, which the lexicon or the framing sets then read.
_CONTRACTIONS = {
    ("can", "not"): "cannot", ("could", "not"): "couldnt", ("do", "not"): "dont",
    ("does", "not"): "doesnt", ("did", "not"): "didnt", ("is", "not"): "isnt",
    ("are", "not"): "arent", ("was", "not"): "wasnt", ("were", "not"): "werent",
    ("has", "not"): "hasnt", ("have", "not"): "havent", ("will", "not"): "wont",
    ("i", "m"): "im", ("i", "am"): "im", ("i", "ve"): "ive", ("it", "s"): "its",
    ("it", "is"): "its", ("there", "s"): "theres", ("there", "is"): "theres",
    ("there", "are"): "theres", ("going", "to"): "gonna", ("used", "to"): "usedto",
}
_SYMPTOM_EXPRESSIONS = {
    ("short", "of", "breath"): "sob", ("shortness", "of", "breath"): "sob",
    ("out", "of", "breath"): "sob", ("short", "breath"): "sob",
    ("cant", "get", "air"): "sob", ("cant", "get", "enough", "air"): "sob",
    ("cold", "sore"): "coldsore", ("cold", "sores"): "coldsore",
    ("fever", "blister"): "coldsore", ("fever", "blisters"): "coldsore",
    ("passed", "out"): "passout", ("pass", "out"): "passout",
    ("passing", "out"): "passout", ("blacked", "out"): "passout",
    ("black", "out"): "passout", ("blacking", "out"): "passout",
    ("lost", "consciousness"): "passout",
    ("allergic", "reaction"): "anaphylaxis", ("allergic", "reactions"): "anaphylaxis",
    ("anaphylactic", "shock"): "anaphylaxis", ("epi", "pen"): "epipen",
    ("hot", "to", "the", "touch"): "hottouch", ("hot", "to", "touch"): "hottouch",
    ("warm", "to", "the", "touch"): "hottouch", ("warm", "to", "touch"): "hottouch",
    ("hot", "and", "cold"): "hotcold", ("all", "over"): "allover",
    ("whole", "body"): "allover", ("entire", "body"): "allover",
    ("blowing", "up"): "blowup", ("blew", "up"): "blowup", ("blown", "up"): "blowup",
    ("puffed", "up"): "blowup", ("puffing", "up"): "blowup",
    ("light", "headed"): "lightheaded", ("throwing", "up"): "vomiting",
    ("threw", "up"): "vomiting", ("broke", "out"): "breakout",
    ("breaking", "out"): "breakout", ("break", "out"): "breakout",
    ("micro", "needling"): "microneedling", ("getting", "worse"): "worse",
    **{(colour, noun): "darkpatch" for colour in ("dark", "brown")
       for noun in ("patch", "patches", "spot", "spots", "mark", "marks", "area", "areas")},
}
# "won't stop" and "hasn't gone down" describe a problem, not its absence.
_NOT_GETTING_BETTER = {
    (neg, *tail): "worse"
    for neg in ("not", "isnt", "hasnt", "wont", "doesnt", "didnt", "arent", "havent", "aint")
    for tail in (("going", "down"), ("gone", "down"), ("go", "down"), ("going", "away"),
                 ("gone", "away"), ("go", "away"), ("getting", "better"), ("got", "better"),
                 ("improving",), ("improved",), ("healing",), ("healed",), ("heal",),
                 ("settling",), ("settled",), ("settle",), ("fading",), ("faded",))
} | {
    (neg, stop): "persist"
    for neg in ("not", "isnt", "hasnt", "wont", "doesnt", "didnt", "cant", "cannot", "couldnt")
    for stop in ("stop", "stopping", "stopped")
}
_OVER = {
    ("went", "down"): "resolved", ("went", "away"): "resolved",
    ("gone", "down"): "resolved", ("gone", "away"): "resolved",
    ("calmed", "down"): "resolved", ("cleared", "up"): "resolved",
    ("settled", "down"): "resolved",
    # "will my swelling go down?" presupposes the swelling
    ("go", "down"): "presup", ("go", "away"): "presup", ("calm", "down"): "presup",
    ("clear", "up"): "presup", ("get", "better"): "presup",
}
_FRAMING_EXPRESSIONS = {
    ("not", "sure"): "unsure", ("dont", "know"): "unsure", ("no", "idea"): "unsure",
    ("not", "certain"): "unsure", ("cant", "tell"): "unsure",
    ("cant", "see", "any"): "no", ("cant", "feel", "any"): "no",
    ("cant", "notice", "any"): "no", ("no", "longer"): "no",
    # a past episode
    ("in", "the", "past"): "history", ("history", "of"): "history",
    ("prone", "to"): "history", ("i", "get"): "habit", ("i", "usually", "get"): "habit",
    ("years", "ago"): "longago", ("year", "ago"): "longago", ("months", "ago"): "longago",
    ("long", "ago"): "longago", ("while", "ago"): "longago", ("ages", "ago"): "longago",
    ("last", "month"): "longago", ("last", "year"): "longago",
    ("as", "a", "teen"): "longago", ("as", "a", "teenager"): "longago",
    ("as", "a", "kid"): "longago", ("as", "a", "child"): "longago",
    # something recent
    ("last", "night"): "recent", ("this", "morning"): "recent",
    ("days", "ago"): "recent", ("day", "ago"): "recent", ("hours", "ago"): "recent",
    ("days", "after"): "recent", ("days", "later"): "recent",
    ("days", "post"): "recent", ("hours", "after"): "recent",
    ("since", "my"): "post", ("since", "the"): "post", ("after", "my"): "post",
    ("had", "it", "done"): "treated", ("got", "it", "done"): "treated",
    ("had", "microneedling"): "treated", ("got", "microneedling"): "treated",
    # general questions
    ("side", "effects"): "general", ("side", "effect"): "general",
    ("signs", "of"): "general", ("what", "are"): "general",
    ("what", "happens"): "general", ("what", "causes"): "general",
    ("how", "long"): "general", ("how", "often"): "general", ("how", "soon"): "general",
    ("how", "common"): "general", ("how", "likely"): "general", ("how", "bad"): "general",
    ("how", "do", "i"): "general", ("how", "can", "i"): "general", ("how", "to"): "general",
    ("best", "way"): "general", ("do", "people"): "general", ("does", "anyone"): "general",
    ("do", "most"): "general", ("does", "everyone"): "general",
    ("when", "should"): "general", ("when", "to"): "general",
    ("when", "do", "i"): "general", ("when", "will"): "general",
    ("is", "it", "true"): "general",
    ("can", "it"): "canit", ("can", "microneedling"): "canit", ("can", "this"): "canit",
    ("does", "it"): "canit", ("does", "microneedling"): "canit", ("does", "this"): "canit",
    ("do", "i", "get"): "canit", ("can", "i", "get"): "canit",
    ("is", "it", "possible"): "canit",
    # asking for help now
    ("what", "should", "i", "do"): "help", ("what", "do", "i", "do"): "help",
    ("please", "help"): "help",
    # before a treatment, or whether it would suit
    ("can", "i", "still"): "pre", ("am", "i", "a"): "pre", ("am", "i", "able"): "pre",
    ("am", "i", "allowed"): "pre", ("rule", "me", "out"): "pre",
    ("rules", "me", "out"): "pre", ("before", "my"): "pre", ("help", "with"): "pre",
    ("get", "rid"): "pre", ("safe", "for", "me"): "pre", ("microneedling", "help"): "pre",
    ("it", "help"): "pre", ("this", "help"): "pre", ("you", "help"): "pre",
}
_PHRASES = {**_CONTRACTIONS, **_SYMPTOM_EXPRESSIONS, **_NOT_GETTING_BETTER, **_OVER, **_FRAMING_EXPRESSIONS}
# Second pass, over the first pass's tokens.
_PHRASES_AFTER = {
    ("gonna", "passout"): "passout", ("gonna", "faint"): "fainted",
    ("about", "to", "faint"): "fainted", ("about", "to", "passout"): "passout",
    ("dont", "think", "its"): "no", ("dont", "think", "theres"): "no",
    ("dont", "think", "im"): "no", ("dont", "think", "i", "have"): "no",
    ("dont", "believe", "its"): "no",
    # an embedded question about now, not a condition ("not sure if it's infected")
    ("its", "been"): "recent",  # "it's been 5 days"
    ("unsure", "if"): "unsure", ("unsure", "whether"): "unsure",
    ("wondering", "if"): "wondering", ("wonder", "if"): "wondering",
}

# Framing vocabulary.
_NEGATION = frozenset(
    "no not never without none nor neither nothing nothings zero dont doesnt didnt isnt arent "
    "wasnt werent havent hasnt hadnt wont wouldnt aint stopped".split()
)
# Words that end a negation's reach ("no, my lips are swelling").
_SCOPE_END = frozenset(
    ", but however though although except yet and so because then now i im ive my me "
    "it its theres there she he her his they their we our you your".split()
)
_CLAUSE_END = frozenset(", but however though although except yet and so because then".split())
# Hypothetical framing right before a mention ("will I swell", "can it cause").
_LOCAL_HYPO = frozenset(
    "will would could might may if whether expect expected expecting cause causes "
    "causing risk risks possible chance chances likely prevent preventing avoid "
    "avoiding ever gonna canit general usedto history longago habit whenever prone "
    "tend tends typical typically usually normally commonly".split()
)
# Hedged present ("it might be infected") is a report, not a hypothesis.
_HEDGE_MODALS = frozenset("could might may must".split())
_PEOPLE = frozenset(
    "friend friends sister brother mom mum mother dad daughter son wife husband boyfriend "
    "girlfriend partner cousin aunt colleague coworker someone anyone people patients".split()
)
_HEARSAY = frozenset(
    "heard hear read reading said says told reviews review apparently supposedly online "
    "tiktok google instagram reddit youtube".split()
)
# A general, second-hand or worried question: dropped unless the message
# also reports something.
_GENERAL = _LOCAL_HYPO | _HEARSAY | _PEOPLE | frozenset(
    "worried worry worrying afraid scared nervous anxious concerned fear terrified "
    "question questions wondering curious ask asking common rare tips advice".split()
)
_WEAK = frozenset("normal ok okay fine expected usual".split())
_AUX_START = frozenset("is are does do did can could will would should am was".split())
_QUESTION_START = frozenset("does do can could will would".split())
_REPORT_NOW = frozenset(
    "now currently today tonight yesterday recent since still suddenly started "
    "starting keeps kept persist worse help emergency ambulance 911 hospital "
    "urgent asap post theres".split()
)
_I_REPORT = frozenset(
    "feel felt noticed notice woke cant cannot couldnt kept started developed see saw "
    "seem seemed suddenly".split()
)
_IM_NOT_REPORT = frozenset(
    "worried scared afraid nervous anxious concerned gonna planning thinking "
    "considering curious wondering interested booked due about looking trying hoping".split()
)
_PRESENT_STATE = frozenset("is are feels feel looks look keeps getting still now has have seems".split())
_ANAPHORS = frozenset("some it them this these one".split())
_RESOLVED = frozenset("resolved gone subsided settled healed cleared disappeared faded better".split())
_PRE = frozenset(
    "pre candidate eligible suitable allowed contraindication contraindicated booked "
    "booking book appointment consultation consult tomorrow upcoming planning "
    "considering reschedule cancel postpone treat improve fix reduce".split()
)
_HISTORY = frozenset(
    "history habit usedto longago prone tend always sometimes often occasionally "
    "whenever easily".split()
)
_POST = frozenset("post treated recent yesterday microneedled".split())
_NOW = frozenset("now currently today tonight recent still keeps persist worse".split())
# A change that suggests something new ("dark patches appearing").
_CHANGE = frozenset(
    "new appeared appearing developed developing getting turning turned now suddenly "
    "started starting worse since".split()
)

# --- Words -------------------------------------------------------------------
def _squeeze(word: str) -> str:
    """'swollen' -> 'swolen': doubled letters are the commonest typo."""
    return re.sub(r"(.)\1+", r"\1", word)


_TAGS: dict[str, frozenset[str]] = {}
for _tag, _forms in _LEXICON.items():
    for _form in _forms.split():
        _TAGS[_form] = _TAGS.get(_form, frozenset()) | {_tag}
_BY_SQUEEZED = {_squeeze(form): form for form in _TAGS}
_KNOWN_WORDS = set(_TAGS) | {w for phrase in _PHRASES for w in phrase} | set(_FUNCTION_WORDS)
_FUZZY_TARGETS = sorted({_squeeze(w) for w in _FUZZY_KEYWORDS})
# By first letter, so an unknown word is compared with a handful of keywords.
_FUZZY_BY_INITIAL: dict[str, list[str]] = {}
for _target in _FUZZY_TARGETS:
    _FUZZY_BY_INITIAL.setdefault(_target[0], []).append(_target)


def _canonical(word: str) -> str:
    """The lexicon spelling of a word, or the word itself (a word longer
    than MAX_WORD_CHARS is never bent, nor kept in the cache)."""
    return word if len(word) > MAX_WORD_CHARS else _canonical_short(word)


@lru_cache(maxsize=8192)
def _canonical_short(word: str) -> str:
    if word in _KNOWN_WORDS:
        return word
    if word in _ALIASES:
        return _ALIASES[word]
    squeezed = _squeeze(word)
    if squeezed in _BY_SQUEEZED:
        return _BY_SQUEEZED[squeezed]
    if len(squeezed) < 4 or not word.isalpha() or word in english_words():
        return word
    for target in _FUZZY_BY_INITIAL.get(squeezed[0], ()):
        if abs(len(target) - len(squeezed)) > 2:
            continue
        if len(target) == 4:  # short words: only a swapped pair ("fcae", "lpis")
            close = len(squeezed) == 4 and sorted(target) == sorted(squeezed) and within_edits(target, squeezed, 1)
        else:
            close = within_edits(target, squeezed, 2 if len(target) >= 8 else 1)
        if close:
            return _BY_SQUEEZED[target]
    return word


def _tags(word: str) -> frozenset[str]:
    return _TAGS.get(word, frozenset())


# --- Text to tokens ----------------------------------------------------------
# Every pattern here runs in linear time: each can start only at the beginning
# of a run (a look-behind), and what it matches is read once. Words longer
# than MAX_WORD_CHARS are never joined, split or bent.
_REPEATS = re.compile(r"([a-z])\1{2,}")
# Single letters or digits with one or two separators of any kind between
# them: "b r e a t h e", "s.w.e.l.l", "b/r/e/a/t/h/e", "c~h~e~s~t  p~a~i~n".
_SPACED_LETTERS = re.compile(r"(?<![a-z0-9])[a-z0-9](?:[^a-z0-9]{1,2}[a-z0-9](?![a-z0-9])){2,}")
_DOUBLE_SEPARATOR = re.compile(r"[^a-z0-9]{2}")
# Words with a separator inside: "swel-ling", "sw/elling", "lips,swelling".
_INNER_SEPARATORS = re.compile(r"(?<![a-z0-9])[a-z]+(?:[^a-z0-9\s'][a-z]+)+")
_OLD_SEPARATORS = re.compile(r"[.\-_*]")
# Digits and symbols used as letters: "c4nt br3athe", "sw0ll3n", "l1ps", "p@in".
_LEET_RUN = re.compile(r"(?<![a-z0-9@$|])(?=[a-z0-9@$|]*[0-9@$|])(?=[a-z0-9@$|]*[a-z])[a-z0-9@$|]+")
_LEET = {"0": "o", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "@": "a", "$": "s", "|": "l"}
_LEET_ONE = ("i", "l")  # "1" reads as either
_COMMAS = re.compile(r" ?,[ ,]*")
_SENTENCE_END = re.compile(r"[.!?;:]+")
_WORD = re.compile(r"[a-z0-9]+|,")


def _is_keyword(word: str) -> bool:
    return bool(_tags(_canonical(word)))


def _as_letters(word: str) -> list[str]:
    """The letter readings of a word written with digits or symbols
    ("br3athe" -> ["breathe"]), or [] when it has none to read."""
    if len(word) > MAX_WORD_CHARS or not any(ch.isalpha() for ch in word):
        return []
    base = "".join(_LEET.get(ch, ch) for ch in word)
    if base.count("1") > 3:
        return [base.replace("1", letter) for letter in _LEET_ONE]
    readings = [base]
    for _ in range(base.count("1")):
        readings = [r.replace("1", letter, 1) for r in readings for letter in _LEET_ONE]
    return [r for r in readings if r.isalpha()]


def _keyword_form(word: str) -> str | None:
    """The word, or its letter reading, when it is a keyword."""
    return None if len(word) > MAX_WORD_CHARS else _keyword_form_short(word)


@lru_cache(maxsize=4096)
def _keyword_form_short(word: str) -> str | None:
    if word.isalpha():
        return word if _is_keyword(word) else None
    return next((reading for reading in _as_letters(word) if _is_keyword(reading)), None)


def _joined_group(group: str) -> str:
    """One spaced-out word: 'b r e a t h e' -> 'breathe', 'm y' -> 'my',
    'c h e s t p a i n' -> 'chest pain'; anything else as it was."""
    joined = re.sub(r"[^a-z0-9]", "", group)
    if len(joined) > MAX_WORD_CHARS:
        return " "  # no word is this long: letters one by one carry nothing to read
    keyword = _keyword_form(joined)
    if keyword:
        return keyword
    if joined in _KNOWN_WORDS:
        return joined
    for cut in range(3, len(joined) - 2):
        first, second = _keyword_form(joined[:cut]), _keyword_form(joined[cut:])
        if first and second:
            return f"{first} {second}"
    return _segmented(joined) or group


_LONGEST_SEGMENT = 20


def _segmented(letters: str) -> str | None:
    """'mylipsareswelling' -> 'my lips are swelling': the fewest known words
    that spell the letters with at least one keyword among them, else None.
    At most MAX_WORD_CHARS x _LONGEST_SEGMENT look-ups."""
    if not letters.isalpha():
        return None
    words = english_words()

    def known(piece: str) -> bool:
        return piece in _KNOWN_WORDS or (len(piece) > 1 and piece in words) or bool(_keyword_form(piece))

    best: list[list[str] | None] = [[]] + [None] * len(letters)
    for end in range(1, len(letters) + 1):
        for start in range(max(0, end - _LONGEST_SEGMENT), end):
            before = best[start]
            if before is not None and known(letters[start:end]):
                if best[end] is None or len(before) + 1 < len(best[end]):
                    best[end] = before + [letters[start:end]]
    found = best[-1]
    if not found or not any(_keyword_form(piece) for piece in found):
        return None
    return " ".join(_keyword_form(piece) or piece for piece in found)


def _join_spaced(match: re.Match) -> str:
    """Spaced-out letters re-joined; two separators in a row end a word
    ("m y  l i p s" -> "my lips")."""
    run = match.group()
    parts, last = [], 0
    for gap in _DOUBLE_SEPARATOR.finditer(run):
        parts.append(_joined_group(run[last:gap.start()]))
        parts.append(" ")
        last = gap.end()
    parts.append(_joined_group(run[last:]))
    return "".join(parts)


def _join_or_split(match: re.Match) -> str:
    joined = re.sub(r"[^a-z]", "", match.group())
    if len(joined) <= MAX_WORD_CHARS and _is_keyword(joined):
        return joined
    return _OLD_SEPARATORS.sub(" ", match.group())


def _read_leet(match: re.Match) -> str:
    word = match.group()
    if word.isalpha() or word.isdigit():
        return word
    return _keyword_form(word) or word


def _phrase_index(phrases: dict[tuple[str, ...], str]) -> dict[str, tuple[int, ...]]:
    """First word -> the lengths of the phrases it starts, longest first."""
    index: dict[str, set[int]] = {}
    for phrase in phrases:
        index.setdefault(phrase[0], set()).add(len(phrase))
    return {first: tuple(sorted(sizes, reverse=True)) for first, sizes in index.items()}


def _merge(words: list[str], phrases: dict[tuple[str, ...], str], starts: dict[str, tuple[int, ...]]) -> list[str]:
    """Replace multi-word expressions by one token, longest match first
    (`starts`: `_phrase_index(phrases)`)."""
    out: list[str] = []
    i, n = 0, len(words)
    while i < n:
        for size in starts.get(words[i], ()):
            if i + size <= n:
                replacement = phrases.get(tuple(words[i:i + size]))
                if replacement:
                    out.append(replacement)
                    i += size
                    break
        else:
            out.append(words[i])
            i += 1
    return out


_PHRASE_STARTS = _phrase_index(_PHRASES)
_PHRASE_AFTER_STARTS = _phrase_index(_PHRASES_AFTER)


def _sentences(text: str) -> list[list[str]]:
    text = strip_accents(normalise(text[:MAX_READ_CHARS]))
    text = _REPEATS.sub(r"\1\1", text.replace("'", ""))
    text = _SPACED_LETTERS.sub(_join_spaced, text)
    text = _INNER_SEPARATORS.sub(_join_or_split, text)
    text = _COMMAS.sub(", ", _LEET_RUN.sub(_read_leet, text))
    sentences = []
    budget = MAX_READ_WORDS
    for chunk in _SENTENCE_END.split(text):
        words = [_canonical(w) for w in _WORD.findall(chunk)[:budget]]
        budget -= len(words)
        if words:
            merged = _merge(words, _PHRASES, _PHRASE_STARTS)
            sentences.append(_merge(merged, _PHRASES_AFTER, _PHRASE_AFTER_STARTS))
        if budget <= 0:
            break
    return sentences


# --- Mentions ----------------------------------------------------------------
class _Kind(enum.Enum):
    URGENT = "urgent"        # emergency red flag
    PROBLEM = "problem"      # post-treatment problem
    CONDITION = "condition"  # a problem that is also a screening condition
    AFTER = "after"          # counts only with a reference to a treatment


@dataclass(frozen=True)
class _Mention:
    reason: str
    kind: _Kind
    start: int
    end: int


_U, _P, _C, _A = _Kind.URGENT, _Kind.PROBLEM, _Kind.CONDITION, _Kind.AFTER
# One-word mentions: tag -> (reason, kind).
_SINGLE = {
    "BREATHLESS": ("breathing", _U), "FAINTED": ("fainting", _U),
    "ANAPHYLAXIS": ("allergic_reaction", _U), "BLIND": ("vision", _U),
    "FEVER": ("fever", _P), "SCAB": ("scabs", _P), "DIZZY": ("dizziness", _P),
    "REACTION": ("reaction", _C), "BURN": ("burning", _C), "COLDSORE": ("cold_sore", _C),
    "BLEED": ("bleeding", _C), "RASH": ("rash", _C), "ITCH": ("itching", _C),
    "BUMP": ("bumps", _C), "DARK": ("dark_patches", _A), "BREAKOUT": ("breakout", _A),
}
_CANT = ("cant", "cannot", "couldnt", "barely", "hardly")
_SEE_END = ("", ",", "properly", "clearly", "well", "out", "straight", "anything", "right", "from", "through")
_BREATH_STATE = ("weird", "strange", "funny", "fast", "rapid", "noisy", "off", "short", "wheezy")
_FAINT_BEFORE = ("feel", "feeling", "felt", "gonna", "about", "almost", "nearly", "im", "so", "very", "really", "and")


def _near(tokens: list[str], i: int, tag: str, before: int, after: int) -> int | None:
    """Index of the closest token with `tag` around position i."""
    for distance in range(1, max(before, after) + 1):
        for j, limit in ((i - distance, before), (i + distance, after)):
            if distance <= limit and 0 <= j < len(tokens) and tag in _tags(tokens[j]):
                return j
    return None


def _mentions(tokens: list[str]) -> Iterator[_Mention]:
    """Every candidate mention in one sentence, before framing."""

    def pair(reason: str, kind: _Kind, i: int, tag: str, before: int, after: int) -> list[_Mention]:
        j = _near(tokens, i, tag, before, after)
        return [] if j is None else [_Mention(reason, kind, min(i, j), max(i, j))]

    for i, word in enumerate(tokens):
        tags = _tags(word)
        if not tags:  # every rule below starts from a tagged word
            continue
        prev = tokens[i - 1] if i else ""
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        for tag in tags & _SINGLE.keys():
            yield _Mention(*_SINGLE[tag], i, i)
        if "BREATH" in tags:
            yield from pair("breathing", _U, i, "DIFFICULTY", 3, 0) or pair("breathing", _U, i, "PAIN", 3, 0)
            if nxt in ("is", "feels", "feel", "seems", "sounds", "getting", "becoming"):
                yield from pair("breathing", _U, i, "DIFFICULTY", 0, 3)
                if tokens[i + 2:i + 3] and tokens[i + 2] in _BREATH_STATE:
                    yield _Mention("breathing", _U, i, i + 2)
        if "SWALLOW" in tags:
            yield from pair("throat", _U, i, "DIFFICULTY", 3, 0)
        if "THROAT" in tags:
            yield from pair("throat", _U, i, "TIGHT", 3, 4) or pair("throat", _U, i, "CLOSING", 3, 4)
        if tags & {"SWELL", "BLOWUP"}:
            facial = pair("facial_swelling", _U, i, "FACE", 4, 4)
            if facial or "SWELL" in tags:
                yield from facial or [_Mention("swelling", _P, i, i)]
        if "FACE" in tags:  # "lips are huge", "tongue feels thick"
            yield from pair("facial_swelling", _U, i, "BIG", 0, 3)
        if "CHEST" in tags:
            yield from pair("chest_pain", _U, i, "PAIN", 3, 3) or pair("chest_pain", _U, i, "TIGHT", 3, 3)
        if "VISION" in tags:
            yield from pair("vision", _U, i, "VISION_BAD", 3, 3)
        if "BLURRY" in tags:
            yield from pair("vision", _U, i, "FACE", 3, 3) or pair("vision", _U, i, "SEEING", 3, 3)
        if "SEEING" in tags and "SEEING_BAD" in _tags(nxt):
            yield _Mention("vision", _U, i, i + 1)
        if word == "see" and prev in _CANT and nxt in _SEE_END:
            yield _Mention("vision", _U, i - 1, i)
        if "HIVES" in tags:
            widespread = pair("allergic_reaction", _U, i, "ALLOVER", 3, 3) or pair("allergic_reaction", _U, i, "SPREAD", 3, 3)
            yield from widespread or [_Mention("hives", _P, i, i)]
        if "FAINT" in tags and prev in _FAINT_BEFORE:
            yield _Mention("fainting", _U, i, i)
        if "TEMPERATURE" in tags and prev in ("high", "a", "running", "raised", "have", "got"):
            yield _Mention("fever", _P, i, i)
        if "RED" in tags:
            yield from pair("spreading_redness", _P, i, "SPREAD", 3, 5)
            if any(w in ("worse", "persist") for w in tokens[i + 1:i + 5]):
                yield _Mention("spreading_redness", _P, i, i)
        if "INFECT" in tags:
            yield _Mention("infection", _C if "INFECT_WORD" in tags else _P, i, i)
        if "YELLOW" in tags:
            yield from pair("infection", _P, i, "MATTER", 0, 2)
        if "SMELL" in tags and (word in ("smelly", "stinks", "stinky") or _near(tokens, i, "SMELL_BAD", 2, 2) is not None):
            yield _Mention("infection", _P, i, i)
        if "BLOOD" in tags:
            yield from pair("bleeding", _P, i, "BLOOD_LOT", 2, 3)
        if "PAIN" in tags and "coldsore" not in (prev, nxt):
            yield _Mention("pain", _P, i, i)


# --- Framing -----------------------------------------------------------------
def _back(tokens: list[str], start: int, limit: int, stop: frozenset[str]) -> Iterator[tuple[int, str]]:
    """Tokens before `start`, nearest first, until a stop word or the limit."""
    for j in range(start - 1, max(-1, start - 1 - limit), -1):
        if tokens[j] in stop:
            return
        yield j, tokens[j]


def _negated(tokens: list[str], m: _Mention) -> bool:
    """A negation before the mention, or inside it ("my face isn't swollen")."""
    before = any(word in _NEGATION for _, word in _back(tokens, m.start, 5, _SCOPE_END))
    return before or any(word in _NEGATION for word in tokens[m.start + 1:m.end])


def _resolved(tokens: list[str], m: _Mention) -> bool:
    """'the swelling went down', 'a cold sore last month but it's gone now'."""
    for word in tokens[m.end + 1:m.end + 7]:
        if word in _RESOLVED:
            return True
        if word in _CLAUSE_END and word != "but":
            return False
    return False


def _hypothetical(tokens: list[str], m: _Mention) -> bool:
    """A modal, conditional or general-question cue earlier in the clause
    or inside the mention ("my lips will swell")."""
    inside = range(m.end - 1, m.start - 1, -1)
    before = [j for j, _ in _back(tokens, m.start, 8, _CLAUSE_END)]
    for j in [*inside, *before]:
        if tokens[j] in _LOCAL_HYPO:
            hedge = tokens[j] in _HEDGE_MODALS and "be" in tokens[j + 1:j + 3]
            if not hedge:
                return True
    return False


@dataclass(frozen=True)
class _Facts:
    """What the framing rules ask about a whole sentence, read once (asking
    per mention made a long sentence full of mentions quadratic)."""

    own: bool  # my, I, I'm...
    last_presup: int  # index of the last "go down", "settle"... word, -1 if none
    general_word: bool
    weak_word: bool
    change_word: bool

    @classmethod
    def of(cls, tokens: list[str]) -> "_Facts":
        last_presup = -1
        for j, word in enumerate(tokens):
            if "PRESUP" in _tags(word):
                last_presup = j
        words = set(tokens)
        return cls(
            own=bool(words & {"my", "i", "im", "mine", "ive"}),
            last_presup=last_presup,
            general_word=not words.isdisjoint(_GENERAL),
            weak_word=not words.isdisjoint(_WEAK),
            change_word=not words.isdisjoint(_CHANGE),
        )


def _presupposed(m: _Mention, reported: bool, facts: _Facts) -> bool:
    """'will my swelling go down?' asks about something already there."""
    return (reported or facts.own) and facts.last_presup > m.end


_NOT_SYMPTOM = frozenset({"FACE", "BODY", "STATE", "TREATMENT", "PRESUP", "DIFFICULTY"})


def _symptomatic(word: str) -> bool:
    return bool(_tags(word) - _NOT_SYMPTOM)


def _body_state(tokens: list[str], i: int, present_only: bool) -> bool:
    """After a possessive at i: a body part, then a state ("my lips are",
    "her face is"). Past or bare symptom verbs count only in the first person."""
    for j in range(i + 1, min(len(tokens), i + 4)):
        if _tags(tokens[j]) & {"FACE", "BODY"}:
            follow = tokens[j + 1:j + 3]
            if present_only:
                return bool(follow) and follow[0] in _PRESENT_STATE
            return any("STATE" in _tags(w) or _symptomatic(w) for w in follow)
        if tokens[j] in _PEOPLE and not present_only:
            return False
    return False


def _first_person_report(tokens: list[str]) -> bool:
    for i, word in enumerate(tokens):
        if word not in _FIRST_PERSON_CUES:
            continue
        ahead = tokens[i + 1:i + 4]
        if word in _REPORT_NOW or (word == "day" and ahead and ahead[0].isdigit()):
            return True
        if word == "i" and ahead and ahead[0] in ("have", "got", "ve"):
            if any(_symptomatic(w) or w in _ANAPHORS for w in ahead[1:]):
                return True
        elif word == "i" and ahead and ahead[0] in _I_REPORT:
            return True
        if word in ("im", "ive", "its") and any(_symptomatic(w) for w in ahead):
            if not any(w in _IM_NOT_REPORT for w in ahead):
                return True
        if word in ("my", "our") and _body_state(tokens, i, present_only=False):
            return True
    return False


_FIRST_PERSON_CUES = _REPORT_NOW | {"day", "i", "im", "ive", "its", "my", "our"}


def _third_person_report(tokens: list[str]) -> bool:
    """'his lips are swelling' from a partner; not when it is hearsay."""
    if not _HEARSAY.isdisjoint(tokens):
        return False
    return any(
        word in _POSSESSIVES and _body_state(tokens, i, present_only=True)
        for i, word in enumerate(tokens)
    )


_POSSESSIVES = frozenset(("her", "his", "their", "my"))


def _general(tokens: list[str], urgent: bool, facts: _Facts) -> bool:
    """A general, second-hand or worried question rather than an account.
    'Is that normal?' alone does not lower an emergency."""
    if facts.general_word:
        return True
    if tokens[0] in _QUESTION_START and tokens[1:2] and tokens[1] not in ("i", "my", "im", "me"):
        return True  # "does the numbing cream make it hard to breathe?"
    return not urgent and (tokens[0] in _AUX_START or facts.weak_word)


def _message_cues(sentences: list[list[str]]) -> tuple[bool, bool, bool]:
    """(before-treatment framing, history framing, reference to a treatment)."""
    words = [w for s in sentences for w in s]
    vocabulary = set(words)
    post = not _POST.isdisjoint(vocabulary) or ("since" in vocabulary and any(
        w == "since" and nxt in ("yesterday", "then", "i", "it", "recent", "longago")
        for w, nxt in zip(words, words[1:])
    ))
    pre = not _PRE.isdisjoint(vocabulary)
    # A past episode, unless something is happening now as well.
    history = _NOW.isdisjoint(vocabulary) and (
        not _HISTORY.isdisjoint(vocabulary)
        or any(
            w in ("ago", "before", "once") and (i + 1 == len(words) or words[i + 1] in _CLAUSE_END)
            for i, w in enumerate(words)
        )
    )
    return pre, history, post


def _kept(tokens: list[str], m: _Mention, cues: tuple[bool, bool, bool, bool], facts: _Facts) -> bool:
    pre, history, post, reported = cues
    if _negated(tokens, m) or _resolved(tokens, m):
        return False
    presupposed = _presupposed(m, reported, facts)
    if _hypothetical(tokens, m) and not presupposed:
        return False
    if _general(tokens, m.kind is _Kind.URGENT, facts) and not (reported or presupposed):
        return False
    if not post and (
        (history and m.kind is not _Kind.URGENT)
        or (pre and m.kind in (_Kind.CONDITION, _Kind.AFTER))
    ):
        return False
    return m.kind is not _Kind.AFTER or post or facts.change_word


def assess(text: str) -> Assessment:
    """Level and reasons for one visitor message (its first MAX_READ_CHARS
    characters and MAX_READ_WORDS words). Linear in the length of the message.

    A blank glyph (U+2800) may stand for a space or hide inside a word: such a
    message is read both ways and the higher level counts."""
    text = (text or "")[:MAX_READ_CHARS]
    first = _assess(text)
    if not has_blanks(text):
        return first
    second = _assess(drop_blanks(text))
    return max(first, second, key=lambda result: _RANK[result.level])


def _assess(text: str) -> Assessment:
    sentences = _sentences(text)
    reported = any(_first_person_report(s) or _third_person_report(s) for s in sentences)
    cues = (*_message_cues(sentences), reported)
    kept, seen = [], set()
    for tokens in sentences:
        facts = _Facts.of(tokens)
        for m in _mentions(tokens):
            # Only which reasons (and whether urgent) count: a repeat need not be read again.
            if (m.reason, m.kind) not in seen and _kept(tokens, m, cues, facts):
                kept.append(m)
                seen.add((m.reason, m.kind))
    reasons = list(dict.fromkeys(m.reason for m in kept))
    urgent = any(m.kind is _Kind.URGENT for m in kept)
    # Combinations that are emergencies although each part alone is not.
    if "fever" in reasons and "spreading_redness" in reasons:
        reasons.append("fever_with_spreading_redness")
        urgent = True
    if "hives" in reasons and "swelling" in reasons:
        reasons.append("allergic_reaction")
        urgent = True
    level = Level.URGENT if urgent else Level.SYMPTOM if reasons else Level.NONE
    return Assessment(level, tuple(reasons))
