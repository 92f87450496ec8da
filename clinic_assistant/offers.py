"""A yes to the assistant's own offer of a person.

"Sorry this hasn't helped. I can pass the chat to a person", "a member of
our team can take over whenever you like", "I don't have the clinic's answer
... or I can pass your question on": a "yes", "yes pls" or "ok sure" right
after had got "Great. What would you like to know next?" and the request was
lost (stop 40). It is a request for a person now.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

from clinic_assistant.answer_parts import last_answer

# The answers that end by offering a person or passing the question on.
OFFERS_A_PERSON = (
    "utter_frustration_offer", "utter_worry_offer", "utter_bot_challenge", "utter_policy_not_listed",
    "utter_policy_unknown", "utter_other_treatment", "utter_not_covered", "utter_why_general",
    "utter_answer_above_part",
    "utter_gift_amount_unknown", "utter_gift_price_unknown",
    "utter_messaging_unknown", "utter_messaging_here",  # "can i text u" (stop 46)
    "utter_ask_clinic_info_transport", "utter_ask_clinic_info_directions",  # "is it near the train station" (stop 47)
    "utter_policy_exception",  # "what if its an emergency" after the cancellation policy (stop 47)
    "utter_ask_clinic_info_facilities",  # "is there a toilet" (stop 47)
    "utter_not_told_not_a_no", "utter_not_told_payment",  # "ok so no then?" after "I haven't been told" (stop 48)
    "utter_consultation_format_unknown",  # "is the consult in person or online" (stop 48)
    "utter_policy_part_not_listed",  # "whats ur cancellation policy and can i bring my friend" (stop 48)
)
# "yes", "yes pls", "ok sure", "yeah pass me on", "go on then": taken up, nothing
# else said. "ok" or "ok fair enough" alone takes the answer, not the offer.
_FILLER = r"(?:ok|okay|k|then|thanks|thank you|ty|oh|um+|well|actually|why not|thing|for it)"
_YES = (r"(?:yes|yeah|yea|yep|yup|ya|ye|yh|sure|go for it|please|pls|plz|go on|go ahead|do it|that would be great|that'?d be great"
        r"|pass (?:me|it|me on|it on|my question on|it along)|put me through|to a person|a person|someone)")
_TAKES_IT_UP = re.compile(rf"^\W*(?:{_FILLER}\W+)*{_YES}(?:\W+(?:{_YES}|{_FILLER}))*\W*$", re.IGNORECASE)


def accepts_offer_of_a_person(intent: Optional[str], text: str, given: Iterable[Optional[str]]) -> bool:
    """`given`: the responses so far; the last one offered a person."""
    return last_answer(given) in OFFERS_A_PERSON and intent in ("affirm", "request_human") and bool(_TAKES_IT_UP.match(text or ""))
