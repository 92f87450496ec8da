"""Shared fixtures: the real running stack and a local webhook receiver.

The stack is the one `make run` starts (scripts/stack.py), on test ports with
its own SQLite database, so tests never touch a developer's data.
"""
from __future__ import annotations

import json
import socket
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, List

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from stack import Stack, settings  # noqa: E402

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


def free_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


@pytest.fixture(scope="session")
def webhook() -> Receiver:
    receiver = Receiver()
    yield receiver
    receiver.close()


@pytest.fixture(scope="session")
def stack(tmp_path_factory, webhook) -> Stack:
    if not MODEL.exists():
        pytest.fail("models/current.tar.gz is missing: run the tests through `make test`")
    workdir = tmp_path_factory.mktemp("stack")
    config = settings(workdir / ".env")
    config.update(
        # Free ports, so that a test run never talks to another run's servers.
        RASA_PORT=free_port(),
        ACTION_PORT=free_port(),
        WEB_PORT=free_port(),
        CLINIC_SQLITE_PATH=str(workdir / "clinic.db"),
        CLINIC_DB_URL=f"sqlite:///{workdir / 'clinic.db'}",
        HANDOFF_WEBHOOK_URL=webhook.url,
        ACTION_TIMEOUT_SECONDS="3",
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
    yield running
    running.stop_all()


class Visitor:
    """One conversation over the REST channel."""

    def __init__(self, stack: Stack, sender: str = "") -> None:
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


@pytest.fixture
def visitor(stack) -> Visitor:
    return Visitor(stack)
