""""who sees this chat?", "can you delete my info", "do you share my data":
questions about what happens to what the visitor wrote.

They had got "outside what I can help with", the clinic's address, "Okay,
stopped." (as if something was deleted) or, for "who can see what i told you
about my meds", a note of "meds" for a clinician. They get the clinic's own
privacy notice (clinic.yml `privacy_notice`, as the web widget shows it),
that the team reads the chat, and that a deletion is the team's to do: this
chat deletes nothing itself.
"""
from __future__ import annotations

import re

_DATA = r"(?:info(?:rmation)?|data|details|number|email|e-mail|messages?|chat|conversation|history|records?|everything)"
_PRIVACY = re.compile(
    rf"\b(?:delete|remove|erase|wipe|forget)\s+(?:all\s+)?(?:my|this|the|our)\s+(?:\w+\s+)?{_DATA}\b"
    rf"|\b(?:delete|erase|wipe)\s+(?:it|that|everything)\s*(?:pls|please)?\W*$"
    rf"|\bwho\s+(?:can\s+|will\s+|gets\s+to\s+)?(?:sees?|reads?|has\s+access\s+to)\s+(?:this|my|these|what)\b"
    rf"|\bis\s+(?:this|the|my)\s+(?:chat|conversation|message|info\w*|data|details)\s+(?:being\s+)?(?:stored|saved|kept|recorded|private|confidential|secure|safe)\b"
    rf"|\b(?:do|will|would)\s+(?:you|u|y'?all)\s+(?:share|sell|store|keep|save|pass on)\s+(?:my|this)\s+(?:\w+\s+)?{_DATA}\b"
    rf"|\b(?:erase|delete|wipe|forget)\s+(?:everything|all|what)\s+(?:i|i'?ve)\s+(?:told|said|wrote|typed|sent)\b"
    rf"|\b(?:want|need|like)\s+(?:my|this|the)\s+(?:\w+\s+)?{_DATA}\s+(?:deleted|removed|erased|wiped)\b"
    rf"|\b(?:do|will|does)\s+(?:you|u|the clinic)\s+(?:store|save|keep|record|log)\s+(?:what|everything|this|my)\b"
    rf"|\bis\s+(?:my\s+)?(?:data|info\w*|details)\s+(?:being\s+)?(?:shared|sold|stored|kept|safe)\b"
    rf"|\bwhat\s+(?:do|will)\s+(?:you|u)\s+do\s+with\s+my\s+{_DATA}\b"
    rf"|\bis\s+(?:this|it|the chat)\s+being\s+(?:recorded|stored|saved|monitored|read)\b"
    rf"|\b(?:does|do|can|will)\s+(?:the\s+)?(?:clinic|staff|team|anyone|someone|people)\s+(?:see|read)\s+(?:this|my|these|what)\b"
    rf"|\b(?:privacy|gdpr|hipaa|data protection)\b",
    re.IGNORECASE,
)


def asks_about_privacy(text: str) -> bool:
    return bool(_PRIVACY.search(text or ""))
