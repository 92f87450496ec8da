"""The part of an answer a follow-up asks about.

Once an answer with several parts was given (the price with its course
saving and payment plan; how it feels, with the numbing; the clinic's
address, hours and parking), "any deals?", "do you do payment plans?", "would
numbing help?", "do you have parking?" or "are you open sundays?" ask for one
part of it, and get that part
(`utter_<intent>_<part>`), not the whole answer again. Read by the dialogue
policy (components/policies.py) and the answers (actions/dialogue/respond.py).
"""
from __future__ import annotations

import re
from typing import Optional, Pattern, Tuple

_DAYS = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?s?"
# (intent, part, what asks for it); "offer" alone is "do you offer...".
PARTS: Tuple[Tuple[str, str, Pattern[str]], ...] = (
    ("ask_cost", "financing", re.compile(
        r"\bpayment plans?|\binstal+ments?|\bfinanc\w*|\bklarna\b|\bafterpay\b|\bclearpay\b|\bsplit (?:the )?pay"
        r"|\bpay (?:it )?(?:monthly|over time|in (?:parts|stages|chunks))|\bmonthly\b")),
    ("ask_cost", "offers", re.compile(
        r"\bdeals?\b|\bdiscount|\boffers\b|\bspecial offer|\bpromo|\bcoupon|\bon sale\b|\bcheaper"
        r"|\bmoney off|\bexpensive|\bpricey|\bafford")),
    ("ask_pain", "numbing", re.compile(r"\bnumb|\banaesthe|\banesthe|\blidocaine")),
    ("ask_clinic_info", "parking", re.compile(r"\bpark")),
    ("ask_clinic_info", "hours", re.compile(
        rf"\bopen|\bhours\b|\bclos(?:e|es|ed|ing)\b|\bweekends?\b|\bevenings?\b|\b{_DAYS}\b|\bwhat time")),
    ("ask_clinic_info", "address", re.compile(
        r"\baddress|\bwhere\b|\blocat|\bdirections?\b|\bpost ?code|\bzip\b|\bbus\b|\btrain\b")),
    ("ask_clinic_info", "contact", re.compile(r"\bphone|\bnumber\b|\be-?mail|\bcall you|\bring you")),
)


def answer_part(intent: str, text: str) -> Optional[str]:
    """The one part of `intent`'s answer that `text` asks about; None when it
    asks about none or several ("where are you and is there parking?")."""
    lowered = (text or "").lower()
    asked = [part for own, part, pattern in PARTS if own == intent and pattern.search(lowered)]
    return asked[0] if len(asked) == 1 else None
