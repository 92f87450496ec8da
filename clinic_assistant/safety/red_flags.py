"""Emergency red flags and post-treatment problems in a message (docs/design.md §4.1, §4.2).

`assess(text)` reads a message in five steps:

1. Spelling: the text is normalised (`normalize.normalise`), accents dropped,
   letter runs squeezed ("swellllling"), spaced or dotted letters re-joined
   ("s.w.e.l.l.i.n.g", "b r e a t h e"), then split into sentences and words.
2. Words: each word gets its canonical spelling (the shared text engine,
   clinic_assistant/text/engine.py): the exact form, a known misspelling ("pian",
   "cnt") or, for keywords of five letters and more, a form one or two edits
   away ("swolen", "brething"). Ordinary English words that happen to be
   that close ("smelling", "injected") are never bent.
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

The words (tags, misspellings, expressions, framing words, one-word
mentions) are data/lexicon/red_flags.yml, checked when this module loads;
the rules that combine them are below.

Safety comes first: unclear cases go up a level, never down.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from clinic_assistant.limits import MAX_READ_CHARS, MAX_READ_WORDS, MAX_WORD_CHARS
from clinic_assistant.safety.after_treatment import tells_of_treatment
from clinic_assistant.safety.normalize import (
    drop_blanks,
    has_blanks,
    normalise,
    strip_accents,
)
from clinic_assistant.safety.other_languages import red_flags_in_other_languages
from clinic_assistant.text.engine import (
    CLAUSE_BREAKS,
    NEGATION,
    Spelling,
    back,
    negated,
)
from clinic_assistant.text.vocabulary import LEXICON, Vocabulary
from clinic_assistant.text.word_tables import english_words


class Level(enum.Enum):
    NONE = "none"
    SYMPTOM = "symptom"
    URGENT = "urgent"


_RANK = {Level.NONE: 0, Level.SYMPTOM: 1, Level.URGENT: 2}


@dataclass(frozen=True)
class Assessment:
    level: Level
    reasons: tuple[str, ...]
    # Told, but a problem only with another (_COMBINED) or after a treatment
    # (the dialogue's to say): "i have a headache, what time do you close".
    signs: tuple[str, ...] = ()


# --- Vocabulary (data/lexicon/red_flags.yml) ---------------------------------
class _Kind(enum.Enum):
    URGENT = "urgent"        # emergency red flag
    PROBLEM = "problem"      # post-treatment problem
    CONDITION = "condition"  # a problem that is also a screening condition
    AFTER = "after"          # counts only with a reference to a treatment


@dataclass(frozen=True)
class _Words:
    """The word sets the rules read (described in the data file)."""

    ended: frozenset[str]
    negation_stops: frozenset[str]
    local_hypo: frozenset[str]
    hedge_modals: frozenset[str]
    people: frozenset[str]
    hearsay: frozenset[str]
    general: frozenset[str]
    weak: frozenset[str]
    aux_start: frozenset[str]
    question_start: frozenset[str]
    report_now: frozenset[str]
    i_report: frozenset[str]
    im_not_report: frozenset[str]
    present_state: frozenset[str]
    anaphors: frozenset[str]
    resolved: frozenset[str]
    pre: frozenset[str]
    history: frozenset[str]
    post: frozenset[str]
    now: frozenset[str]
    change: frozenset[str]
    own: frozenset[str]
    possessives: frozenset[str]
    first_person_cues: frozenset[str]
    cant: frozenset[str]
    see_end: frozenset[str]
    breath_link: frozenset[str]
    breath_state: frozenset[str]
    mild: frozenset[str]
    mild_skin: frozenset[str]
    not_mild: frozenset[str]
    size_link: frozenset[str]
    sized_things: frozenset[str]
    concern_things: frozenset[str]
    faint_before: frozenset[str]
    temperature_before: frozenset[str]
    heavy_bleeding: frozenset[str]
    confused_about: frozenset[str]
    first_person: frozenset[str]


# The tags the rules below name; the file must define exactly these.
_TAG_NAMES = """SWELL BLOWUP FACE THROAT BREATH BREATHLESS SWALLOW CHEST PAIN TIGHT CLOSING BIG VISION
    VISION_BAD BLURRY SEEING SEEING_BAD BLIND FEVER TEMPERATURE RED SPREAD HOT INFECT INFECT_WORD YELLOW
    MATTER SMELL SMELL_BAD SCAB COLDSORE BLEED BLOOD BLOOD_LOT RASH HIVES ALLOVER ITCH BURN BUMP DARK
    BREAKOUT DIZZY FAINTED FAINT ANAPHYLAXIS REACTION DIFFICULTY TREATMENT BODY STATE PRESUP HEADACHE STIFF
    NECK NOFADE PRESSTEST RASHLIKE CONFUSED THINNER""".split()
_SECTIONS = ("tags", "aliases", "function_words", "fuzzy_keywords", "contractions", "expressions",
             "phrase_products", "over", "framing_phrases", "phrases_after", "words", "single")
VOCABULARY_FILE = LEXICON / "red_flags.yml"


@dataclass(frozen=True)
class RedFlagVocabulary:
    tags: dict[str, frozenset[str]]  # word -> its tags
    phrases: dict[tuple[str, ...], str]  # first pass: phrase -> token
    phrases_after: dict[tuple[str, ...], str]  # second pass, over the first pass's tokens
    single: dict[str, tuple[str, _Kind]]  # one-word mentions: tag -> (reason, kind)
    words: _Words
    known_words: frozenset[str]  # never bent towards a keyword
    spelling: Spelling[str]


def load_vocabulary(path: Path = VOCABULARY_FILE) -> RedFlagVocabulary:
    """The file read and checked; a VocabularyError names the file and entry."""
    source = Vocabulary(path, _SECTIONS)
    tags: dict[str, frozenset[str]] = {}
    for tag, forms in source.word_sets("tags", _TAG_NAMES).items():
        for form in forms:
            tags[form] = tags.get(form, frozenset()) | {tag}
    phrases = source.phrases("contractions")
    for section in ("expressions", "over", "framing_phrases"):
        phrases = source.phrases(section, into=phrases)
    phrases = source.phrase_products("phrase_products", into=phrases)
    kinds = [kind.value for kind in _Kind]
    single = {
        tag: (spec["reason"], _Kind(spec["kind"]))
        for tag, spec in source.records("single", {"reason": None, "kind": kinds}).items()
    }
    fuzzy = source.words("fuzzy_keywords")
    for entry, names, known in (("single", single, _TAG_NAMES), ("fuzzy_keywords", fuzzy, tags)):
        unknown = sorted(set(names) - set(known))
        if unknown:
            raise source.fail(entry, f"{unknown} not defined under tags")
    return RedFlagVocabulary(
        tags=tags,
        phrases=phrases,
        phrases_after=source.phrases("phrases_after"),
        single=single,
        words=_Words(**source.word_sets("words", [f.name for f in fields(_Words)])),
        known_words=frozenset(tags) | {w for phrase in phrases for w in phrase} | set(source.words("function_words")),
        spelling=Spelling({form: form for form in tags}, min_length=4, fuzzy=fuzzy, aliases=source.table("aliases")),
    )


_VOCABULARY = load_vocabulary()
_TAGS = _VOCABULARY.tags
_PHRASES = _VOCABULARY.phrases
_PHRASES_AFTER = _VOCABULARY.phrases_after
_SINGLE = _VOCABULARY.single
_W = _VOCABULARY.words
_KNOWN_WORDS = _VOCABULARY.known_words
# A negation reaches back _NEGATION_REACH words, not past a clause break or a new subject.
_NEGATION = NEGATION | _W.ended
_NEGATION_REACH = 5
_NEGATION_STOPS = CLAUSE_BREAKS | _W.negation_stops
_GENERAL = _W.local_hypo | _W.hearsay | _W.people | _W.general
_FIRST_PERSON_CUES = _W.report_now | _W.first_person_cues


def _canonical(word: str) -> str:
    """The lexicon spelling of a word, or the word itself (a word longer
    than MAX_WORD_CHARS is never bent, nor kept in the cache)."""
    return word if len(word) > MAX_WORD_CHARS else _canonical_short(word)


@lru_cache(maxsize=8192)
def _canonical_short(word: str) -> str:
    if word in _KNOWN_WORDS:
        return word
    return _VOCABULARY.spelling.find(word) or word


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
@dataclass(frozen=True)
class _Mention:
    reason: str
    kind: _Kind
    start: int
    end: int


_U, _P, _C = _Kind.URGENT, _Kind.PROBLEM, _Kind.CONDITION


def _says_size_of_face(tokens: list[str], face: int, size: int) -> bool:
    """"lips are so huge", not "cheeks plus big pores" nor "cheeks have big pores"."""
    after = tokens[size + 1] if size + 1 < len(tokens) else ""
    return all(token in _W.size_link for token in tokens[face + 1:size]) and after not in _W.sized_things


def _near(tokens: list[str], i: int, tag: str, before: int, after: int) -> int | None:
    """Index of the closest token with `tag` around position i."""
    for distance in range(1, max(before, after) + 1):
        for j, limit in ((i - distance, before), (i + distance, after)):
            if distance <= limit and 0 <= j < len(tokens) and tag in _tags(tokens[j]):
                return j
    return None


def _mild_swelling_of_skin(tokens: list[str], swell: int, facial: _Mention) -> bool:
    """"my face is slightly swollen", "cheeks a bit puffy": a mild word right
    before the swelling, on the skin treated, with nothing fast or worsening
    in the sentence; never the lips, tongue, throat or eyes."""
    parts = {tokens[j] for j in range(facial.start, facial.end + 1) if "FACE" in _tags(tokens[j])}
    before = tokens[max(0, swell - 2):swell]
    return (
        bool(parts) and parts <= _W.mild_skin
        and any(word in _W.mild for word in before)
        and _W.not_mild.isdisjoint(tokens)
        and not any("FACE" in _tags(word) and word not in _W.mild_skin for word in tokens)
    )


def _asked_of_skin(tokens: list[str], facial: _Mention) -> bool:
    """"is some swelling of the face normal the day after?": a question about
    swelling of the skin treated, no one's in particular, nothing fast or
    worsening; the lips, tongue, throat and eyes stay an emergency."""
    parts = {tokens[j] for j in range(facial.start, facial.end + 1) if "FACE" in _tags(tokens[j])}
    return (
        bool(parts) and parts <= _W.mild_skin
        and tokens[0] in _W.aux_start and not _W.weak.isdisjoint(tokens)
        and _W.own.isdisjoint(tokens) and _W.not_mild.isdisjoint(tokens)
    )


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
        if "BREATH" in tags and _through_a_blocked_nose(tokens, i):
            continue  # "i can't breathe through my nose, i have a cold": no trouble breathing (stop 44)
        if "BREATH" in tags:
            yield from pair("breathing", _U, i, "DIFFICULTY", 3, 0) or pair("breathing", _U, i, "PAIN", 3, 0)
            if nxt in _W.breath_link:
                yield from pair("breathing", _U, i, "DIFFICULTY", 0, 3)
                if tokens[i + 2:i + 3] and tokens[i + 2] in _W.breath_state:
                    yield _Mention("breathing", _U, i, i + 2)
        if "SWALLOW" in tags:
            yield from pair("throat", _U, i, "DIFFICULTY", 3, 0)
        if "THROAT" in tags:
            yield from pair("throat", _U, i, "TIGHT", 3, 4) or pair("throat", _U, i, "CLOSING", 3, 4)
        if tags & {"SWELL", "BLOWUP"} and nxt in _W.concern_things:
            continue  # "enlarged pores", "puffy bags under my eyes": a concern it treats, no swelling
        if tags & {"SWELL", "BLOWUP"}:
            facial = pair("facial_swelling", _U, i, "FACE", 4, 4)
            if not facial and "getting" in tokens[max(0, i - 5):i]:
                facial = pair("facial_swelling", _U, i, "FACE", 7, 0)  # "my face is getting more and more swollen"
            if facial and (_mild_swelling_of_skin(tokens, i, facial[0]) or _asked_of_skin(tokens, facial[0])):
                facial = []  # "my face is a little puffy": the clinic today, not 911
            if facial or "SWELL" in tags:
                yield from facial or [_Mention("swelling", _P, i, i)]
        if "FACE" in tags:  # "lips are huge", "tongue feels thick"; not "cheeks plus big pores"
            big = pair("facial_swelling", _U, i, "BIG", 0, 3)
            if big and _says_size_of_face(tokens, i, big[0].end):
                yield from big
        if "CHEST" in tags:
            yield from pair("chest_pain", _U, i, "PAIN", 3, 3) or pair("chest_pain", _U, i, "TIGHT", 3, 3)
        if "VISION" in tags:
            yield from pair("vision", _U, i, "VISION_BAD", 3, 3)
        if "BLURRY" in tags:
            # "my eyes feel weird and blurry": four words between; "foggy out of my left eye": five
            yield from (pair("vision", _U, i, "FACE", 4, 3) or pair("vision", _U, i, "SEEING", 3, 3)
                        or [_Mention("vision", _U, i, j) for j in range(i + 1, min(len(tokens), i + 7)) if tokens[j] in _EYES][:1])
        if "SEEING" in tags and "SEEING_BAD" in _tags(nxt):
            yield _Mention("vision", _U, i, i + 1)
        if word == "see" and prev in _W.cant and (nxt in ("", ",") or nxt in _W.see_end):
            yield _Mention("vision", _U, i - 1, i)
        if "HIVES" in tags:
            widespread = pair("allergic_reaction", _U, i, "ALLOVER", 3, 3) or pair("allergic_reaction", _U, i, "SPREAD", 3, 3)
            yield from widespread or [_Mention("hives", _P, i, i)]
        if "FAINT" in tags and prev in _W.faint_before:
            yield _Mention("fainting", _U, i, i)
        if "TEMPERATURE" in tags and prev in _W.temperature_before:
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
        if "HEADACHE" in tags:
            yield _Mention("headache", _Kind.AFTER, i, i)
        if "STIFF" in tags:
            yield from pair("stiff_neck", _Kind.AFTER, i, "NECK", 3, 3)
        if "NOFADE" in tags:
            yield from _not_fading(tokens, i)
        if "CONFUSED" in tags and nxt not in _W.confused_about and _W.first_person.isdisjoint(tokens[max(0, i - 3):i]):
            yield _Mention("confusion", _P, i, i)  # "she seems confused"; not "im confused about the price"
        if tags & {"BLEED", "BLOOD"} and "persist" in tokens and any(
                w in _W.heavy_bleeding for w in tokens[max(0, i - 2):i + 4]):
            yield _Mention("heavy_bleeding", _U, i, i)  # "bleeding a lot and it won't stop"


_EYES = frozenset({"eye", "eyes"})
_NOSE = frozenset({"nose", "nostril", "nostrils"})


def _through_a_blocked_nose(tokens: list[str], i: int) -> bool:
    """"can't breathe through my nose", "a stuffy nose and can't breathe
    through it": a blocked nose, not trouble breathing ("through my nose or
    mouth" is). A swollen nose or throat is read by its own rules."""
    after = tokens[i + 1:i + 5]
    if after[:1] != ["through"] or "mouth" in tokens:
        return False
    return not _NOSE.isdisjoint(after) or "it" in after and not _NOSE.isdisjoint(tokens)


def _not_fading(tokens: list[str], i: int) -> list[_Mention]:
    """"a rash that doesn't fade when I press a glass on it", "a non-blanching
    rash": an emergency (meningitis, sepsis). A rash that does not fade, no
    pressing told, is a problem that makes one with a headache, a stiff neck
    or a fever (_COMBINED); spots that do not fade, no pressing told, nothing."""
    near = [j for j in (*range(i - 1, max(-1, i - 6), -1), *range(i + 1, min(len(tokens), i + 3))) if "RASHLIKE" in _tags(tokens[j])]
    if not near:
        return []
    j = near[0]
    if tokens[i] == "nonblanching" or any("PRESSTEST" in _tags(w) for w in tokens):
        return [_Mention("non_blanching_rash", _U, min(i, j), max(i, j))]
    return [_Mention("rash_not_fading", _P, min(i, j), max(i, j))] if "RASH" in _tags(tokens[j]) else []


# --- Framing -----------------------------------------------------------------
def _negated(tokens: list[str], m: _Mention) -> bool:
    """A negation before the mention, or inside it ("my face isn't swollen")."""
    return negated(tokens, m.start, m.end, reach=_NEGATION_REACH, stop=_NEGATION_STOPS, negation=_NEGATION)


def _resolved(tokens: list[str], m: _Mention) -> bool:
    """'the swelling went down', 'a cold sore last month but it's gone now'."""
    for word in tokens[m.end + 1:m.end + 7]:
        if word in _W.resolved:
            return True
        if word in CLAUSE_BREAKS and word != "but":
            return False
    return False


def _hypothetical(tokens: list[str], m: _Mention) -> bool:
    """A modal, conditional or general-question cue earlier in the clause
    or inside the mention ("my lips will swell")."""
    inside = range(m.end - 1, m.start - 1, -1)
    before = [j for j, _ in back(tokens, m.start, 8, CLAUSE_BREAKS)]
    for j in [*inside, *before]:
        if tokens[j] in _W.local_hypo:
            hedge = tokens[j] in _W.hedge_modals and "be" in tokens[j + 1:j + 3]
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
            own=not words.isdisjoint(_W.own),
            last_presup=last_presup,
            general_word=not words.isdisjoint(_GENERAL),
            weak_word=not words.isdisjoint(_W.weak),
            change_word=not words.isdisjoint(_W.change),
        )


def _presupposed(m: _Mention, reported: bool, facts: _Facts) -> bool:
    """'will my swelling go down?' asks about something already there."""
    return (reported or facts.own) and facts.last_presup > m.end


_NOT_SYMPTOM = frozenset({"FACE", "BODY", "STATE", "TREATMENT", "PRESUP", "DIFFICULTY", "NECK", "PRESSTEST", "RASHLIKE",
                          "THINNER"})


def _symptomatic(word: str) -> bool:
    return bool(_tags(word) - _NOT_SYMPTOM)


def _body_state(tokens: list[str], i: int, present_only: bool) -> bool:
    """After a possessive at i: a body part, then a state ("my lips are",
    "her face is"). Past or bare symptom verbs count only in the first person."""
    for j in range(i + 1, min(len(tokens), i + 4)):
        if _tags(tokens[j]) & {"FACE", "BODY"}:
            follow = tokens[j + 1:j + 3]
            if present_only:
                return bool(follow) and follow[0] in _W.present_state
            return any("STATE" in _tags(w) or _symptomatic(w) for w in follow)
        if tokens[j] in _W.people and not present_only:
            return False
    return False


def _first_person_report(tokens: list[str]) -> bool:
    for i, word in enumerate(tokens):
        if word not in _FIRST_PERSON_CUES:
            continue
        ahead = tokens[i + 1:i + 4]
        if word in _W.report_now or (word == "day" and ahead and ahead[0].isdigit()):
            return True
        if word == "i" and ahead and ahead[0] in ("have", "got", "ve"):
            if any(_symptomatic(w) or w in _W.anaphors for w in ahead[1:]):
                return True
        elif word == "i" and ahead and ahead[0] in _W.i_report:
            return True
        if word in ("im", "ive", "its") and any(_symptomatic(w) for w in ahead):
            if not any(w in _W.im_not_report for w in ahead):
                return True
        if word in ("my", "our") and _body_state(tokens, i, present_only=False):
            return True
    return False



def _third_person_report(tokens: list[str]) -> bool:
    """'his lips are swelling' from a partner; not when it is hearsay."""
    if not _W.hearsay.isdisjoint(tokens):
        return False
    return any(
        word in _W.possessives and (
            _body_state(tokens, i, present_only=True)
            # "my husband collapsed", "my wife just passed out": someone here, now
            # (not "my husband nearly fainted when he saw the price lol").
            or (tokens[i + 1:i + 2] and tokens[i + 1] in _W.people and any("FAINTED" in _tags(w) for w in tokens[i + 2:i + 5])
                and not {"nearly", "almost", "when"} & set(tokens[i + 2:]) and not _ASKS_IN_GENERAL.search(" ".join(tokens)))
        )
        for i, word in enumerate(tokens)
    )



def _general(tokens: list[str], urgent: bool, facts: _Facts) -> bool:
    """A general, second-hand or worried question rather than an account.
    'Is that normal?' alone does not lower an emergency."""
    if facts.general_word:
        return True
    if tokens[0] in _W.question_start and tokens[1:2] and tokens[1] not in ("i", "my", "im", "me"):
        return True  # "does the numbing cream make it hard to breathe?"
    return not urgent and (tokens[0] in _W.aux_start or facts.weak_word)


def _message_cues(sentences: list[list[str]]) -> tuple[bool, bool, bool]:
    """(before-treatment framing, history framing, reference to a treatment)."""
    words = [w for s in sentences for w in s]
    vocabulary = set(words)
    # "after my wisdom teeth out": after something else than a treatment.
    elsewhere_after = all(nxt == "elsewhere" for w, nxt in zip(words, words[1:] + [""]) if w == "post")
    post_words = _W.post - {"post"} if elsewhere_after else _W.post
    post = not post_words.isdisjoint(vocabulary) or ("since" in vocabulary and any(
        w == "since" and nxt in ("yesterday", "then", "i", "it", "recent", "longago")
        for w, nxt in zip(words, words[1:])
    ))
    pre = not _W.pre.isdisjoint(vocabulary)
    # A past episode, unless something is happening now as well.
    history = _W.now.isdisjoint(vocabulary) and (
        not _W.history.isdisjoint(vocabulary)
        or any(
            w in ("ago", "before", "once") and (i + 1 == len(words) or words[i + 1] in CLAUSE_BREAKS)
            for i, w in enumerate(words)
        )
    )
    return pre, history, post


def _clause_of(tokens: list[str], m: _Mention) -> tuple[int, int]:
    """(first, last) index of the clause the mention is in."""
    start, end = m.start, m.end
    while start > 0 and tokens[start - 1] not in CLAUSE_BREAKS:
        start -= 1
    while end + 1 < len(tokens) and tokens[end + 1] not in CLAUSE_BREAKS:
        end += 1
    return start, end


# A clause about now, or comparing now with a past episode: "my throat is
# closing up like before", "im about to faint like at the dentist" (stop 40).
_NOW_IN_CLAUSE = frozenset("like again same help pls please happening right".split()) | _W.now
# Up to the problem only: "is it safe for me" after "i had chest pain last year" asks, it tells nothing of now.
_NOW_BEFORE = frozenset("is are am im r cant cannot can going about having keeps feel feels feeling think".split())
_YEAR = re.compile(r"(?:19|20)\d\d")


def _past_episode(tokens: list[str], m: _Mention, habits: bool = False) -> bool:
    """The mention's own clause tells of an episode long ago or elsewhere, and
    nothing of now ("i had an allergic reaction to a face cream once", "i pass
    out at blood tests", "one time my face swelled up from a serum"); "i had
    a reaction before, my throat is closing" keeps the throat. `habits`: a
    habit counts too ("i get cold sores sometimes")."""
    start, end = _clause_of(tokens, m)
    clause = tokens[start:end + 1]
    if not _NOW_IN_CLAUSE.isdisjoint(clause) or not _NOW_BEFORE.isdisjoint(tokens[start:m.end + 2]):
        return False
    # The time may be told in a clause before it: "years ago i had hives and lip swelling".
    clause = tokens[:end + 1]
    pairs = set(zip(clause, clause[1:]))
    past = {"elsewhere", "longago", "history", "once"} | (_W.history if habits else frozenset())
    return (not past.isdisjoint(clause) or clause[-1] in ("before", "ago") or ("one", "time") in pairs
            or not _WHEN_WAS.isdisjoint(pairs) or any(_YEAR.fullmatch(word) for word in clause))


_WHEN_WAS = frozenset({("i", "was"), ("she", "was"), ("he", "was"), ("they", "were"), ("we", "were")})


def _general_in_clause(tokens: list[str], m: _Mention) -> bool:
    """A problem asked about in general, read in its own clause for an
    emergency, in its sentence for a lesser problem ("are allergic reactions
    common", "how much swelling is normal after"); a past episode
    told after it ("cant breathe like i did years ago", "throat closing up,
    i have a history of allergies") makes nothing general."""
    start, end = _clause_of(tokens, m)
    if m.kind is not _Kind.URGENT:
        start, end = 0, len(tokens) - 1  # a lesser problem: the whole sentence's framing ("does it work on scars and burns")
    clause = tokens[start:m.end + 1] + [w for w in tokens[m.end + 1:end + 1] if w not in _PAST_AFTER]
    return _general(clause, m.kind is _Kind.URGENT, _Facts.of(clause)) if clause else False


_PAST_AFTER = frozenset("longago history habit usedto elsewhere once before ago".split())


def _about_them(tokens: list[str], m: _Mention) -> bool:
    """The problem is someone else's, in a question about them going ahead,
    and nothing says it is happening now."""
    start, end = _clause_of(tokens, m)
    named = any(w in _W.people or (w.endswith("s") and w[:-1] in _W.people) for w in tokens[:m.start])
    return named and bool(_ASKS_ABOUT_THEM.search(" ".join(tokens))) and _W.now.isdisjoint(tokens[start:end + 1])


def _someone_here(tokens: list[str], m: _Mention) -> bool:
    """A problem of someone the visitor is with, told in a sentence that
    names them, in a clause that tells of now: "my wife cant breathe", "my son is struggling to breathe",
    "my husband says he cant breathe", "my son has a high fever" (stop 40:
    emergencies had got "get this checked today")."""
    start, _ = _clause_of(tokens, m)
    before = tokens[:m.start]  # "my son has a high fever and the redness is spreading": his, both
    if not _TOLD_NOW.isdisjoint(before) or _ASKS_ABOUT_THEM.search(" ".join(tokens)):
        return False  # "can she still have microneedling", "should he reschedule": a question about them
    if _PRESENT.isdisjoint(tokens[start:m.end + 1]):
        return False  # "my sister had a rash after hers", "my husband nearly fainted": a story, not now
    named = any(word in ("my", "our") and nxt in _W.people for word, nxt in zip(before, before[1:]))
    return (named or (bool(before) and before[0] in _W.people)) and not _GENERIC_PEOPLE.intersection(before)


_GENERIC_PEOPLE = frozenset({"anyone", "someone", "people", "patients", "friends"})
# Second-hand in the past ("my friend said her lips swelled"), unlike "my husband says he cant breathe".
_TOLD_NOW = _W.hearsay - {"says"}
# A clause that tells of now: "has", "is", "cant", "keeps"... ("apnoea": "isnt breathing").
_PRESENT = frozenset("is are has have cant cannot keeps says isnt having getting going feels looks apnoea sob".split())
# "does that happen a lot", "is that normal": asked in general about what was told.
_ASKS_IN_GENERAL = re.compile(r"\b(?:does|do|is|are) (?:that|this|it) (?:happen|normal|common|usual|a thing)")
# A question about the other person having the treatment or going ahead with plans.
# Not help for them now: "can he have his inhaler", "should she take an antihistamine".
_ASKS_ABOUT_THEM = re.compile(
    r"\b(?:can|could|should|would|will)\s+(?:she|he|they)\s+(?:still\s+)?(?:have|get|do|book|come|reschedule|go ahead|drive)\b"
    r"(?!\s+(?:(?:his|her|their|an?|the|some)\s+)?(?:inhaler|epipen|epi|ambulance|help|medicine|meds|tablets?|pills?|water|air|"
    r"antihistamines?|piriton|benadryl)\b)"
    r"|\bis it (?:ok|okay|safe|fine) for (?:her|him|them)\b")


def _long_ago_in_clause(tokens: list[str], m: _Mention) -> bool:
    """"i nearly fainted once at a blood test years ago" beside "my friend had
    microneedling": long past, whatever treatment the message names (stop 44)."""
    start, end = _clause_of(tokens, m)
    return "longago" in tokens[start:end + 1]


def _after_something_else(tokens: list[str]) -> bool:
    """"had my covid jab yesterday and feel achy": after a vaccine, the
    dentist or a blood test, and no treatment of ours told (stop 44)."""
    if "elsewhere" not in tokens or not _OURS.isdisjoint(tokens):
        return False
    return not any(w == "post" and "TREATMENT" in _tags(nxt) for w, nxt in zip(tokens, tokens[1:]))


_OURS = frozenset({"microneedled", "treated"})


def _kept(tokens: list[str], m: _Mention, cues: tuple[bool, bool, bool, bool], facts: _Facts) -> bool:
    pre, history, post, reported = cues
    if _negated(tokens, m) or _resolved(tokens, m):
        return False
    if m.kind is not _Kind.URGENT and _after_something_else(tokens):
        return False  # a personal question for a clinician, not a problem after treatment
    if m.kind is _Kind.URGENT and (not post or _long_ago_in_clause(tokens, m)) and _past_episode(tokens, m):
        return False  # a past episode is for the screening (an allergy), not an emergency now
    if _about_them(tokens, m):
        return False  # "my wife gets short of breath on stairs, can she still have microneedling": a question about her
    presupposed = _presupposed(m, reported, facts)
    if _hypothetical(tokens, m) and not presupposed:
        return False
    if _general_in_clause(tokens, m) and not (reported or presupposed or _someone_here(tokens, m)):
        return False
    if not post and (
        # A past episode or a habit, in the problem's own clause: "high fever and red
        # streaks spreading, had cellulitis years ago" tells of now (stop 40).
        (history and m.kind is not _Kind.URGENT and _past_episode(tokens, m, habits=True))
        or (pre and m.kind in (_Kind.CONDITION, _Kind.AFTER))
    ):
        return False
    if m.kind is _Kind.AFTER and tokens[0] in _W.aux_start and not facts.own:
        return False  # "is it normal to have pimples for a few days after?": asked, not told
    return m.kind is not _Kind.AFTER or post or facts.change_word


# Not a red flag alone: a blood thinner the visitor (or the person they write
# for) takes, told in a message the disclosure reader read
# (clinic_assistant/safety/over_messages.py).
BLOOD_THINNER_TAKEN = "blood_thinner_taken"
# A sign (below, _FEELS_HOT): the visitor feeling hot, told in a message.
FEELS_HOT = "feels_hot"

# Signs of meningitis (stop 43) that alone are no problem after a treatment
# unless one is named: a headache, a stiff neck (stop 44: "i have a headache,
# what time do you close" had opened a ticket and lost the question).
_SIGNS = frozenset({"headache", "stiff_neck"})

# Emergencies made of two problems, each alone not one.
_COMBINED = (
    ("fever", "spreading_redness", "fever_with_spreading_redness"), ("hives", "swelling", "allergic_reaction"),
    # "im hot and the red is getting bigger", "i feel really hot" after "redness moving up towards my eye" (stop 46).
    (FEELS_HOT, "spreading_redness", "fever_with_spreading_redness"),
    # "it's still bleeding and won't stop", then "I'm on apixaban" (stop 44).
    ("bleeding", BLOOD_THINNER_TAKEN, "bleeding_on_blood_thinner"),
    # Meningitis or sepsis (stop 43): a stiff neck with a headache, a fever or a rash that
    # does not fade; such a rash with a headache or a fever; new confusion with a fever.
    ("stiff_neck", "headache", "meningitis_signs"), ("stiff_neck", "fever", "meningitis_signs"),
    ("stiff_neck", "rash_not_fading", "meningitis_signs"), ("rash_not_fading", "headache", "meningitis_signs"),
    ("rash_not_fading", "fever", "meningitis_signs"), ("confusion", "fever", "sepsis_signs"),
)


def combined_emergency(reasons: Iterable[str], other_reasons: Iterable[str]) -> str | None:
    """The emergency that one problem of `reasons` makes with one of
    `other_reasons` (the same message's, or an earlier message's: "the
    redness is spreading", then "i feel hot and shivery, like a fever")."""
    reasons, other_reasons = set(reasons), set(other_reasons)
    for first, second, emergency in _COMBINED:
        if first in reasons and second in other_reasons or second in reasons and first in other_reasons:
            return emergency
    return None


def names_a_blood_thinner(text: str) -> bool:
    """"apixaban", "blood thinners", "xarelto": a word the lexicon tags THINNER."""
    return any("THINNER" in _tags(word) for tokens in _sentences(text) for word in tokens)


def assess(text: str) -> Assessment:
    """Level and reasons for one visitor message (its first MAX_READ_CHARS
    characters and MAX_READ_WORDS words). Linear in the length of the message.

    A blank glyph (U+2800) may stand for a space or hide inside a word: such a
    message is read both ways and the higher level counts."""
    text = (text or "")[:MAX_READ_CHARS]
    first = _assess(text)
    if first.level is Level.NONE:
        urgent, reasons = red_flags_in_other_languages(text)  # "no puedo respirar"
        if reasons:
            first = Assessment(Level.URGENT if urgent else Level.SYMPTOM, reasons)
    if not has_blanks(text):
        return first
    second = _assess(drop_blanks(text))
    return max(first, second, key=lambda result: _RANK[result.level])


# A temperature given as a number: 38 to 41.9 degrees C, or 100 to 106.9 F,
# after "temp(erature) (of)" or before "degrees", "°", "c" or "f".
_FEVER_READING = re.compile(
    r"\b(?:temp(?:erature)?|fever)\s+(?:(?:of|is|was|at|around|about|reading|like)\s+)*(?:3[89]|4[01]|10[0-6])(?:[.,]\d)?\b"
    r"|\b(?:3[89]|4[01])(?:[.,]\d)?\s*(?:degrees|deg|°|c)\b|\b10[0-6](?:[.,]\d)?\s*(?:degrees|deg|°|f)\b"
)


# "is it normal to have a temp of 38": asked, but of a reading someone has
# (stop 46: after "had my first session yesterday" it was a medicine question
# for when a clinician answers, not a problem after treatment for today).
_HAS_A_READING = re.compile(r"\b(?:have|having|got|running|with)\s+a\s+(?:temp|temperature|fever)\s+of\b")


# Swelling closing the eyes or reaching the tongue, said without the word
# "swollen" (stop 39: "its getting worse, my eyes are nearly shut" after "my
# face is a bit swollen" was not an emergency).
_AIRWAY_SWELLING = re.compile(
    r"(?<!keep )(?<!kept )(?<!keeping )(?<!close )(?<!shut )\bmy eyes? (?:are |is )?(?:nearly |almost |half |basically |practically |completely |totally )?(?:swollen |puffed )?(?:shut|closed|closing)\b"
    r"|\bcan'?t (?:really |even |properly )?open my eyes?\b|\bcannot open my eyes?\b"
    r"|\bmy tongue (?:feels?|is|looks|seems|has gone) (?:weird|funny|thick|big|swollen|heavy|strange|fat|huge)\b"
    r"|\b(?:spreading|spread|gone|moving) (?:to|into|down to|onto) my (?:lips?|tongue|throat|eyes?)\b"
)


# Redness told reaching another part, without a spreading word the lexicon
# tags (stop 46: "had microneedling 2 days ago, i have a high temp and the
# redness is going down my neck" was a problem for today, not the emergency
# that fever with spreading redness is): "going down my neck", "has moved onto
# my neck", "down to my collarbone", "going up to my ear", "reached my jaw",
# "red all the way to my ears".
# A part must follow: "the redness is going down" alone is the redness settling.
_RED_WORD = r"\b(?:red|redness|redder|reddish|pink|pinkness|flush|flushing)\b"
_REDNESS_REACHING = re.compile(
    _RED_WORD + r"(?P<between>(?:\s+[a-z']+){0,5}?)\s+"
    r"(?:(?:down|up|onto|into|towards?|across|over|reached|reaching|reaches|moved|moving|crept|creeping|travell?ed|travell?ing|way)\s+)"
    r"(?:(?:to|into|onto|towards?|down|up|over)\s+)?(?:my|her|his|their|the)\s+"
    r"(?:neck|jaw|jawline|chest|ears?|collar ?bones?|shoulders?|scalp|throat|hairline|eyes?|eyelids?|temples?|back|arms?)\b"
)
# Not "it hasn't spread down my neck", "will the redness go down my neck?":
# a negation between, or a question or a modal in the clause before it.
_NOT_REACHING = re.compile(r"\b(?:not|no|never|hasnt|hasn't|isnt|isn't|didnt|didn't|doesnt|doesn't|wont|won't|havent|haven't)\b")
_ASKED_BEFORE_REDNESS = re.compile(r"\b(?:will|would|could|might|can|may|if|whether|does|do|is it normal|should)\b[^,.;:!?]*$")
# A temperature said to be high, without "fever" or a number: "my temperature is high", "temp's up".
_TEMPERATURE_HIGH = re.compile(
    r"\btemp(?:erature)?(?:'s|s)?\s+(?:is\s+|was\s+|has been\s+|has gone\s+|went\s+|keeps going\s+|is going\s+|gone\s+)?"
    r"(?:really\s+|very\s+|super\s+|quite\s+|a bit\s+|so\s+)?(?:high|up|raised)\b(?!\s+(?:to|for)\b)"
)
# The visitor feeling hot, the whole of them: "im hot", "i feel really hot",
# "feeling boiling". A sign only (no problem alone: the treated skin feels warm
# for a day or two, and "my cheeks feel hot" is that), which with spreading
# redness is the emergency (stop 46: "im hot and the red is getting bigger").
_FEELS_HOT = re.compile(
    # "feeling hot" with no subject only at the start of a clause: not "my cheeks feel hot" (the skin treated)
    r"(?:\b(?:i'?m|i am|i feel|i'?m feeling|i keep feeling)|(?:^|[,;]\s*|\b(?:and|also|but|now|still)\s+)(?:feel|feeling))\s+"
    r"(?:so\s+|really\s+|very\s+|super\s+|kinda\s+|quite\s+|a bit\s+|all\s+|proper\s+)*(?:hot|boiling|feverish)\b"
    r"(?!\s+(?:to the touch|to touch|in here|outside|weather|day)\b)"
)


def _redness_reaching(lowered: str) -> bool:
    for sentence in re.split(r"[.!?;]+", lowered):
        for found in _REDNESS_REACHING.finditer(sentence):
            clause_before = re.split(r",|\band\b|\bbut\b", sentence[:found.start()])[-1]
            if not _NOT_REACHING.search(found.group()) and not _ASKED_BEFORE_REDNESS.search(clause_before):
                return True
    return False


# A problem after a treatment told without a symptom's name: "my face is a
# mess since the session", "my skin's gone weird since i came in", "things r
# bad since my treatment" (stop 40: the aftercare or downtime answer only).
_GONE_WRONG = re.compile(
    r"\b(?:my\s+)?(?:face|skin|cheeks?|forehead|chin|nose|neck|it|its|it's|things|everything)(?:'s)?\s+"
    r"(?:(?:is|looks?|feels?|has|have|r|are)\s+)?(?:just\s+|really\s+|so\s+|all\s+|a bit\s+|kinda\s+)*"
    r"(?:gone\s+|went\s+|going\s+)?(?:just\s+|really\s+|so\s+|all\s+|a bit\s+|kinda\s+)*"
    r"(?:wrong|weird|bad|awful|terrible|horrible|horrendous|off|pear[- ]shaped|a mess|a state|a disaster|not right)\b"
    r"|\bsomething'?s? (?:not right|wrong) with my (?:face|skin)\b"
)
# A booking, a bill or a joke that went wrong, not the skin.
_NOT_THE_SKIN = re.compile(
    r"\b(?:booking|book|bill|invoice|receipt|price|charged|payment|pay|paid|voucher|link|e-?mail|calendar|confirmation|quote|quoted|"
    r"card|tip|page|app|website|site|text|time|slot|bank|account|parking|lol|haha|hair|kids?)\b")


def _gone_wrong_after_treatment(lowered: str) -> bool:
    """Told, not asked: "how do i know if something is wrong after it" is a question."""
    found = _GONE_WRONG.search(lowered)
    if not found or _ASKED_IN_GENERAL.search(lowered[:found.start()]) or _NOT_THE_SKIN.search(lowered):
        return False
    if re.search(r"\b(?:nothing|no|not|nothings|nothing's)\W+(?:\w+\W+){0,2}$", lowered[:found.start()]):
        return False  # "nothing is wrong since my session"
    return tells_of_treatment(lowered) or bool(_SINCE_I_CAME_IN.search(lowered))


_ASKED_IN_GENERAL = re.compile(r"^\W*(?:how|what|why|when|does|do|can|could|would|will|is|are|should)\b|\bif\b|\bwhether\b")


_SINCE_I_CAME_IN = re.compile(r"\bsince i (?:came|went) in\b|\bsince (?:my|the) (?:appointment|appt|visit)\b")


_ASKS = frozenset("how what why when which".split())


def _bleeding_told(tokens: list[str], m: _Mention) -> bool:
    """Bleeding told, not asked about: "her face is bleeding", "is it normal
    that its still bleeding"; not "i take xarelto, is there much bleeding
    during the session" (a blood thinner makes the one told an emergency)."""
    start, end = _clause_of(tokens, m)
    clause = tokens[start:end + 1]
    return clause[0] not in _W.aux_start and clause[0] not in _ASKS or not _W.now.isdisjoint(clause)


def _assess(text: str) -> Assessment:
    sentences = _sentences(text)
    reported = any(_first_person_report(s) or _third_person_report(s) for s in sentences)
    cues = (*_message_cues(sentences), reported)
    kept, seen, signs = [], set(), []
    bleeding_told = False
    for tokens in sentences:
        facts = _Facts.of(tokens)
        for m in _mentions(tokens):
            if m.reason == "bleeding" and not bleeding_told and _bleeding_told(tokens, m) and _kept(tokens, m, cues, facts):
                bleeding_told = True
            # Only which reasons (and whether urgent) count: a repeat need not be read again.
            if (m.reason, m.kind) not in seen and _kept(tokens, m, cues, facts):
                kept.append(m)
                seen.add((m.reason, m.kind))
            elif m.reason in _SIGNS and m.reason not in signs and _kept(tokens, _Mention(m.reason, _P, m.start, m.end), cues, facts):
                signs.append(m.reason)  # told, no treatment named: "i have a headache"
    reasons = list(dict.fromkeys(m.reason for m in kept))
    signs = [sign for sign in signs if sign not in reasons]
    lowered = text.lower().replace("\u2019", "'")
    if "spreading_redness" not in reasons and _redness_reaching(lowered):
        reasons.append("spreading_redness")  # "the redness is going down my neck" (stop 46)
    if "fever" not in reasons and _TEMPERATURE_HIGH.search(lowered):
        reasons.append("fever")  # "my temperature is high" (stop 46)
    if "fever" not in reasons and _FEELS_HOT.search(lowered):
        signs.append(FEELS_HOT)  # "im hot": nothing alone, the emergency with spreading redness
    if (reasons or reported or _HAS_A_READING.search(text.lower())) and "fever" not in reasons and _FEVER_READING.search(text.lower()):
        reasons.append("fever")  # "temp of 39 and the redness is spreading": the number says it
    if not reasons and _gone_wrong_after_treatment(text.lower()):
        reasons.append("gone_wrong")
    urgent = any(m.kind is _Kind.URGENT for m in kept)
    words = {word for tokens in sentences for word in tokens}
    if bleeding_told and any("THINNER" in _tags(word) for word in words):
        reasons.append("bleeding_on_blood_thinner")  # "she's on warfarin and her face is bleeding" (stop 43)
        urgent = True
    if "confusion" in reasons and any(_tags(word) & {"HOT", "FEVER", "TEMPERATURE"} for word in words):
        reasons.append("sepsis_signs")  # "she seems confused today and her face is hot" (stop 43)
        urgent = True
    if not urgent and _AIRWAY_SWELLING.search(text.lower()):
        reasons.append("facial_swelling")
        urgent = True
    combined = combined_emergency(reasons + signs, reasons + signs)
    if combined:
        reasons += signs + [combined]
        signs = []
        urgent = True
    level = Level.URGENT if urgent else Level.SYMPTOM if reasons else Level.NONE
    return Assessment(level, tuple(reasons), tuple(signs))
