"""Phone numbers and e-mail addresses in free text: found for the contact
form, blanked out for exports of transcripts and for logs.

Both patterns run in linear time on any text: an address can start only
where a run of address characters starts (a look-behind), and every part has
an upper bound (64 characters before the "@", as RFC 5321 allows; at most 9
labels of 63 after it; 26 characters for a phone number), so no input makes
them try every start against every end, as the unbounded pattern did on
long text without an "@".
"""
from __future__ import annotations

import re
from typing import Optional

EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}"
)
PHONE = re.compile(r"\+?\(?\d[\d\s().-]{5,24}\d")
# 12.05.2025 has as many digits as a phone number but is left in exports.
DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
REDACTED_EMAIL = "[e-mail]"
REDACTED_PHONE = "[phone]"


def _is_phone(candidate: str) -> bool:
    return 7 <= len(re.sub(r"\D", "", candidate)) <= 15 and not DATE.fullmatch(candidate.strip())


def find_contact(text: str) -> Optional[str]:
    """An e-mail address or a phone number of 7 to 15 digits in `text`."""
    email = EMAIL.search(text) if "@" in (text or "") else None
    if email:
        return email.group(0)
    for match in PHONE.finditer(text or ""):
        if _is_phone(match.group(0)):
            return ("+" if match.group(0).startswith("+") else "") + re.sub(r"\D", "", match.group(0))
    return None


def redact(text: str) -> str:
    """`text` with every e-mail address and phone number replaced by a marker."""
    text = EMAIL.sub(REDACTED_EMAIL, text) if "@" in (text or "") else (text or "")
    return PHONE.sub(lambda match: REDACTED_PHONE if _is_phone(match.group(0)) else match.group(0), text)
