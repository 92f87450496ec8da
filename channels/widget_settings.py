"""The website widget's clinic settings, served by the socket.io channel at
``GET /webhooks/socketio/settings`` (channels/socketio.py), so that the embed
needs only ``data-server`` and clinic.yml stays the one place for the
clinic's name and numbers (docs/widget.md).

Only what the widget shows leaves the server: the keys are its data-*
attributes (as ``dataset`` names them), which a page may still set to
override one. Browsers may read the answer only from the origins that may
open the socket (``WIDGET_ORIGINS``, the same list engine.io checks).
"""
from __future__ import annotations

import re
from typing import Dict, List, Union

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from clinic_assistant import clinic_config

# The widget reads them at every page load; a change of clinic.yml (which
# needs a restart anyway) reaches visitors within five minutes.
CACHE_CONTROL = "public, max-age=300"


# The lines the assistant gives in words ("call or text 988 (the Suicide &
# Crisis Lifeline)", "call our on-call nurse line, (555) 010-4499, ..."): the
# numbers in them become tap-to-call links in the widget (`callNumbers`).
CALL_LINES = ("crisis_line", "abuse_line", "out_of_hours")
_NUMBER = re.compile(r"(?<![\w+$£€.,])\+?\(?\d[\d().\- ]*\d(?![\w%])")
# A number one texts to ("text START to 88788") is no number to call.
_TEXT_TO = re.compile(r"\btext\s+\S+\s+to\s*$", re.IGNORECASE)
MAX_CALL_NUMBERS = 8


def call_numbers(config: clinic_config.ClinicConfig) -> List[str]:
    """The phone numbers, as written, in the clinic's crisis, abuse and
    out-of-hours lines: 3 to 15 digits, not a number to text a word to."""
    found: List[str] = []
    for key in CALL_LINES:
        line = str(config.clinic.get(key) or "")
        for match in _NUMBER.finditer(line):
            number = match.group(0).strip()
            digits = re.sub(r"\D", "", number)
            if not 3 <= len(digits) <= 15 or _TEXT_TO.search(line[: match.start()]):
                continue
            if number not in found:
                found.append(number)
    return found[:MAX_CALL_NUMBERS]


def widget_settings(config: clinic_config.ClinicConfig) -> Dict[str, str]:
    clinic = config.clinic
    return {
        "title": str(clinic["name"]),
        "phone": str(clinic["phone"]),
        "emergencyNumber": str(clinic["emergency_number"]),
        "callNumbers": "|".join(call_numbers(config)),
        "privacyNotice": " ".join(str(config.raw.get("privacy_notice") or "").split()),
    }


def settings_response(request: Request, origins: Union[str, List[str]]) -> HTTPResponse:
    # Decided here, like engine.io on the socket route: Sanic-CORS (Rasa's
    # --cors) would add its own headers for its own list.
    setattr(request.ctx, "_sanic_cors_e", "1")  # sanic_cors.core.SANIC_CORS_EVALUATED
    origin = request.headers.get("origin")
    headers = {"Vary": "Origin"}
    if origin and origins != "*" and origin not in origins:
        return response.json({"error": "origin not allowed"}, status=403, headers=headers)
    if origin:
        headers["Access-Control-Allow-Origin"] = origin
    headers["Cache-Control"] = CACHE_CONTROL
    return response.json(widget_settings(clinic_config.current()), headers=headers)
