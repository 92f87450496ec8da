"""The widget's clinic settings (GET /webhooks/socketio/settings,
channels/widget_settings.py) from the real Rasa server of the test stack:
clinic.yml's public facts, nothing else, readable only by the widget's origins."""
from __future__ import annotations

from pathlib import Path

import requests
import yaml

CLINIC_FILE = yaml.safe_load((Path(__file__).resolve().parents[2] / "clinic.yml").read_text(encoding="utf-8"))


def _settings(stack, origin: str) -> requests.Response:
    return requests.get(stack.url("rasa") + "/webhooks/socketio/settings", headers={"Origin": origin}, timeout=10)


def _widget_origin(stack) -> str:
    return stack.url("web")  # in WIDGET_ORIGINS by default, like `make run`'s demo page


def test_the_widget_gets_the_clinic_facts_it_shows(stack):
    origin = _widget_origin(stack)
    answer = _settings(stack, origin)
    assert answer.status_code == 200, answer.text
    clinic = CLINIC_FILE["clinic"]
    assert answer.json() == {
        "title": clinic["name"],
        "phone": clinic["phone"],
        "emergencyNumber": str(clinic["emergency_number"]),
        # The numbers of the crisis, abuse and on-call lines, linked in the assistant's messages (stop 45).
        "callNumbers": "988|1-800-799-7233|(555) 010-4499",
        "privacyNotice": " ".join(CLINIC_FILE["privacy_notice"].split()),
    }
    # Exactly once: requests joins repeated headers with ", " (Rasa's --cors adds none here).
    assert answer.headers["Access-Control-Allow-Origin"] == origin
    assert answer.headers["Vary"] == "Origin"
    assert answer.headers["Cache-Control"] == "public, max-age=300"


def test_no_secret_leaves_the_server(stack):
    body = _settings(stack, _widget_origin(stack)).text
    secrets = [stack.config["RASA_API_TOKEN"], stack.config["ACTION_SERVER_TOKEN"], CLINIC_FILE["handoff"]["notify_email"]]
    assert all(secrets) and [secret for secret in secrets if secret in body] == []


def test_a_foreign_origin_may_not_read_them(stack):
    refused = _settings(stack, "https://evil.example")
    assert refused.status_code == 403
    assert "Access-Control-Allow-Origin" not in refused.headers
    assert CLINIC_FILE["clinic"]["phone"] not in refused.text
    # The socket refuses the same origin (tests/browser/test_widget.py).
    handshake = requests.get(
        stack.url("rasa") + "/socket.io/?EIO=4&transport=polling", headers={"Origin": "https://evil.example"}, timeout=10
    )
    assert handshake.status_code == 400


def test_whether_a_widget_is_connected_is_told_only_with_the_api_token(stack):
    """The console's question after a staff reply (stop 45): nobody without Rasa's token may ask."""
    url = stack.url("rasa") + "/webhooks/socketio/presence"
    assert requests.get(url, params={"session_id": "x"}, timeout=10).status_code == 403
    assert requests.get(url, params={"session_id": "x", "token": "wrong"}, timeout=10).status_code == 403
    answer = requests.get(url, params={"session_id": "x", "token": stack.config["RASA_API_TOKEN"]}, timeout=10)
    assert answer.status_code == 200 and answer.json() == {"connected": False}
