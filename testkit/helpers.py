"""What the integration tests share: the REST visitor, reply helpers, a local
webhook receiver and free ports. Fixtures are in conftest.py."""
from __future__ import annotations

import json
import re
import socket
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, List

import requests

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "current.tar.gz"


class Receiver:
    """A real HTTP server on localhost that records JSON POSTs."""

    def __init__(self) -> None:
        received: List[Dict] = []
        self.received = received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server API
                length = int(self.headers.get("Content-Length", 0))
                received.append(json.loads(self.rfile.read(length) or b"{}"))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, predicate, timeout: float = 10.0) -> Dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for body in list(self.received):
                if predicate(body):
                    return body
            time.sleep(0.1)
        raise AssertionError(f"no matching webhook call; got {self.received}")

    def close(self) -> None:
        self.server.shutdown()


def free_port() -> int:
    """A port nothing listens on, so that a test run never talks to another run's servers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Visitor:
    """One conversation over the REST channel."""

    def __init__(self, stack, sender: str = "") -> None:
        self.url = stack.url("rasa") + "/webhooks/rest/webhook"
        self.sender = sender or f"test-{uuid.uuid4()}"

    def say(self, text, timeout: float = 30) -> List[Dict]:
        response = requests.post(self.url, json={"sender": self.sender, "message": text}, timeout=timeout)
        assert response.status_code == 200, response.text
        return response.json()


def texts(replies: List[Dict]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


def handoffs(replies: List[Dict]) -> List[Dict]:
    return [reply["custom"]["handoff"] for reply in replies if "handoff" in (reply.get("custom") or {})]


class StaffSession:
    """A staff member signed in to a running console over HTTP, like a browser
    without scripts: cookies kept, each form posted with the page's CSRF token."""

    CSRF = re.compile(r'name="csrf" value="([^"]+)"')

    def __init__(self, console_url: str, email: str, password: str) -> None:
        self.url = console_url
        self.http = requests.Session()
        self.get("/login")
        self.post("/login", {"email": email, "password": password})
        assert "Sign out" in self.get("/conversations").text, "could not sign in"

    def get(self, path: str) -> requests.Response:
        response = self.http.get(self.url + path, timeout=30)
        match = self.CSRF.search(response.text)
        self.csrf = match.group(1) if match else getattr(self, "csrf", "")
        return response

    def post(self, path: str, data: Dict) -> requests.Response:
        response = self.http.post(self.url + path, data={"csrf": self.csrf, **data}, timeout=60)
        assert response.status_code == 200, (response.status_code, response.text[:500])
        return response


def start_test_stack(workdir: Path, webhook: Receiver, **overrides: str):
    """Action and Rasa servers on free ports with their own SQLite database,
    so that a test run never touches a developer's data or another run."""
    import pytest

    from clinic_assistant.stack import Stack, settings

    if not MODEL.exists():
        pytest.fail("models/current.tar.gz is missing: run the tests through `make test`")
    config = settings(workdir / ".env")
    config.update(
        RASA_PORT=str(free_port()),
        ACTION_PORT=str(free_port()),
        WEB_PORT=str(free_port()),
        CONSOLE_PORT=str(free_port()),
        CLINIC_SQLITE_PATH=str(workdir / "clinic.db"),
        CLINIC_DB_URL=f"sqlite:///{workdir / 'clinic.db'}",
        HANDOFF_WEBHOOK_URL=webhook.url,
        ACTION_TIMEOUT_SECONDS="3",
        # Tests set the clock per message (metadata test_clock; clinic_assistant/clock.py).
        CLINIC_TEST_CLOCK="1",
        # Every handoff of the whole run reaches the webhook receiver; the
        # flood budget itself is tested on its own (tests/hardening).
        HANDOFF_NOTIFY_PER_HOUR="100000",
        HANDOFF_URGENT_NOTIFY_PER_HOUR="100000",
        **{
            # One Rasa worker unless a test asks for more (tests/test_rasa_workers.py):
            # the socket.io tests speak long-polling, and the rate limit is per worker.
            "RASA_WORKERS": "1",
            **overrides,
        },
    )
    running = Stack(config, MODEL, workdir / "logs")
    try:
        running.start_actions()
        running.start_rasa()
    except Exception:
        running.stop_all()
        for log in (workdir / "logs").glob("*.log"):
            print(f"--- {log.name}\n{log.read_text(errors='replace')[-4000:]}")
        raise
    return running
