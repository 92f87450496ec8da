"""Free-text answers to the contraindication screening (CONTRACT §4.3, §5).

The items come from clinic.yml (`screening.items`): an id, a question, the
words that name the condition and, for past exposures, a window in days.
`ScreeningReader.read_answer` reads the answer to one item's question;
`ScreeningReader.detect` finds the items an opening message already mentions.

Reading is rule-based, on top of a blank English spaCy pipeline:
- terms: PhraseMatcher on the lower-case text, PhraseMatcher on lemmas (so
  "keloids", "tanned", "breastfed" match), and an edit-distance check for
  misspellings ("eliqis", "pregnet", "chemo therapy") that never bends an
  ordinary English word;
- negation: "no", "not", "never", "n't", "without"... shortly before a term,
  within its clause ("I'm not pregnant but I take eliquis");
- time, for items with a window: "2 years ago", "last month", "in March",
  "since 2019", "currently" are turned into a range of days ago and compared
  with the window; a past exposure without a date is "unsure";
- yes / no / not-sure words for a direct answer ("yep", "nope", "idk").

The reader keeps nothing: answers are computed and returned, never stored.
"""
from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import Any, Iterable, Sequence

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from actions.safety.normalize import english_words, normalise, strip_accents, within_edits


class Answer(str, Enum):
    YES = "yes"
    NO = "no"
    UNSURE = "unsure"
    UNKNOWN = "unknown"  # could not read it


@dataclass(frozen=True)
class Item:
    id: str
    question: str
    terms: tuple[str, ...]
    within_days: int | None = None


def load_items(config: dict[str, Any]) -> list[Item]:
    """The screening items of a parsed clinic.yml."""
    return [
        Item(
            id=str(raw["id"]),
            question=str(raw["question"]),
            terms=tuple(str(term) for term in raw.get("terms") or ()),
            within_days=int(raw["within_days"]) if raw.get("within_days") is not None else None,
        )
        for raw in config["screening"]["items"]
    ]


# --- Words --------------------------------------------------------------------
_NEGATIONS = frozenset("no not never none nor neither without nothing".split())
# Words that end a clause: a negation or a date does not reach past them.
_CLAUSE_BREAKS = frozenset(". , ; ! ? but and though although however yet whereas except".split())
# Real words that are common misspellings of a term (the edit-distance check
# leaves real words alone).
_REAL_WORD_MISSPELLINGS = {"retinal": "retinol"}

_UNSURE = re.compile(
    r"\b(not sure|unsure|not certain|uncertain|dunno|don'?t know|do not know|idk|maybe|possibly|"
    r"perhaps|probably|can'?t remember|cannot remember|don'?t remember|do not remember|"
    r"can'?t recall|no idea|no clue|not 100|i think so|might be|could be|hard to say|kinda|sorta|"
    r"kind of|sort of|hmm+)\b"
)
_NO = re.compile(
    r"\b(no|nope|nah|na|never|none|nothing|negative|not at all|not really|no way|i don'?t|"
    r"i do not|i'?m not|i am not|i haven'?t|i have not|i didn'?t|i did not|i wasn'?t|i was not|"
    r"don'?t think so|not that i know|not that i'?m aware|neither|n/a)\b|\U0001f44e|\u274c"
)
_YES = re.compile(
    r"\b(yes|yess+|yeah|yea|yep|yup|ya|yah|correct|sure|true|affirmative|definitely|absolutely|"
    r"of course|indeed|that'?s right|uh huh|(i (do|am|have|did|was))(?!\s*(not|n'?t|never|no)\b))\b"
    r"|\U0001f44d|\u2705|\u2714"
)
_SINGLE_LETTER = {"y": "yes", "n": "no"}
# Past exposure without a date ("I took it", "stopped", "not anymore").
_STOP_LEMMAS = frozenset("stop quit finish end complete discontinue cease".split())
_PAST_WORDS = frozenset(
    "took taken had got did was were used previously before ago once anymore longer".split()
)
_CURRENT = re.compile(
    # "still", but not "can I still do it?" (that asks about the treatment)
    r"\b(currently|(?<!can i )(?<!could i )(?<!should i )(?<!do i )(?<!is it )still|right now|"
    r"at the moment|at present|these days|nowadays|today|"
    r"this week|i'?m on|i am on|i'?m taking|i am taking|i take|on it now)\b"
)

# A question ("..., can I come in this week?") dates nothing the visitor took.
_QUESTION_WORDS = frozenset("can could should would will is are am do does may what when how".split())

# --- Time ---------------------------------------------------------------------
_MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
_NUMBER_WORDS = {
    "a": (1, 1), "an": (1, 1), "one": (1, 1), "two": (2, 2), "three": (3, 3), "four": (4, 4),
    "five": (5, 5), "six": (6, 6), "seven": (7, 7), "eight": (8, 8), "nine": (9, 9),
    "ten": (10, 10), "eleven": (11, 11), "twelve": (12, 12), "a couple": (2, 2),
    "a couple of": (2, 2), "couple of": (2, 2), "a few": (2, 4), "few": (2, 4),
    "several": (3, 7), "half a": (0.5, 0.5),
}
# Days per unit, as a range (a month is 28 to 31 days).
_UNITS = {"day": (1, 1), "week": (7, 7), "month": (28, 31), "year": (365, 366)}
_UNIT_NAMES = {"d": "day", "day": "day", "wk": "week", "week": "week", "mo": "month",
               "mth": "month", "month": "month", "yr": "year", "year": "year"}
_NUMBER = r"\d+(?:\.\d+)?|" + "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True))
_DURATION = re.compile(
    rf"\b(?:(?P<cmp>over|more than|less than|under|within the (?:last|past)|in the (?:last|past)|"
    rf"within)\s+)?(?P<n>{_NUMBER})\s*(?P<unit>days?|weeks?|wks?|months?|mos?|mths?|years?|yrs?)"
    rf"(?P<half>\s+and a half)?(?P<plus>\+)?\s*(?P<ago>ago|back|before)?\b"
)
_FAR_PAST = re.compile(
    r"\b(years ago|many years|ages ago|a long time ago|long ago|decades ago|as a (?:teen|teenager|"
    r"kid|child)|in (?:high )?school|when i was (?:a teen|a teenager|younger|young|a kid|in school))\b"
)
_A_WHILE = re.compile(r"\b(a while ago|a while back|some time ago|a long while)\b")
_RECENT = re.compile(r"\b(yesterday|the other day|recently|just (?:stopped|finished|quit)|last night)\b")
_LAST = re.compile(r"\b(last|this) (week|month|year)\b")
_MONTH_DATE = re.compile(
    r"\b(?:(?P<prep>in|since|during|from|until|till|around|early|late|mid|end of|beginning of)\s+)?"
    rf"(?P<month>{'|'.join(sorted(_MONTHS, key=len, reverse=True))})\b"
    r"(?:\s+(?:of\s+)?(?P<year>(?:19|20)\d\d|last year|this year))?"
)
_YEAR = re.compile(r"\b(?P<prep>in|since|during|back in|until)?\s*(?P<year>(?:19|20)\d\d)\b")


@dataclass(frozen=True)
class _Time:
    """A range of days ago (hi may be infinite), found at `pos` in the text."""
    pos: int
    lo: float
    hi: float


def _days_ago(today: dt.date, first: dt.date, last: dt.date) -> tuple[float, float]:
    return max(0, (today - last).days), max(0, (today - first).days)


def _month_range(today: dt.date, month: int, year: int | None) -> tuple[float, float]:
    if year is None:  # the latest one that has begun
        year = today.year if month <= today.month else today.year - 1
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return _days_ago(today, dt.date(year, month, 1), min(last, today))


def _year_of(text: str | None, today: dt.date) -> int | None:
    if not text:
        return None
    return {"last year": today.year - 1, "this year": today.year}.get(text) or int(text)


def _times(text: str, today: dt.date, stopped: bool) -> list[_Time]:
    """Every date or duration in `text` as a range of days ago. `stopped`
    says the text describes an end ("off it since March"), which turns
    "since ..." and "for N months" into "that long ago"."""
    found: list[_Time] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match, lo: float, hi: float) -> None:
        if not any(a <= match.start() < b for a, b in taken):
            found.append(_Time(match.start(), lo, hi))
            taken.append(match.span())

    for m in _DURATION.finditer(text):
        n_lo, n_hi = _NUMBER_WORDS.get(m["n"]) or (float(m["n"]),) * 2
        extra = 0.5 if m["half"] else 0
        u_lo, u_hi = _UNITS[_UNIT_NAMES[m["unit"].rstrip("s")]]
        lo, hi = (n_lo + extra) * u_lo, (n_hi + extra) * u_hi
        cmp = m["cmp"] or ""
        if cmp in ("over", "more than") or m["plus"]:
            add(m, hi + 1, math.inf)
        elif cmp:  # within / in the last / under / less than
            add(m, 0, lo)
        elif m["ago"] or (stopped and text[max(0, m.start() - 4):m.start()].endswith("for ")):
            add(m, lo, hi)
    for m in _FAR_PAST.finditer(text):
        add(m, 730, math.inf)
    for m in _A_WHILE.finditer(text):
        add(m, 30, math.inf)
    for m in _RECENT.finditer(text):
        add(m, 0, 4 if m.group() == "the other day" else 30 if m.group().startswith(("recently", "just")) else 1)
    for m in _LAST.finditer(text):
        unit, this = m[2], m[1] == "this"
        if unit == "week":
            start = today - dt.timedelta(days=today.weekday() + (0 if this else 7))
            add(m, *_days_ago(today, start, today if this else start + dt.timedelta(days=6)))
        elif unit == "month":
            year, month = (today.year, today.month) if this else (
                (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12))
            add(m, *_month_range(today, month, year))
        else:
            year = today.year if this else today.year - 1
            add(m, *_days_ago(today, dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)))
    for m in _MONTH_DATE.finditer(text):
        if m["month"] == "may" and not (m["prep"] or m["year"]):
            continue  # "may" is mostly the verb
        if m["prep"] == "since" and not stopped:
            add(m, 0, 0)  # "on it since March": still on it
            continue
        add(m, *_month_range(today, _MONTHS[m["month"]], _year_of(m["year"], today)))
    for m in _YEAR.finditer(text):
        year = int(m["year"])
        if year > today.year:
            continue
        if m["prep"] == "since" and not stopped:
            add(m, 0, 0)
            continue
        add(m, *_days_ago(today, dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)))
    return found


def _within(window: int, time: _Time) -> Answer:
    if time.hi <= window:
        return Answer.YES
    if time.lo > window:
        return Answer.NO
    return Answer.UNSURE


def _combine(answers: Iterable[Answer]) -> Answer:
    """Any yes wins, then any unsure: the safe reading of mixed answers."""
    answers = set(answers)
    for answer in (Answer.YES, Answer.UNSURE, Answer.NO):
        if answer in answers:
            return answer
    return Answer.UNKNOWN


# --- Reading --------------------------------------------------------------------
@dataclass
class _Evidence:
    """What a stretch of text says about one item."""
    positive: bool = False  # a term, not negated
    negative: bool = False  # a negated term
    stopped: bool = False  # "stopped", "no longer", "not anymore"
    past: bool = False  # a past exposure ("took", "had", "stopped")
    current: bool = False
    unsure: bool = False
    times: list[_Time] = field(default_factory=list)


def _prepare(text: str) -> str:
    """Normalised, accents dropped, hyphens inside words read as spaces."""
    return re.sub(r"(?<=[a-z])-(?=[a-z])", " ", strip_accents(normalise(text)))


def _squeeze(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


class ScreeningReader:
    """Build once (building the spaCy pipeline takes a moment), then reuse."""

    def __init__(self, items: Sequence[Item]):
        self._items = {item.id: item for item in items}
        self._nlp = spacy.blank("en")
        self._nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        self._nlp.initialize()
        self._words = english_words()
        self._lower = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        self._lemma = PhraseMatcher(self._nlp.vocab, attr="LEMMA")
        # compact spelling ("chemotherapy", "bloodthinners") -> item id, for the typo check
        self._compact: dict[str, str] = {}
        for item in items:
            terms = {_prepare(term) for term in item.terms}
            terms |= {fix for real, fix in _REAL_WORD_MISSPELLINGS.items() if fix in terms and real}
            patterns = [self._nlp(term) for term in sorted(terms)]
            self._lower.add(item.id, patterns)
            self._lemma.add(item.id, [p for p in patterns if self._lemma_is_safe(p)])
            for term in terms:
                compact = re.sub(r"[^a-z]", "", term)
                if len(compact) >= 6:
                    self._compact.setdefault(_squeeze(compact), item.id)
        self._misspellings = {
            real: item.id
            for real, fix in _REAL_WORD_MISSPELLINGS.items()
            for item in items
            if fix in {_prepare(term) for term in item.terms}
        }

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

    # -- terms and clauses --
    def _term_spans(self, doc: Doc) -> list[tuple[str, Span]]:
        """(item id, span) for every term mentioned, exact, inflected or misspelt."""
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
            item_id = self._misspelt(token.lower_)
            if item_id:
                spans.add((item_id, i, i + 1))
                continue
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            if nxt is not None and nxt.is_alpha and i + 1 not in covered:
                joined = token.lower_ + nxt.lower_
                if token.lower_ in self._words and nxt.lower_ in self._words:
                    item_id = self._compact.get(_squeeze(joined))  # "warfare on" is not "warfarin"
                else:
                    item_id = self._misspelt(joined, joined=True)
                if item_id:  # "chemo therapy"
                    spans.add((item_id, i, i + 2))
        return [(item_id, doc[start:end]) for item_id, start, end in sorted(spans, key=lambda s: s[1])]

    def _misspelt(self, word: str, joined: bool = False) -> str | None:
        if word in self._misspellings:
            return self._misspellings[word]
        if len(word) < 5 or (not joined and word in self._words):
            return None
        squeezed = _squeeze(word)
        if squeezed in self._compact:
            return self._compact[squeezed]
        for compact, item_id in self._compact.items():
            if compact[0] == squeezed[0] and within_edits(compact, squeezed, 2 if len(compact) >= 8 else 1):
                return item_id
        return None

    @staticmethod
    def _clauses(doc: Doc) -> list[Span]:
        clauses, start = [], 0
        for token in doc:
            if token.lower_ in _CLAUSE_BREAKS:
                if token.i > start:
                    clauses.append(doc[start:token.i])
                start = token.i + 1
        if start < len(doc):
            clauses.append(doc[start:])
        return clauses

    @staticmethod
    def _state(span: Span, clause: Span) -> str:
        """'positive', 'negative' or 'stopped' for a term inside its clause."""
        words = [t.lower_ for t in clause]
        if "anymore" in words or "longer" in words and "no" in words:
            return "stopped"
        before = [t.lemma_.lower() for t in clause.doc[max(clause.start, span.start - 5):span.start]]
        if any(word in _NEGATIONS for word in before):
            return "negative"
        return "positive"

    # -- evidence --
    def _evidence(self, text: str, doc: Doc, clauses: list[Span], mentions: list[tuple[Span, Span]],
                  today: dt.date) -> _Evidence:
        """Evidence from `clauses` (their text) and the item's term `mentions`."""
        ev = _Evidence()
        for span, clause in mentions:
            state = self._state(span, clause)
            ev.positive |= state == "positive"
            ev.negative |= state == "negative"
            ev.stopped |= state == "stopped"
            if doc[max(0, span.start - 2):span.start].text.startswith("what"):
                ev.unsure = True  # "what is isotretinoin?"
        for clause in clauses:
            lemmas = {t.lemma_.lower() for t in clause}
            words = {t.lower_ for t in clause}
            ev.stopped |= bool(lemmas & _STOP_LEMMAS) or "anymore" in words
            ev.past |= ev.stopped or bool(words & _PAST_WORDS) or "off" in words
            negated = bool(lemmas & _NEGATIONS)
            chunk = text[clause.start_char:clause.end_char]
            ev.current |= bool(_CURRENT.search(chunk)) and not ev.stopped
            ev.unsure |= bool(_UNSURE.search(chunk))
            # "off it since 2019" ends like "stopped"
            ev.times += _times(chunk, today, stopped=ev.stopped or negated or "off" in words)
        return ev

    @staticmethod
    def _is_question(clause: Span) -> bool:
        after = clause.doc[clause.end] if clause.end < len(clause.doc) else None
        return clause[0].lower_ in _QUESTION_WORDS or (after is not None and after.text == "?")

    @staticmethod
    def _decide(item: Item, ev: _Evidence, yes: bool = False, no: bool = False) -> Answer:
        if ev.unsure:
            return Answer.UNSURE
        window = item.within_days
        mentioned = ev.positive or ev.negative or ev.stopped
        if window is not None and (ev.current or ev.times) and (ev.positive or ev.stopped or not mentioned):
            return Answer.YES if ev.current else _combine(_within(window, t) for t in ev.times)
        if ev.positive:
            if window is not None and ev.past:
                return Answer.UNSURE  # taken, but when?
            if window is None and ev.stopped:
                return Answer.NO
            return Answer.YES
        if ev.stopped:
            return Answer.UNSURE if window is not None else Answer.NO
        if ev.negative:
            return Answer.NO
        if yes and no:
            return Answer.UNSURE
        if yes:
            return Answer.UNSURE if window is not None and ev.past else Answer.YES
        if no:
            return Answer.NO
        return Answer.UNKNOWN

    # -- public API --
    def read_answer(self, item_id: str, text: str, today: dt.date | None = None) -> Answer:
        """The answer to the question about one item ("Do you take blood thinners?")."""
        item = self._items[item_id]
        prepared = _prepare(text)
        doc = self._nlp(prepared)
        clauses = self._clauses(doc)
        mentions = [
            (span, next(c for c in clauses if c.start <= span.start < c.end))
            for found, span in self._term_spans(doc)
            if found == item_id and any(c.start <= span.start < c.end for c in clauses)
        ]
        ev = self._evidence(prepared, doc, clauses, mentions, today or dt.date.today())
        bare = re.sub(r"[^\w]", "", prepared)
        yes = bool(_YES.search(prepared)) or _SINGLE_LETTER.get(bare) == "yes"
        no = bool(_NO.search(prepared)) or _SINGLE_LETTER.get(bare) == "no"
        if ev.positive and no and self._no_after_last_mention(prepared, doc, mentions):
            ev.positive, ev.negative = False, True  # "warfarin? no"
        return self._decide(item, ev, yes, no)

    @staticmethod
    def _no_after_last_mention(text: str, doc: Doc, mentions: list[tuple[Span, Span]]) -> bool:
        last = max(span.end_char for span, _ in mentions)
        return bool(_NO.search(text[last:])) and not re.search(r"\b(but|and)\b", text[last:])

    def detect(self, text: str, today: dt.date | None = None) -> dict[str, Answer]:
        """Items an opening message mentions ("I'm on Accutane, can I do it?"
        -> {"isotretinoin": YES}). A term named in a question counts as a
        disclosure; items not mentioned are absent."""
        prepared = _prepare(text)
        doc = self._nlp(prepared)
        clauses = self._clauses(doc)
        found = self._term_spans(doc)
        with_terms = {i for i, c in enumerate(clauses) if any(c.start <= s.start < c.end for _, s in found)}
        answers: dict[str, Answer] = {}
        for item_id in dict.fromkeys(item_id for item_id, _ in found):
            mentions, scope = [], []
            for i, clause in enumerate(clauses):
                spans = [s for f, s in found if f == item_id and clause.start <= s.start < clause.end]
                mentions += [(s, clause) for s in spans]
                if spans:
                    scope.append(clause)
                    # a date in the next clauses without a term belongs here ("..., stopped 2 years ago")
                    for j in range(i + 1, len(clauses)):
                        if j in with_terms:
                            break
                        if not self._is_question(clauses[j]):
                            scope.append(clauses[j])
            ev = self._evidence(prepared, doc, scope, mentions, today or dt.date.today())
            answers[item_id] = self._decide(self._items[item_id], ev)
        return answers


@lru_cache(maxsize=4)
def _reader_for(items: tuple[Item, ...]) -> ScreeningReader:
    return ScreeningReader(list(items))


def get_reader(items: Sequence[Item]) -> ScreeningReader:
    """A shared reader for these items (built once per distinct item list)."""
    return _reader_for(tuple(items))
