"""Clinic notifications: a real local HTTP receiver and a real SMTP server."""
from __future__ import annotations

import asyncio
import datetime as dt
import email
import logging
import socket

import pytest
from aiosmtpd.controller import Controller

from clinic_assistant import clinic_config
from clinic_assistant import notify as notify_module
from clinic_assistant.notify import notify
from clinic_assistant.safety.notify_budget import NotificationBudget
from clinic_assistant.tickets import Ticket
from testkit.helpers import Receiver


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(autouse=True)
def fresh_budget(monkeypatch):
    """Each test starts with the whole hour's notification budget (the module's
    budget is per process, and other tests may have spent some of it)."""
    monkeypatch.setattr(notify_module, "_budget", NotificationBudget())


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def make_ticket(urgent=False):
    return Ticket(
        id="T-ABCDE12345", conversation_id="visitor-9", channel="rest",
        reason="urgent_symptom" if urgent else "visitor_request", urgent=urgent, status="open",
        flags={}, contact=None, created_at=dt.datetime(2026, 1, 5, 10, tzinfo=dt.timezone.utc),
    )


def test_webhook_and_email_are_sent(monkeypatch, smtp):
    controller, inbox = smtp
    receiver = Receiver()
    monkeypatch.setenv("HANDOFF_WEBHOOK_URL", receiver.url)
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(controller.port))
    monkeypatch.setenv("HANDOFF_EMAIL_TO", "desk@clinic.example")
    try:
        asyncio.run(notify(make_ticket(urgent=True), clinic_config.current()))
        body = receiver.wait_for(lambda b: b["ticket"] == "T-ABCDE12345")
    finally:
        receiver.close()
    assert body["urgent"] is True and body["reason"] == "urgent_symptom" and body["event"] == "handoff.created"
    [(recipients, message)] = inbox.messages
    assert recipients == ["desk@clinic.example"]
    assert message["Subject"].startswith("URGENT Chat handoff T-ABCDE12345")


def test_unreachable_receivers_are_logged_not_raised(monkeypatch, caplog):
    # Nothing listens on these ports: both deliveries are tried and both fail.
    monkeypatch.setenv("HANDOFF_WEBHOOK_URL", f"http://127.0.0.1:{free_port()}/nothing-listens-here")
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(free_port()))
    monkeypatch.setenv("HANDOFF_EMAIL_TO", "desk@clinic.example")
    caplog.set_level(logging.WARNING, logger=notify_module.logger.name)
    # notify() awaits both deliveries, so once it returns (without raising)
    # each has either been made or logged as failed.
    asyncio.run(notify(make_ticket(), clinic_config.current()))
    warnings = [record.getMessage() for record in caplog.records if record.name == notify_module.logger.name]
    assert any(message.startswith("Handoff webhook failed") for message in warnings), warnings
    assert any(message.startswith("Handoff e-mail failed") for message in warnings), warnings
