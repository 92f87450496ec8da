"""The action server down or frozen: the visitor still gets a useful reply
within seconds, from a static response (docs/design.md §4.5)."""
from __future__ import annotations

import os
import signal
import time

import yaml

from testkit.helpers import ROOT, Visitor, texts

PHONE = yaml.safe_load((ROOT / "clinic.yml").read_text(encoding="utf-8"))["clinic"]["phone"]


def test_action_server_down(stack):
    stack.stop("actions")
    try:
        visitor = Visitor(stack)
        started = time.monotonic()
        replies = visitor.say("I'd like to talk to a person")
        assert time.monotonic() - started < 5
        assert "something went wrong" in texts(replies) and PHONE in texts(replies)
        # An emergency still gets the emergency message, not the generic one.
        assert "call 911 now" in texts(visitor.say("my throat is closing up"))
        # Responses that need no action keep working.
        assert "numbing" in texts(visitor.say("does it hurt"))
    finally:
        stack.start_actions()
    assert "team" in texts(Visitor(stack).say("I'd like to talk to a person"))


def test_action_server_frozen(stack):
    process = stack.processes["actions"]
    os.kill(process.pid, signal.SIGSTOP)
    try:
        timeout = float(stack.config["ACTION_TIMEOUT_SECONDS"])
        started = time.monotonic()
        replies = Visitor(stack).say("can I speak to a nurse")
        assert time.monotonic() - started < timeout + 3
        assert PHONE in texts(replies)
    finally:
        os.kill(process.pid, signal.SIGCONT)
