""""ok so no then?" right after an answer that said the clinic has not told
the assistant (pay-later services, gift cards, facilities...).

Stop 48: it got "did you mean aftercare, or our opening hours?" (the
classifier heard a bare no), or "No problem. Is there anything else?". Not
being told is no "no": the plain answer is that the assistant does not know,
what it does know where clinic.yml gives something beside (instalments for
pay-later), and a person who can say for sure.
"""
from __future__ import annotations

import re
from typing import Iterable, List, Optional, Sequence

from clinic_assistant.answer_parts import last_answer
from clinic_assistant.policy_topics import topics_asked

# The answers that say the assistant has not been told (clinic.yml has no such field or leaves it empty).
NOT_TOLD_ANSWERS = (
    "utter_ask_cost_pay_later", "utter_ask_cost_pay_online", "utter_ask_cost_financing_terms",
    "utter_policy_unknown", "utter_policy_not_listed", "utter_policy_part_not_listed", "utter_policy_exception",
    "utter_gift_amount_unknown", "utter_gift_price_unknown",
    "utter_messaging_unknown", "utter_ask_clinic_info_transport", "utter_ask_clinic_info_facilities",
    "utter_ask_clinic_info_access", "utter_ask_clinic_info_holiday", "utter_not_covered", "utter_other_treatment",
    "utter_consultation_format_unknown",
    "utter_ask_cost_offers",  # "do u do student discount": no other offer known (clinic.yml gives none)
)
# Where clinic.yml gives something beside what is not known, said again with it.
WITH_WHAT_IS_KNOWN = {
    "utter_ask_cost_pay_later": "utter_not_told_payment",
    "utter_ask_cost_pay_online": "utter_not_told_payment",
    "utter_ask_cost_financing_terms": "utter_not_told_payment",
}
NOT_TOLD = "utter_not_told_not_a_no"
# The checklist's reminder after a question answered inside it (actions/screening/actions.py remind).
_REMINDER = re.compile(r"^utter_screening_reminder$|^utter_ask_screen_")
_MOST_WORDS = 9
_LEAD = r"^\W*(?:(?:ok+|okay|k|oh|ah|so|right|hmm+|um+|well|and|but|wait|sorry|lol)\W+)*"
_THEN = r"(?:\W+(?:then|than|huh|right|or yes|or not|or what|tho|though|lol|yeah))*\W*$"
_ASKS_IF_NO = re.compile(
    _LEAD + r"(?:"
    # "so no then?", "is that a no", "so thats a no then", "its a no?"
    r"(?:(?:is\s+)?(?:that|thats|that'?s|it|its|it'?s)\s+(?:a\s+)?)?(?:no|nope|nah|not)"
    # "so is that a yes or no", "yes or no?"
    r"|(?:(?:is\s+)?(?:that|thats|that'?s|it|its|it'?s)\s+(?:a\s+)?)?yes or (?:a )?no"
    # "so you dont do it", "so u dont take klarna then", "so they dont sell them"
    r"|(?:you|u|ya|they|the clinic|y'?all)\s+(?:don'?t|dont|do not|can'?t|cant|won'?t|wont)\s+(?:do|take|have|offer|accept|sell|allow)\b[^?.!]{0,25}"
    # "so i cant then?", "so i cant use it"
    r"|i\s+(?:can'?t|cant|cannot)\b[^?.!]{0,25}"
    r")" + _THEN,
    re.IGNORECASE,
)


# A bare "no" or "nope" answers the offer of a person ("no thanks"); it asks nothing.
_BARE_NO = re.compile(r"^\W*(?:ok\W+)?(?:no+|nope|nah|not)[.!\s]*$", re.IGNORECASE)


def asks_if_no(text: str) -> bool:
    """"ok so no then?", "is that a no", "so u dont take klarna then": the last answer read as a no."""
    text = text or ""
    return len(text.split()) <= _MOST_WORDS and bool(_ASKS_IF_NO.match(text)) and not _BARE_NO.match(text)


def no_asked_after_not_told(text: str, given: Iterable[Optional[str]]) -> Optional[str]:
    """The response that answers "so no then?" right after an answer that was
    not told (`given`: the responses so far), or None."""
    # Under the checklist the reminder follows the answer: "so no then?" asks of the answer, and
    # is no "no" to every line (it had ended the check clear).
    last = last_answer(name for name in given if name and not _REMINDER.match(name))
    if last not in NOT_TOLD_ANSWERS or not asks_if_no(text):
        return None
    return WITH_WHAT_IS_KNOWN.get(last, NOT_TOLD)


def no_asked_after_policy(text: str, earlier: Sequence[str], given: Iterable[Optional[str]]) -> List[str]:
    """"ok so no then?" right after a booking policy was quoted ("We don't treat walk-ins..."):
    the policy topics of the visitor's message before, to be given again plainly (stop 48:
    "did you mean aftercare, or our opening hours?"); [] when it is no such question."""
    last = last_answer(name for name in given if name and not _REMINDER.match(name))
    if last != "utter_policy_answer" or not earlier or not asks_if_no(text):
        return []
    return [key for key in topics_asked(earlier[-1])]
