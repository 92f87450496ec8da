"""A report of nothing but what the first days after a treatment bring:
"had it done yesterday, my skin feels really dry and tight, is that
normal?", "day 2 and still a bit pink".

The classifier reads such a message as a problem after treatment, and it got
"please get this checked by a clinician today" and a symptom ticket: the
visitor alarmed and the team handed a message with nothing to act on. It
gets the downtime answer instead, which says what to expect (redness like a
mild sunburn, mild swelling, flaking for a few days, shared/FACTS.md 20),
what is not normal and whom to call today if it happens.

The test is deliberately narrow, as in no_problem.py: the message must
name the treatment, a day within the first three ("yesterday", "day 2", "3
days ago"; for flaking and dryness alone, five) and an expected effect,
and every word must be one of the few below. Any other word keeps the handoff: a symptom ("sore", "itchy",
"spots", "hot"), how it is going ("worse", "spreading"), or a later time
("week", "5 days"). The red-flag rules, read first, keep theirs.
"""
from __future__ import annotations

import datetime as dt
import re

# What the first days bring (FACTS.md 20).
_EXPECTED = frozenset(
    """red redness reddish pink pinkish flushed dry dryness tight tightness flaky flakey flaking peeling peely
    rough sunburn sunburnt sunburned sandpaper sandpapery""".split()
)
# The treatment named, or a day counted from it.
_TREATMENT = frozenset("session treatment microneedling needling procedure done day days mn microneedled needled".split())
_CONTEXT = frozenset(
    """
    i im ive my me it its is are was be been had have has got get did do just like about so and also only some nothing else
    on at in of the a an this that first after post since from
    hi hey hello ok okay um btw lol thanks thank you
    face skin cheeks cheek forehead chin nose neck
    feels feel feeling felt looks look looking
    bit abit little slightly very really quite kinda super pretty mild mildly
    normal expected usual fine right
    u great good amazing lovely love already
    when how long will does last stop settle
    ago now still
    one two three couple
    lot alot loads bits patch patches area areas
    almost nearly gone fading better getting but
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat
    second third fourth fifth 1st 2nd 3rd 4th 5th
    """.split()
) | _EXPECTED | _TREATMENT
# Within the first three days.
_RECENT = re.compile(
    r"\b(?:yesterday|today|tonight|this morning|last night|day (?:[1-3]|one|two|three)"
    r"|(?:[1-3]|one|two|three|a|a couple of|a couple) days? (?:ago|post|after))\b"
)
_RECENT_WORDS = frozenset("today yesterday tonight this morning last night".split())
# Flaking and dryness come a little later and last a few days (FACTS.md 20):
# "peeling 4 days after" is expected too, redness that late is not.
_FLAKING = frozenset("dry dryness tight tightness flaky flakey flaking peeling peely rough sandpaper sandpapery".split())
# Stop 47: an itch beside the flaking or dryness ("day 4 and its itchy and
# flaky") comes with it; alone, or beside redness, it stays a clinician's.
# Itching that keeps going is one of FACTS.md 33's signs: the answer says so.
_ITCH = frozenset("itchy itching itch itches itchiness".split())
# Stop 48: flaking and dryness go on for some days after the redness has gone
# (FACTS.md 20, "flaking for a few days"; 23, skincare restarted "around day 5
# if the skin is calm"): "day 6 still flaky" is the same healing, up to a week.
_FLAKING_DAYS = re.compile(r"\b(?:day (?:[4-7]|four|five|six|seven)|(?:[4-7]|four|five|six|seven) days? (?:ago|post|after))\b")
_FLAKING_LAST_DAY = 7
_RECENT_LAST_DAY = 3
# Stop 48: "had mn on monday, my face is dry": a weekday, counted back on the
# clinic's clock as "3 days ago" is. Short names only after "on" or "last"
# ("sat" is a verb too).
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SHORT_DAYS = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "weds": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
_WEEKDAY = re.compile(
    rf"\b(?:(?P<last>last|this past|past)\s+)?(?P<day>{'|'.join(_WEEKDAYS)})\b"
    rf"|\b(?:(?P<prep>on|last|this past|session|treatment|mn|microneedling|done)\s+)(?P<short>{'|'.join(_SHORT_DAYS)})\b"
)
_AHEAD = re.compile(r"\b(?:next|coming|will|going to|gonna|booked|appointment|appt)\b")
_WORD = re.compile(r"[a-z]+|\d+(?:st|nd|rd|th)?|\S")  # "2nd" one word (stop 48)


def weekday_days_ago(said: str, today: dt.date | None = None) -> int | None:
    """The most days ago a weekday the visitor names can be ("on monday": the
    latest Monday before today, a week ago if today is Monday; "last monday"
    may be the week before), or None when none is named or the message looks
    ahead. The most, so that a later day never reads as an earlier one."""
    if _AHEAD.search(said):
        return None
    if today is None:
        from clinic_assistant import clock  # the clinic's clock; the tests set theirs

        today = clock.today()
    most = None
    for m in _WEEKDAY.finditer(said):
        number = _WEEKDAYS.index(m["day"]) if m["day"] else _SHORT_DAYS[m["short"]]
        days = (today.weekday() - number) % 7 or 7
        if m["last"] or m["prep"] in ("last", "this past"):
            days = days + 7 if days < 3 else days  # "last monday" on a tuesday may be eight days back
        most = days if most is None else max(most, days)
    return most


def only_expected_effects(text: str, today: dt.date | None = None) -> bool:
    """`text` tells of an expected effect in the first days after the
    treatment, and of nothing else. A weekday is counted back from `today`
    (the clinic's clock when not given)."""
    words = [w for w in _WORD.findall((text or "").lower().replace("'", "").replace("\u2019", "")) if w not in ".,!?-"]
    said = " ".join(words)
    named = _EXPECTED & set(words)
    if not named or not (_TREATMENT & set(words)):
        return False
    flaking = named <= _FLAKING
    # The visitor's own count wins over a weekday: "had my session friday. day 3 now and ..."
    counted = bool(_RECENT.search(said) or _FLAKING_DAYS.search(said))
    weekday = weekday_days_ago(said, today) if _WEEKDAY.search(said) and not counted else None
    flaking_later = flaking and (bool(_FLAKING_DAYS.search(said)) or (weekday is not None and weekday <= _FLAKING_LAST_DAY))
    recent = bool(_RECENT.search(said)) or (weekday is not None and weekday <= _RECENT_LAST_DAY)
    if not (recent or flaking_later):
        return False
    if weekday is not None and weekday > (_FLAKING_LAST_DAY if flaking else _RECENT_LAST_DAY):
        return False  # "on monday" a week and more ago, for redness: a clinician's
    days = ("1", "2", "3", "4", "5", "6", "7", "four", "five", "six", "seven") if flaking_later else ("1", "2", "3")
    itch = _ITCH if named <= _FLAKING else frozenset()
    return all(w in _CONTEXT or w in _RECENT_WORDS or w in days or w in itch for w in words)


# What else a visitor may notice in their skin: any of it is worth a clinician's look.
_OTHER_EFFECTS = re.compile(
    r"\b(?:itch\w*|sore\w*|bumps?|bumpy|spots?|spotty|rash\w*|swell\w*|swollen|puff\w*|burn\w*|sting\w*|hurt\w*|pain\w*"
    r"|warm|hot|tender|bruis\w*|blister\w*|crust\w*|scab\w*|bleed\w*|pus|ooz\w*|raw|pimples?|lumps?|breaking out|broke out|"
    r"break ?outs?|irritat\w*|tingl\w*|throbb\w*|weep\w*|marks?|lines?|dots?|grid)\b"
)


def names_an_effect(text: str) -> bool:
    """`text` tells of something in the skin: "kinda tight and dry now", "a few bumps"."""
    lowered = (text or "").lower()
    return bool(_EXPECTED & set(_WORD.findall(lowered))) or bool(_OTHER_EFFECTS.search(lowered))


# Stop 47: "is that normal?" right after a report of nothing but what the first
# days bring was answered with the downtime (or the flaking): a clarifying
# "did you mean...?" had followed. It asks about what was just told.
_IS_IT_NORMAL = re.compile(
    r"^\W*(?:(?:so|and|but|ok|okay|hmm+|um+|oh|right)\W+)*(?:is|r|are|its|it'?s|thats|that'?s)\s+(?:that|this|it|these|they|them)?\s*"
    r"(?:all\s+|totally\s+|completely\s+|still\s+)?(?:normal|ok|okay|expected|fine|usual)\W*$"
    r"|^\W*(?:(?:so|and|but|ok|okay)\W+)*(?:normal|expected)\W*$",
    re.IGNORECASE,
)


def without_itch(text: str) -> str:
    """`text` without its itch words: what the red-flag rules see in the rest."""
    return " ".join(word for word in (text or "").split() if word.lower().strip(".,!?") not in _ITCH)


def asks_if_normal(text: str) -> bool:
    """"is that normal?", "normal?", "is this ok": asked alone."""
    return bool(_IS_IT_NORMAL.match(text or ""))


def normal_asked_after(text: str, earlier: list, today: dt.date | None = None) -> bool:
    """`text` asks "is that normal?" of the visitor's message before it, a
    report of nothing but what the first days after the treatment bring, read
    alone or with the one before ("had mn yesterday", "my face is really red
    still"), as components/follow_ups.py reads them."""
    if not earlier or not _IS_IT_NORMAL.match(text or ""):
        return False
    return only_expected_effects(earlier[-1], today) or (
        len(earlier) > 1 and only_expected_effects(f"{earlier[-2]}. {earlier[-1]}", today))
