"""An emergency told over several messages (CONTRACT §4): "the redness is
spreading to my neck", then "i feel hot and shivery, like a fever"; "it's
still bleeding a bit and won't stop", then "I'm on apixaban"; a headache,
then "and a stiff neck".

Each message alone is a problem for today, a screening disclosure or a sign
that is nothing alone (red_flags.py `signs`); read with the visitor's
earlier messages they make one of red_flags.py's combined emergencies. The
disclosure reader (clinic_assistant/screening/reader.py, its reading in the
parse) says whether a blood thinner is taken ("I'm not on any blood
thinners" is not); the red-flag lexicon says whether the word is a blood
thinner (the screening item also holds bleeding disorders)."""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional, Tuple

from clinic_assistant.safety.red_flags import BLOOD_THINNER_TAKEN, assess, combined_emergency, names_a_blood_thinner

BLEEDING_ITEM = "bleeding"  # clinic.yml's screening item for blood thinners and bleeding disorders
# How many of the visitor's earlier messages a message is read together with.
EARLIER_MESSAGES = 6
# The parse's mark of such an emergency (components/follow_ups.py sets it,
# the policy and actions/symptoms.py read it): the combined emergency's name.
EMERGENCY_OVER_MESSAGES = "emergency_over_messages"

Said = Tuple[str, Mapping[str, Any]]  # a message's text and its disclosure reading


def takes_a_blood_thinner(reading: Mapping[str, Any]) -> bool:
    """A message's disclosure reading tells a blood thinner taken: "I'm on
    apixaban", or someone's, told in general ("she takes warfarin")."""
    said = [finding.get("said") or "" for finding in reading.get("findings") or []
            if finding.get("item") == BLEEDING_ITEM and finding.get("answer") == "yes"]
    if BLEEDING_ITEM in (reading.get("general") or []):
        said.append((reading.get("general_said") or {}).get(BLEEDING_ITEM) or "")
    return any(names_a_blood_thinner(words) for words in said)


def reasons_told(text: str, reading: Mapping[str, Any]) -> Tuple[str, ...]:
    """A message's red flags, its signs, and a blood thinner it tells of."""
    assessment = assess(text)
    told = assessment.reasons + assessment.signs
    return told + (BLOOD_THINNER_TAKEN,) if takes_a_blood_thinner(reading) else told


def emergency_over_messages(now: Said, earlier: Iterable[Said]) -> Optional[str]:
    """The emergency the message `now` makes with one of the visitor's
    `earlier` messages (the last EARLIER_MESSAGES count), if any."""
    reasons = reasons_told(*now)
    if not reasons:
        return None
    told = [reason for said in list(earlier)[-EARLIER_MESSAGES:] for reason in reasons_told(*said)]
    return combined_emergency(reasons, told)
