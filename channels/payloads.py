"""Reading a webhook's JSON body without letting a bad one become a 500."""
from __future__ import annotations

import json
from typing import Any, Tuple


def read_json(body: bytes) -> Tuple[bool, Any]:
    """(True, value), or (False, None) for a body that is not JSON in UTF-8:
    invalid bytes, invalid syntax, or nesting deeper than Python's parser
    goes (`[[[[...` raises RecursionError, not ValueError)."""
    try:
        return True, json.loads(body or b"")
    except (ValueError, UnicodeDecodeError, RecursionError):
        return False, None
