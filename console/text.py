"""Visitor text as it can be stored and shown.

Rasa keeps what arrived, including lone UTF-16 surrogates (half an emoji from
a broken client); they cannot be encoded as UTF-8, so an index row or a page
holding one would fail. Each becomes U+FFFD here.
"""
from __future__ import annotations

import re

LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def displayable(text: str) -> str:
    return LONE_SURROGATE.sub("\ufffd", text) if text else ""
