"""How the assistant's messages look on text-only channels (Telegram, SMS,
WhatsApp, Messenger), and how a typed reply is read back as a button.

Pure functions, shared by every text channel (channels/text_output.py sends
what they produce; the input channels call `chosen_payload`).
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any, List, Mapping, Optional, Sequence

HANDOFF_WORDS = "A member of the clinic team will take over this conversation here (reference {ticket})."
URGENT_HANDOFF_WORDS = (
    "The clinic team has been alerted and will treat this as urgent (reference {ticket}). "
    "If you need help now, don't wait for a reply here."
)

# Where a long message may be cut, best first: between paragraphs, between
# lines, after a sentence, between words.
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"(?<=[.!?…])\s+"), re.compile(r"\s+"))
_OPTION_NUMBER = re.compile(r"^\s*#?\s*(\d{1,2})\s*[.)]?\s*$")


def numbered_options(text: str, buttons: Sequence[Mapping[str, Any]]) -> str:
    """The message text followed by its buttons as "1. Title" lines."""
    options = "\n".join(f"{number}. {button.get('title', '')}" for number, button in enumerate(buttons, 1))
    return f"{text}\n\n{options}" if text else options


def _comparable(text: str) -> str:
    """Case, accents' compatibility forms, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def chosen_payload(reply: str, buttons: Sequence[Mapping[str, Any]]) -> Optional[str]:
    """The payload of the button a typed reply picks ("2", "2.", or the
    option's own words), or None when the reply is something else."""
    number = _OPTION_NUMBER.match(reply)
    if number:
        index = int(number.group(1)) - 1
        return buttons[index].get("payload") if 0 <= index < len(buttons) else None
    wanted = _comparable(reply)
    for button in buttons:
        if wanted and wanted == _comparable(str(button.get("title", ""))):
            return button.get("payload")
    return None


def handoff_words(custom: Any) -> Optional[str]:
    """docs/design.md §3's handoff payload in plain words; None for anything else."""
    handoff = custom.get("handoff") if isinstance(custom, dict) else None
    if not isinstance(handoff, dict):
        return None
    template = URGENT_HANDOFF_WORDS if handoff.get("urgent") else HANDOFF_WORDS
    return template.format(ticket=handoff.get("ticket") or "pending")


def staff_signed(text: str, message: Mapping[str, Any]) -> str:
    """A staff reply (bot event with metadata {"staff": name}) names its author,
    so the visitor knows a person is writing."""
    staff = message.get("staff")
    return f"{staff} (clinic team): {text}" if isinstance(staff, str) and staff.strip() else text


def split_message(text: str, limit: int) -> List[str]:
    """Parts of at most `limit` characters, cut at the best boundary available."""
    text = text.strip()
    parts: List[str] = []
    while len(text) > limit:
        cut = _cut_position(text, limit)
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        parts.append(text)
    return parts


def _cut_position(text: str, limit: int) -> int:
    """The end of the longest head of `text` within `limit` that ends at a break."""
    window = text[: limit + 1]  # a break right after the limit still counts
    for pattern in _BREAKS:
        ends = [match.start() for match in pattern.finditer(window) if 0 < match.start() <= limit]
        if ends and ends[-1] >= limit // 4:  # never leave a tiny first part
            return ends[-1]
    return limit

