"""A blood thinner told in one message and bleeding in another: an emergency
(CONTRACT §4), as it is when both are in one message (red_flags.py).

"it's still bleeding a bit and won't stop", then "I'm on apixaban": the
second message is a screening disclosure to the classifier and no red flag
to the rules; read with the first it is bleeding on a blood thinner. The
disclosure reader (clinic_assistant/screening/reader.py, its reading in the
parse) says whether the thinner is taken ("I'm not on any blood thinners"
is not); the red-flag lexicon says whether the word is a blood thinner
(the screening item also holds bleeding disorders)."""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Tuple

from clinic_assistant.safety.red_flags import BLOOD_THINNER_TAKEN, assess, names_a_blood_thinner

BLEEDING_ITEM = "bleeding"  # clinic.yml's screening item for blood thinners and bleeding disorders


def takes_a_blood_thinner(reading: Mapping[str, Any]) -> bool:
    """A message's disclosure reading tells a blood thinner taken: "I'm on
    apixaban", or someone's, told in general ("she takes warfarin")."""
    said = [finding.get("said") or "" for finding in reading.get("findings") or []
            if finding.get("item") == BLEEDING_ITEM and finding.get("answer") == "yes"]
    if BLEEDING_ITEM in (reading.get("general") or []):
        said.append((reading.get("general_said") or {}).get(BLEEDING_ITEM) or "")
    return any(names_a_blood_thinner(words) for words in said)


def reasons_told(text: str, reading: Mapping[str, Any]) -> Tuple[str, ...]:
    """The red flags of a message, and a blood thinner it tells of."""
    reasons = assess(text).reasons
    return reasons + (BLOOD_THINNER_TAKEN,) if takes_a_blood_thinner(reading) else reasons


def bleeding_told_in(texts: Iterable[str]) -> bool:
    return any("bleeding" in assess(text).reasons for text in texts)
