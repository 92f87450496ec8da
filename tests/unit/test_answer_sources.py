"""Claims with sources: every visitor-facing answer rests on FACTS.md or clinic.yml.

content/answers.yml holds the answers (the FAQ answers, the booking-policy
answers and the general rule per screening item). These tests fail when

- an answer has no source, or cites a FACTS entry or a clinic.yml key that
  does not exist, or uses a {clinic_*} slot whose key it does not cite;
- a number in an answer (hours, days, weeks, months, minutes, mm, sessions, %,
  ages, patients, or a bare number) lies within none of the figures of the
  FACTS entries it cites. This clinic's own figures may not be written into an
  answer at all: they come from clinic.yml through the {clinic_*} slots;
- two answers (or an answer and a clinic.yml text) give different figures for
  the same thing: make-up, sun, exercise, session spacing, numbing time...;
- this clinic's practice figures (clinic.yml `practice:`) leave the ranges that
  the FACTS entries give, or the appointment is shorter than numbing plus
  needling;
- a general answer reassures, doses or fails to defer to a clinician;
- an answer is too long for a phone screen.

The checkers are tested on made-up answers too, so a broken parser cannot
pass everything silently.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set, Tuple

import pytest

from actions.general_answers import GENERAL_ANSWERS
from clinic_assistant import build_domain, clinic_config

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content" / "answers.yml"
FACTS_FILE = ROOT / "content" / "FACTS.md"
# The team's shared copy, when this work tree sits beside it.
SHARED_FACTS = ROOT.parent / "shared" / "FACTS.md"
# Characters of an answer, slots filled: about 100 words, one screen of a
# 375-pixel-wide phone (the out-of-hours route alone is about 150).
PHONE_SCREEN = 640

# --- numbers in text ----------------------------------------------------------

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
# Durations compare in hours, so "24 to 48 hours" and "1 to 2 days" agree.
HOURS_PER = {"minute": 1 / 60, "hour": 1, "day": 24, "week": 168, "month": 730.5, "year": 8766}
UNITS = [
    (r"minutes?|mins?", "time", "minute"),
    (r"hours?|hrs?", "time", "hour"),
    (r"days?", "time", "day"),
    (r"weeks?", "time", "week"),
    (r"months?", "time", "month"),
    (r"years?", "time", "year"),
    (r"mm|millimet(?:re|er)s?", "mm", None),
    (r"sessions?|treatments?", "sessions", None),
    (r"patients?", "patients", None),
    (r"%|percent", "%", None),
]
NUM = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|" + "|".join(WORD_NUMBERS) + r")"
QUANTITY = re.compile(
    r"(?<![\w.,$])(?P<dollar>\$)?(?P<lo>" + NUM + r")(?![\w])"
    r"(?:\s*(?:–|-|to)\s*\$?(?P<hi>" + NUM + r")(?![\w]))?"
    r"(?:\s*-?\s*(?:monthly\s+)?(?P<unit>%|(?:" + "|".join(pattern for pattern, _, _ in UNITS) + r")\b))?",
    re.IGNORECASE,
)
AGE_BEFORE = re.compile(r"(?:aged|age of|ages?)\s*$", re.IGNORECASE)
AGE_AFTER = re.compile(r"^\s*(?:\+|(?:years? old\s*)?(?:or|and) (?:older|over|above))", re.IGNORECASE)
AT_LEAST = re.compile(r"(?:at least|or more than|minimum of)\s*$", re.IGNORECASE)
DAY_N = re.compile(r"\bday (?P<n>\d+)\b", re.IGNORECASE)
# Phrases that name a figure without a digit.
IDIOMS = [
    (re.compile(r"\ba (day|week|month) or two\b", re.IGNORECASE), 1, 2),
    (re.compile(r"\ba couple of (hours|days|weeks|months)\b", re.IGNORECASE), 2, 2),
    (re.compile(r"\b(?:an|a) (hour|week)\b", re.IGNORECASE), 1, 1),
]


@dataclass(frozen=True)
class Quantity:
    low: float
    high: float
    dimension: Optional[str]  # None: a bare number
    start: int
    end: int
    text: str

    def covers(self, value: float) -> bool:
        tolerance = 0.01 * max(abs(self.low), 1e-9)
        return self.low - tolerance <= value <= self.high + tolerance * (1 if math.isfinite(self.high) else 0)


def _number(token: str) -> float:
    token = token.lower()
    return float(WORD_NUMBERS[token]) if token in WORD_NUMBERS else float(token.replace(",", ""))


def _unit(token: str) -> Tuple[str, float]:
    for pattern, dimension, time_unit in UNITS:
        if re.fullmatch(pattern, token, re.IGNORECASE):
            return dimension, HOURS_PER[time_unit] if time_unit else 1.0
    raise ValueError(token)


def clean(text: str) -> str:
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"\{\w+\}", " ", text)  # slots: figures of clinic.yml, checked elsewhere
    return text.replace("**", "").replace("—", "–").replace("‑", "-")


def quantities(text: str, open_ended: bool = False) -> List[Quantity]:
    """Every figure in a text, durations in hours. `open_ended`: "at least 5
    days" covers everything from 5 days up (used for the sources)."""
    found: List[Quantity] = []
    text = clean(text)
    for pattern, low, high in IDIOMS:
        for match in pattern.finditer(text):
            _, factor = _unit(match.group(1))
            found.append(Quantity(low * factor, high * factor, "time", match.start(), match.end(), match.group(0)))
    for match in DAY_N.finditer(text):
        value = float(match.group("n")) * 24
        found.append(Quantity(value, value, "time", match.start(), match.end(), match.group(0)))
    taken = [(q.start, q.end) for q in found]
    for match in QUANTITY.finditer(text):
        if any(start <= match.start("lo") < end for start, end in taken):
            continue
        lo_token, hi_token, unit = match.group("lo"), match.group("hi"), match.group("unit")
        is_word = lo_token.lower() in WORD_NUMBERS
        before, after = text[: match.start()], text[match.end():]
        low = _number(lo_token)
        high = _number(hi_token) if hi_token else low
        if unit:
            dimension, factor = _unit(unit)
        elif AGE_BEFORE.search(before) or AGE_AFTER.match(after):
            dimension, factor = "age", 1.0
        elif match.group("dollar"):
            dimension, factor = "$", 1.0
        elif is_word:
            continue  # "one dermatologist": a word, not a figure
        else:
            dimension, factor = None, 1.0
        low, high = low * factor, high * factor
        if open_ended and AT_LEAST.search(before):
            high = math.inf
        found.append(Quantity(low, high, dimension, match.start(), match.end(), match.group(0).strip()))
    return sorted(found, key=lambda q: q.start)


def unsupported(text: str, sources: Iterable[Quantity]) -> List[str]:
    """The figures of `text` that none of `sources` backs."""
    sources = list(sources)
    problems = []
    for quantity in quantities(text):
        for value in {quantity.low, quantity.high}:
            if quantity.dimension is None:
                backed = any(value in (s.low, s.high) for s in sources)
            else:
                backed = any(s.dimension == quantity.dimension and s.covers(value) for s in sources)
            if not backed:
                problems.append(quantity.text)
                break
    return problems


# --- what a figure is about ---------------------------------------------------

# The subject of a figure is the topic word nearest before it in its sentence
# (back to the previous figure), else one just after it ("6 weeks apart").
TOPICS = {
    "make-up": r"make-?up",
    "exercise": r"workouts?|gym|exercis\w*|sweat\w*|saunas?|steam|hot tubs?|swimming",
    "sun": r"\bsun\b|sunbath\w*|tanning|\btan\b",
    "skin actives": r"\bretino\w*|\bacids?\b|exfoliat\w*|vitamin c|scrubs?",
    "session spacing": r"\bapart\b|\bspaced\b|between sessions",
    "course": r"\bcourse\b",
    "numbing": r"numb\w*",
    "needling time": r"needling takes|the needling",
    "appointment": r"appointment",
    "needle depth": r"\bdepth\b",
    "home rollers": r"at-home|home rollers?",
    "swelling": r"swelling",
    "isotretinoin": r"isotretinoin|accutane|leaflet",
    "notice": r"\bnotice\b",
    "FDA age": r"\bFDA\b",
    "minimum age": r"we treat|minimum age",
}
TOPIC_PATTERNS = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in TOPICS.items()}


def topic_figures(text: str) -> List[Tuple[str, Quantity]]:
    """(topic, figure) pairs of a rendered text."""
    text = clean(text)
    pairs = []
    found = quantities(text)
    previous_end = 0
    for index, quantity in enumerate(found):
        sentence_start = max(text.rfind(". ", 0, quantity.start), text.rfind("? ", 0, quantity.start)) + 1
        before = text[max(previous_end, sentence_start): quantity.start]
        next_start = found[index + 1].start if index + 1 < len(found) else len(text)
        after = re.split(r"[.?;:]", text[quantity.end: min(next_start, quantity.end + 25)])[0]
        previous_end = quantity.end
        best, best_at = None, -1
        for name, pattern in TOPIC_PATTERNS.items():
            for match in pattern.finditer(before):
                if match.end() > best_at:
                    best, best_at = name, match.end()
        if best is None:
            best_at = len(after) + 1
            for name, pattern in TOPIC_PATTERNS.items():
                match = pattern.search(after)
                if match and match.start() < best_at:
                    best, best_at = name, match.start()
        if best and quantity.dimension:
            pairs.append((best, quantity))
    return pairs


def conflicts(texts: Dict[str, str]) -> List[str]:
    """Topics for which two texts give different figures."""
    seen: Dict[Tuple[str, str], Dict[Tuple[float, float], str]] = {}
    for name, text in texts.items():
        for topic, quantity in topic_figures(text):
            figures = seen.setdefault((topic, quantity.dimension), {})
            figures.setdefault((round(quantity.low, 3), round(quantity.high, 3)), f"{name}: {quantity.text!r}")
    return [
        f"{topic}: " + " / ".join(sorted(figures.values()))
        for (topic, _), figures in seen.items()
        if len(figures) > 1
    ]


# --- the content ------------------------------------------------------------------


def parse_facts(text: str) -> Dict[int, str]:
    """FACTS.md entries by number (an entry runs until the next one or a heading)."""
    facts: Dict[int, str] = {}
    current = None
    for line in text.splitlines():
        match = re.match(r"^(\d+)\.\s", line)
        if match:
            current = int(match.group(1))
            facts[current] = line[match.end():]
        elif line.startswith("#"):
            current = None
        elif current is not None:
            facts[current] += "\n" + line
    return facts


@lru_cache(maxsize=1)
def facts() -> Dict[int, str]:
    return parse_facts(FACTS_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def content() -> dict:
    return build_domain.load_content(CONTENT)


def answers() -> Dict[str, dict]:
    return content()["answers"]


def config() -> clinic_config.ClinicConfig:
    return clinic_config.current()


def rendered(text: str, extra: Optional[Dict[str, str]] = None) -> str:
    values = {**config().slot_values(), **(extra or {})}
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), " ".join(text.split()))


def slots_in(text: str) -> Set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


ANSWER_NAMES = sorted(answers())

# --- tests: sources ---------------------------------------------------------------


def test_the_facts_copy_matches_the_shared_file():
    assert len(facts()) == content()["review"]["facts_entries"], "FACTS.md changed: re-read the answers"
    if not SHARED_FACTS.exists():
        pytest.skip("no shared FACTS.md beside this work tree")
    assert FACTS_FILE.read_text(encoding="utf-8") == SHARED_FACTS.read_text(encoding="utf-8"), (
        "content/FACTS.md differs from the shared FACTS.md: copy it and re-check the answers"
    )


@pytest.mark.parametrize("name", ANSWER_NAMES)
def test_answer_has_sources_that_exist(name):
    answer = answers()[name]
    sources = answer.get("sources") or {}
    assert sources.get("facts") or sources.get("clinic"), f"{name} has no source"
    assert set(sources) <= {"facts", "clinic"}, sources
    for number in sources.get("facts") or []:
        assert number in facts(), f"{name} cites FACTS {number}, which does not exist"
    for key in sources.get("clinic") or []:
        try:
            config().value(key)
        except KeyError:
            pytest.fail(f"{name} cites clinic.yml key {key!r}, which does not exist")


@pytest.mark.parametrize("name", ANSWER_NAMES)
def test_every_slot_is_a_cited_clinic_value(name):
    answer = answers()[name]
    cited = set((answer.get("sources") or {}).get("clinic") or [])
    fills = set(answer.get("fills") or [])
    for slot in slots_in(answer["text"]):
        if slot in fills:
            continue
        assert slot in config().slot_values(), f"{name}: {{{slot}}} is neither a clinic slot nor in `fills`"
        key = clinic_config.slot_key(slot)
        assert key == "name" or key in cited, f"{name} uses {{{slot}}} but does not cite clinic.yml {key!r}"


@pytest.mark.parametrize("name", ANSWER_NAMES)
def test_every_figure_is_backed_by_the_facts_it_cites(name):
    answer = answers()[name]
    cited = (answer.get("sources") or {}).get("facts") or []
    backing = [q for number in cited for q in quantities(facts()[number], open_ended=True)]
    problems = unsupported(answer["text"], backing)
    clinic_figures = " ".join(config().slot_values().values())
    hints = [f"{p!r} (a clinic.yml figure? use its {{clinic_*}} slot)" if p.split()[0] in clinic_figures else repr(p) for p in problems]
    assert not problems, f"{name}: not in FACTS {cited}: {', '.join(hints)}"


def test_no_two_answers_give_different_figures_for_the_same_thing():
    texts = {name: rendered(answer["text"]) for name, answer in answers().items()}
    texts.update({f"clinic.yml policies.{key}": text for key, text in config().policies.items() if text})
    texts.update({f"clinic.yml screening {item['id']}": item["question"] for item in config().screening_items})
    assert not conflicts(texts), "\n".join(conflicts(texts))


def test_preparation_asks_for_at_least_the_screening_window():
    """Advice to stop retinol N days before must not be shorter than the
    window in which the screening asks about retinoids (clinic.yml)."""
    windows = [item.get("within_days") for item in config().screening_items if item["id"] == "recent_skin_stress"]
    if not windows or not windows[0]:
        pytest.skip("no recent_skin_stress window in clinic.yml")
    advice = [q for topic, q in topic_figures(rendered(answers()["utter_ask_preparation"]["text"])) if topic == "skin actives"]
    assert advice, "the preparation answer gives no time for stopping retinol and acids"
    assert all(q.low >= windows[0] * 24 for q in advice), (advice, windows[0])


# --- tests: this clinic's practice ---------------------------------------------

# clinic.yml practice key -> (FACTS entry, dimension, factor to the checker's units)
PRACTICE_RANGES = {
    "practice.numbing_minutes": (15, "time", HOURS_PER["minute"]),
    "practice.needling_minutes": (16, "time", HOURS_PER["minute"]),
    "practice.needle_depth_mm": (13, "mm", 1.0),
    "practice.course_sessions": (17, "sessions", 1.0),
    "practice.session_spacing_weeks": (17, "time", HOURS_PER["week"]),
    "practice.makeup_and_workout_pause_hours": (21, "time", HOURS_PER["hour"]),
    "practice.sun_avoidance_weeks": (22, "time", HOURS_PER["week"]),
    "practice.gentle_skincare_days": (23, "time", HOURS_PER["day"]),
}


def _values(value) -> List[float]:
    return [float(v) for v in (value if isinstance(value, (list, tuple)) else [value])]


@pytest.mark.parametrize("key", sorted(PRACTICE_RANGES))
def test_practice_figures_stay_within_the_published_ranges(key):
    entry, dimension, factor = PRACTICE_RANGES[key]
    published = [q for q in quantities(facts()[entry]) if q.dimension == dimension]
    low, high = min(q.low for q in published), max(q.high for q in published)
    for value in _values(config().value(key)):
        assert low - 1e-9 <= value * factor <= high + 1e-9, f"{key}={value} is outside FACTS {entry}"


# Screening windows (clinic.yml) that answers quote: never shorter than the
# shortest wait the FACTS entry reports.
WINDOW_MINIMUMS = {"isotretinoin": 27, "recent_skin_stress": 25}


@pytest.mark.parametrize("item", sorted(WINDOW_MINIMUMS))
def test_screening_windows_are_no_shorter_than_the_published_waits(item):
    days = config().value(f"screening.{item}.within_days")
    published = [q for q in quantities(facts()[WINDOW_MINIMUMS[item]]) if q.dimension == "time"]
    assert days * 24 >= min(q.low for q in published), f"{item}: {days} days"


def test_sessions_are_never_closer_than_four_weeks():
    spacing = _values(config().value("practice.session_spacing_weeks"))
    assert min(spacing) >= 4, "FACTS 18: not sooner than about 4 weeks"


def test_appointment_fits_numbing_and_needling():
    numbing = max(_values(config().value("practice.numbing_minutes")))
    needling = max(_values(config().value("practice.needling_minutes")))
    assert float(config().value("practice.appointment_minutes")) >= numbing + needling


# --- tests: how answers are written -----------------------------------------------

GENERAL_NAMES = sorted(GENERAL_ANSWERS.values())
REASSURANCE = re.compile(
    r"safe for you|you(?:'re| are) (?:fine|safe|eligible|a good candidate)|no problem|nothing to worry|"
    r"don'?t worry|perfectly safe|completely safe|totally safe|100%",
    re.IGNORECASE,
)
DOSE = re.compile(r"\b\d+(?:\.\d+)?\s*(?:mg|mcg|µg|ml|g|tablets?|pills?|capsules?|times a day)\b|\bdose\b|\bdosage\b", re.IGNORECASE)


def test_every_general_answer_exists():
    missing = [name for name in GENERAL_NAMES if name not in answers()]
    assert not missing, missing


@pytest.mark.parametrize("name", GENERAL_NAMES)
def test_general_answer_defers_to_a_clinician_and_offers_the_check(name):
    answer = answers()[name]
    text = " ".join(answer["text"].split())
    assert "clinician" in text.lower(), f"{name} must say that a clinician decides"
    assert not REASSURANCE.search(text), f"{name} reassures: {REASSURANCE.search(text).group(0)!r}"
    assert not DOSE.search(text), f"{name} gives a dose: {DOSE.search(text).group(0)!r}"
    titles = [button["title"] for button in content()["buttons"][answer["buttons"]]]
    assert "Check if it's right for me" in titles and "Talk to a person" in titles, titles


@pytest.mark.parametrize("name", ANSWER_NAMES)
def test_answer_never_reassures_or_doses(name):
    text = rendered(answers()[name]["text"])
    assert not REASSURANCE.search(text), f"{name}: {REASSURANCE.search(text).group(0)!r}"
    assert not DOSE.search(text), f"{name}: {DOSE.search(text).group(0)!r}"


@pytest.mark.parametrize("name", ANSWER_NAMES)
def test_answer_fits_a_phone_screen(name):
    text = rendered(answers()[name]["text"], {"policy_text": "", "policy_topic": "walk-ins"})
    assert len(text) <= PHONE_SCREEN, f"{name} is {len(text)} characters"


@pytest.mark.parametrize("name", ["utter_ask_downtime", "utter_ask_aftercare"])
def test_downtime_and_aftercare_say_when_to_contact_the_clinic(name):
    text = " ".join(answers()[name]["text"].split())
    assert "{clinic_phone}" in text and "{clinic_out_of_hours}" in text, f"{name}: whom to call, open or closed"
    assert "{clinic_emergency_number}" in text, f"{name}: the emergency (CONTRACT 4.1) must not read as 'today'"
    assert re.search(r"not normal|isn't normal", text, re.IGNORECASE), f"{name} must say when it stops being normal"


def test_hedged_claims_stay_hedged():
    """FACTS 8 and 9 support "may" and "one trial", not a general finding."""
    text = " ".join(" ".join(a["text"].split()) for a in answers().values())
    assert not re.search(r"lower risk of pigment change(?! may)", text.replace("may carry less", "")), text
    assert not re.search(r"studies show similar", text, re.IGNORECASE)
    comparison = " ".join(answers()["utter_ask_comparison"]["text"].split())
    assert "one trial" in comparison and "46" in comparison
    for name in ("utter_ask_safety", "utter_ask_suitability"):
        assert "darker skin" in answers()[name]["text"].replace("\n", " ")


def test_preparation_separates_cosmetic_products_from_prescriptions():
    text = " ".join(answers()["utter_ask_preparation"]["text"].split()).lower()
    assert not re.search(r"\b(?:pause|stop) (?:your )?retinoids\b", text), "'retinoids' includes prescription tretinoin"
    assert "cosmetic retinol" in text and "prescri" in text and "don't stop" in text


# --- the checkers themselves ------------------------------------------------------


def test_facts_ranges_are_parsed():
    figures = {(q.low, q.high, q.dimension) for q in quantities(facts()[17])}
    assert (3, 6, "sessions") in figures and (4 * 168, 6 * 168, "time") in figures and (6 * 168, 8 * 168, "time") in figures
    assert (24, 48, "time") in {(q.low, q.high, q.dimension) for q in quantities(facts()[21])}
    assert (0.5, 2, "mm") in {(q.low, q.high, q.dimension) for q in quantities(facts()[13])}
    assert (22, 22, "age") in {(q.low, q.high, q.dimension) for q in quantities(facts()[38])}
    assert (60, 70, "%") in {(q.low, q.high, q.dimension) for q in quantities(facts()[10])}
    assert (120, 120, "time") in {(q.low, q.high, q.dimension) for q in quantities(facts()[23])}  # "day 5"
    assert (1, 2 * 24, "time") not in {(q.low, q.high, q.dimension) for q in quantities(facts()[20])}
    assert (24, 48, "time") in {(q.low, q.high, q.dimension) for q in quantities(facts()[20])}  # a day or two


def test_checker_rejects_figures_the_sources_do_not_give():
    backing = quantities(facts()[21]) + quantities(facts()[22])
    assert unsupported("Skip make-up for 24 to 48 hours and avoid sun for about two weeks.", backing) == []
    assert unsupported("Skip make-up for 72 hours.", backing) == ["72 hours"]
    assert unsupported("Avoid sun for 4 weeks.", backing) == ["4 weeks"]
    assert unsupported("It takes 15 minutes.", quantities(facts()[15])) == ["15 minutes"]


def test_checker_finds_different_figures_for_the_same_thing():
    assert conflicts({"a": "Skip make-up for 24 hours.", "b": "Avoid make-up for about 48 hours."})
    assert conflicts({"a": "Avoid sun for a couple of days.", "b": "Avoid sun and tanning for about 2 weeks."})
    assert conflicts({"a": "Sessions are 4 to 6 weeks apart.", "b": "Sessions are spaced 6 to 8 weeks apart."})
    assert not conflicts({"a": "Skip make-up for 24 to 48 hours, and the gym for 3 days.", "b": "Make-up: wait 24 to 48 hours."})


def test_checker_sees_a_missing_source():
    fake = {"answers": {"utter_x": {"text": "Hi", "buttons": "next_steps"}}, "buttons": {"next_steps": []}}
    answer = fake["answers"]["utter_x"]
    assert not (answer.get("sources") or {}).get("facts")
    assert build_domain.content_responses(fake)["utter_x"] == [{"text": "Hi"}]
