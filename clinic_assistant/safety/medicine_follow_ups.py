"""A question on a medicine's dose or on stopping it that names no medicine,
right after one was asked about or told: "can I take ibuprofen after?", then
"how many can I take?"; "can she just stop her warfarin before?", then "how
long would she need to stop it". Read alone, "how many" and "how long" are
the number of sessions to the classifier, and the answer ("3 to 6 sessions,
4 to 6 weeks apart") read as a dose or as how long to stop a blood thinner.
It is a medicine question, for a clinician (CONTRACT §2, medical_advice).
"""
from __future__ import annotations

import re

_DOSE_OR_STOPPING = re.compile(
    r"\bhow (?:many|much|often)\b[^.?!]{0,25}\b(?:take|have|use|a day|per day|daily|at once|in a day)\b"
    r"|\bhow many (?:mg|milligrams|tablets|pills|tabs|capsules)\b"
    r"|\bwhat (?:dose|dosage|strength|amount)\b"
    r"|\bhow long\b[^.?!]{0,30}\b(?:stop|stopping|off|come off|pause|hold off|skip|without)\b"
    r"|\bwhen (?:can|could|should|do|would) (?:i|she|he|they|we) (?:start|restart|go back on|take)\b[^.?!]{0,15}\b(?:it|them|again)\b"
    r"|\b(?:should|can|could|do|would) (?:i|she|he|they|we) (?:just )?(?:skip|double|halve|miss|cut down|stop|pause|come off|go off|hold off)\b"
    # "do I need to be off it for 3 days or 5 days?", "how many days should I be off it" (stop 44)
    r"|\b(?:be|stay|go|come|get) off (?:it|them|that|those|the (?:tablets?|pills?|meds?|medicine|medication))\b"
    r"|\bhow many (?:days|weeks)\b[^.?!]{0,25}\b(?:off (?:it|them)|stop\w*|without (?:it|them)|pause)\b",
    re.IGNORECASE,
)


def asks_dose_or_stopping(text: str) -> bool:
    return bool(_DOSE_OR_STOPPING.search(text or ""))
