"""Two people booking together: "me and my sister both want it", "can we
both come", and the second person's turn afterwards ("can i book my sister
in too", "now my sister").

Stop 46: the checklist asks about one person, but "me and my sister both want
it" under it got "outside what I can help with", and at the start the list
asked about "you" with nothing said of the sister; a "none" then read as
nobody's problem. The assistant now says plainly that the list is for one
person and how the other gets theirs. Once the visitor's own check is clear,
"can i book my sister in too" had got the booking link with no check of her
at all (or, with "now", the answer for a slot today): it starts hers.
"""
from __future__ import annotations

import re

_RELATIVE = (r"(?:mum|mom|mother|dad|father|daughter|son|sister|sis|brother|bro|wife|husband|hubby|partner|friend|bestie|bff|bf|gf"
             r"|girlfriend|boyfriend|fianc[eé]e?|gran|granny|grandma|nan|nana|aunt|auntie|uncle|cousin|niece|nephew|colleague|mate)")
_SOMEONE = rf"(?:my|our)\s+(?:\w+\s+)?{_RELATIVE}s?"
# "me and my sister", "my mum and i", "both of us", "the two of us", "we both want it".
_BOTH = re.compile(
    rf"\b(?:me|myself|i)\s+(?:and|n|&|\+|plus|with)\s+{_SOMEONE}\b|\b{_SOMEONE}\s+(?:and|n|&|\+)\s+(?:me|i|myself)\b"
    r"|\bboth of us\b|\b(?:the )?two of us\b|\bus both\b|\bwe (?:both|would both|'?d both|wanna both|want to both)\b"
    r"|\bboth (?:want|wanna|need|like|would like|getting|get|come|book)\b|\bfor (?:2|two) (?:people|ppl|persons|of us)\b"
    r"|\b(?:2|two) (?:appointments|appts|bookings|slots)\b|\bbook (?:us|the two of us) (?:both|in)\b",
    re.IGNORECASE,
)
# After the visitor's own check: "can i book my sister in too", "now my sister",
# "and my mum?", "what about my sister", "i want to book my friend as well".
_ANOTHER = re.compile(
    rf"\bbook(?:ing)?\s+(?:in\s+)?{_SOMEONE}\b|\b{_SOMEONE}\s+(?:too|as well|also|now)\b"
    rf"|^\W*(?:(?:ok|okay|great|thanks|thx|cool|and|now|so|what about|how about)\W+)+(?:for\s+)?{_SOMEONE}\W*$"
    rf"|\b(?:now|next)\s+(?:for\s+)?{_SOMEONE}\b|\b(?:check|do|same)\s+(?:it\s+)?for\s+{_SOMEONE}\b",
    re.IGNORECASE,
)


def both_booking(text: str) -> bool:
    """The visitor and someone else, together."""
    return bool(_BOTH.search(text or ""))


def another_person(text: str) -> bool:
    """Someone else's turn now, not the visitor and them together."""
    return bool(_ANOTHER.search(text or "")) and not both_booking(text)
