"""Phone numbers and e-mail addresses in free text: found for the contact
form, blanked out for exports of transcripts and for logs; pseudonyms for
conversation ids; what a handoff notification may carry.

Both patterns run in linear time on any text: an address can start only
where a run of address characters starts (a look-behind), and every part has
an upper bound (64 characters before the "@", as RFC 5321 allows; at most 9
labels of 63 after it; 26 characters for a phone number), so no input makes
them try every start against every end, as the unbounded pattern did on
long text without an "@".
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import secrets
from functools import lru_cache
from typing import Dict, Optional
from urllib.parse import urlencode

EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}"
)
PHONE = re.compile(r"\+?\(?\d[\d\s().-]{5,24}\d")
# 12.05.2025 has as many digits as a phone number but is left in exports.
DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
# "jane at gmail dot com", "jane(at)gmail(dot)co(dot)uk": an address said as words.
_AT = r"\s*(?:\(at\)|\[at\]|\bat\b)\s*"
_DOT = r"\s*(?:\.|\(dot\)|\[dot\]|\bdot\b)\s*"
_TLD = r"(?:com|net|org|edu|gov|info|biz|io|me|co|uk|us|ca|au|nz|ie|de|fr|es|it|nl)"
# "jane dot doe at gmail dot com": the name before the "at" may be said in parts too.
SPOKEN_EMAIL = re.compile(
    rf"(?<![\w.%+-])([a-z0-9._%+-]{{1,64}}(?:{_DOT}[a-z0-9_%+-]{{1,64}}){{0,3}}){_AT}([a-z0-9-]{{1,63}}){_DOT}({_TLD}(?:{_DOT}{_TLD})?)\b",
    re.IGNORECASE,
)
REDACTED_EMAIL = "[e-mail]"
REDACTED_PHONE = "[phone]"


def _is_phone(candidate: str) -> bool:
    return 7 <= len(re.sub(r"\D", "", candidate)) <= 15 and not DATE.fullmatch(candidate.strip())


# "my email is jo@x.com actually no use 555 222 3333", "555 111 2222 sorry i
# mean 555 111 3333": the contact before is taken back (stop 47: both were kept).
_TAKES_BACK = re.compile(
    r"\b(?:actually|no wait|wait no|sorry|oops|scratch that|scrap that|i mean|i meant|not that|rather|correction)\b"
    r"(?:\W+(?:no|nah|nope|not that(?: one)?|wrong|wrong one|typo|my bad|use|its|it's|it is|that'?s wrong|i mean|i meant|instead))*",
    re.IGNORECASE)


def find_contact(text: str) -> Optional[str]:
    """An e-mail address or a phone number of 7 to 15 digits in `text`; both,
    when both are given ("my cell is 555-310-2290 and email is dana@x.com,
    text is better": the team picks); the one after a correction alone
    ("jo@x.com actually no use 555 222 3333")."""
    for cue in reversed(list(_TAKES_BACK.finditer(text or ""))):
        before, after = _find_contact(text[:cue.start()]), _find_contact(text[cue.end():])
        if before and after:
            return after
    return _find_contact(text)


def _find_contact(text: str) -> Optional[str]:
    found = []
    email = EMAIL.search(text) if "@" in (text or "") else None
    if email:
        found.append(email.group(0))
    for match in PHONE.finditer(EMAIL.sub(" ", text or "")):
        if _is_phone(match.group(0)):
            found.append(("+" if match.group(0).startswith("+") else "") + re.sub(r"\D", "", match.group(0)))
            break
    if not email:
        spoken = SPOKEN_EMAIL.search(text or "")
        found += [_spoken_address(spoken)] if spoken else []
    return " or ".join(found) or None


# Part of a phone number: 3 to 6 digits, in groups ("07700", "555 010", "+44 77",
# "(555) 010", "555-010"); "- 8891" and "-8891" continue a number sent before.
_NUMBER_PART = re.compile(r"(?<![\d.:/])\+?\(?\d[\d ()-]{1,10}\d\)?(?![\d.:/-])")


def number_part(text: str) -> Optional[str]:
    """The one part of a phone number in `text`, too short to be one, or None
    ("07700" sent before the rest; never "3 days" nor "5pm" nor a date)."""
    parts = [m.group(0) for m in _NUMBER_PART.finditer(text or "") if 3 <= len(re.sub(r"\D", "", m.group(0))) <= 6]
    rest = _NUMBER_PART.sub(" ", text or "").lower()
    if len(parts) != 1 or re.search(r"\b(?:days?|weeks?|months?|years?|am|pm|mins?|minutes?|hours?|mm)\b|[$£€%]", rest):
        return None
    year = _A_YEAR.search(text or "")
    return None if year and year.group("year") == parts[0].strip() else parts[0]


# "finished in march 2025", "since 2019": a year, not the start of a phone number (stop 44).
_MONTH = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
_A_YEAR = re.compile(rf"(?i)\b(?:{_MONTH}|in|since|from|until|till|of|year|summer|winter|spring|autumn|fall)\s+(?P<year>(?:19|20)\d\d)\b")


def _spoken_address(match: re.Match) -> str:
    """"jane at gmail dot co dot uk" as jane@gmail.co.uk, "jane dot doe at gmail dot com" as jane.doe@gmail.com."""
    user, domain, ending = match.groups()
    labels = re.findall(_TLD, ending.lower())
    return f"{re.sub(_DOT, '.', user)}@{domain}.{'.'.join(labels)}".lower()


def redact(text: str) -> str:
    """`text` with every e-mail address and phone number replaced by a marker."""
    text = EMAIL.sub(REDACTED_EMAIL, text) if "@" in (text or "") else (text or "")
    text = SPOKEN_EMAIL.sub(REDACTED_EMAIL, text)
    return PHONE.sub(lambda match: REDACTED_PHONE if _is_phone(match.group(0)) else match.group(0), text)


# --- Pseudonyms ----------------------------------------------------------------
# A conversation id can be a phone number ("twilio:whatsapp:+1555..."), a
# Telegram chat id or a Messenger id. Where an id must be recognisable but not
# readable (redacted exports, the audit log after retention, logs) it becomes
# a keyed hash: the same id gives the same pseudonym in every export of one
# deployment, and without the key nobody can test a phone number against it.
_PSEUDONYM_LABEL = b"clinic assistant: conversation pseudonyms"


@lru_cache(maxsize=8)
def _pseudonym_key(secret: Optional[str]) -> bytes:
    if not secret:
        return secrets.token_bytes(32)  # stable within this process only
    return hmac.new(secret.encode(), _PSEUDONYM_LABEL, hashlib.sha256).digest()


def pseudonym_key(environ=None) -> bytes:
    """PSEUDONYM_KEY, else derived from RASA_API_TOKEN (shared by every server of a deployment)."""
    environ = os.environ if environ is None else environ
    return _pseudonym_key(environ.get("PSEUDONYM_KEY") or environ.get("RASA_API_TOKEN") or None)


_LETTERS_FOR_HEX = str.maketrans("0123456789abcdef", "abcdefghijklmnop")


def pseudonym(conversation_id: str, key: Optional[bytes] = None) -> str:
    """'conv-' and 64 bits of HMAC-SHA256(key, conversation_id) as 16 letters
    a-p (letters only, so no redaction takes a pseudonym for a phone number)."""
    digest = hmac.new(key or pseudonym_key(), (conversation_id or "").encode("utf-8", "surrogatepass"), hashlib.sha256)
    return "conv-" + digest.hexdigest()[:16].translate(_LETTERS_FOR_HEX)


# --- Logs ------------------------------------------------------------------------
# Messaging conversation ids (channels/namespace.py), then any phone number or
# e-mail address left.
_CHANNEL_ID = re.compile(r"\b(?:telegram|twilio|facebook):(?:whatsapp:)?\+?[\w.-]{1,64}")


def redact_for_log(text: str) -> str:
    text = _CHANNEL_ID.sub(lambda match: pseudonym(match.group()), text)
    return redact(text)


_installed = False


def install_log_redaction() -> None:
    """Every log record of this process is written without phone numbers,
    e-mail addresses or messaging ids (pseudonyms instead). Installed when
    this module is imported: by the action server (which imports every module
    of `actions`), the Rasa server's channels and the console."""
    global _installed
    if _installed:
        return
    _installed = True
    make_record = logging.getLogRecordFactory()

    def redacting_record(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
            record.msg, record.args = redact_for_log(message), None
            if record.exc_info and not record.exc_text:
                record.exc_text = redact_for_log(logging.Formatter().formatException(record.exc_info))
        except Exception:  # noqa: BLE001 - a record that cannot be formatted is left to the handler
            pass
        return record

    logging.setLogRecordFactory(redacting_record)


install_log_redaction()


# --- Notifications ------------------------------------------------------------
def notification_body(event: Dict[str, object], console_url: Optional[str] = None) -> Dict[str, object]:
    """What the clinic's webhook and e-mail may carry about a ticket: the
    event, clinic, ticket, reason, urgency, channel and time, and a link to
    the ticket in the staff console (CONSOLE_PUBLIC_URL). Never the screening
    answers, the conversation id (a phone number on SMS and WhatsApp) or any
    contact detail: staff read those in the console after signing in."""
    allowed = ("event", "clinic", "ticket", "reason", "urgent", "channel", "created_at")
    body = {key: event[key] for key in allowed if key in event}
    base = (console_url if console_url is not None else os.environ.get("CONSOLE_PUBLIC_URL", "")).rstrip("/")
    if base and event.get("ticket"):
        body["console_url"] = f"{base}/queue?{urlencode({'ticket': event['ticket']})}"
    return body


# --- Helpers for callers that must not keep contact details ---------------------
def has_contact_details(text: str) -> bool:
    """Whether `redact` would blank anything out of `text` (an e-mail address,
    spoken or written, or a phone number)."""
    return redact(text or "") != (text or "")


def redact_keeping(text: str, public_numbers) -> str:
    """`redact`, except that the phone numbers in `public_numbers` (the
    clinic's own, published lines) stay readable: compared by their digits,
    so "(555) 010-4477" and "555 010 4477" are the same number."""
    keep = {re.sub(r"\D", "", number) for number in public_numbers or () if re.sub(r"\D", "", number or "")}
    if not keep:
        return redact(text)
    text = EMAIL.sub(REDACTED_EMAIL, text) if "@" in (text or "") else (text or "")
    text = SPOKEN_EMAIL.sub(REDACTED_EMAIL, text)

    def blank(match: re.Match) -> str:
        number = match.group(0)
        if not _is_phone(number) or re.sub(r"\D", "", number) in keep:
            return number
        return REDACTED_PHONE

    return PHONE.sub(blank, text)
