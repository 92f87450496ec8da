"""Tell the clinic about a new or escalated handoff ticket.

A JSON POST to the configured webhook and, when SMTP_HOST is set, an e-mail.
Both run in the background with short time limits, so a slow receiver never
delays the visitor's reply; failures are logged, never raised. They carry no
screening answers, conversation id or contact detail (clinic_assistant/pii.py
notification_body): a link to the ticket in the console instead. A flood of
new tickets is summarised rather than notified one by one
(clinic_assistant/safety/notify_budget.py); urgent ones have their own, larger budget.
"""
from __future__ import annotations

import asyncio
import logging
import os
import smtplib
from email.message import EmailMessage
from typing import Dict, Optional, Set

import aiohttp

from clinic_assistant.clinic_config import ClinicConfig
from clinic_assistant.pii import notification_body
from clinic_assistant.safety.notify_budget import NotificationBudget
from clinic_assistant.tickets import Ticket

logger = logging.getLogger(__name__)
WEBHOOK_TIMEOUT_SECONDS = 5
SMTP_TIMEOUT_SECONDS = 10

# Keeps background tasks referenced until they finish.
_pending: Set[asyncio.Task] = set()
_budget = NotificationBudget.from_env()


def ticket_event(ticket: Ticket, clinic: ClinicConfig, event: str) -> Dict[str, object]:
    return {
        "event": event,
        "clinic": clinic.clinic["name"],
        "ticket": ticket.id,
        "reason": ticket.reason,
        "urgent": ticket.urgent,
        "conversation_id": ticket.conversation_id,
        "channel": ticket.channel,
        "flags": ticket.flags,
        "created_at": ticket.created_at.isoformat(),
    }


def webhook_url(clinic: ClinicConfig) -> Optional[str]:
    return os.environ.get("HANDOFF_WEBHOOK_URL") or clinic.handoff.get("webhook_url") or None


async def post_webhook(url: str, body: Dict[str, object]) -> None:
    timeout = aiohttp.ClientTimeout(total=WEBHOOK_TIMEOUT_SECONDS)
    try:
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.post(url, json=body) as response:
                if response.status >= 300:
                    logger.warning("Handoff webhook answered %s", response.status)
    except (aiohttp.ClientError, asyncio.TimeoutError) as error:
        logger.warning("Handoff webhook failed: %r", error)


def send_email(body: Dict[str, object], recipient: str) -> None:
    message = EmailMessage()
    urgency = "URGENT " if body["urgent"] else ""
    message["Subject"] = f"{urgency}Chat handoff {body['ticket']} ({body['reason']})"
    message["From"] = os.environ.get("SMTP_FROM", recipient)
    message["To"] = recipient
    # No message text: the console shows the conversation to signed-in staff.
    message.set_content(
        f"A chat needs a person.\n\nTicket: {body['ticket']}\nReason: {body['reason']}\n"
        f"Urgent: {'yes' if body['urgent'] else 'no'}\nChannel: {body['channel']}\n"
        + (f"More tickets not notified since the last e-mail: {body['held_back']}\n" if body.get("held_back") else "")
        + f"\nOpen the staff console to reply: {body.get('console_url') or 'the handoff queue'}"
    )
    host, port = os.environ["SMTP_HOST"], int(os.environ.get("SMTP_PORT", "25"))
    with smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
        if os.environ.get("SMTP_STARTTLS") == "1":
            smtp.starttls()
        if os.environ.get("SMTP_USER"):
            smtp.login(os.environ["SMTP_USER"], os.environ.get("SMTP_PASSWORD", ""))
        smtp.send_message(message)


async def _email_in_thread(body: Dict[str, object], recipient: str) -> None:
    try:
        await asyncio.to_thread(send_email, body, recipient)
    except (OSError, smtplib.SMTPException) as error:
        logger.warning("Handoff e-mail failed: %r", error)


async def notify(ticket: Ticket, clinic: ClinicConfig, event: str = "handoff.created") -> None:
    decision = _budget.admit(ticket.urgent)
    if not decision.send:
        return  # counted, and reported with the next notification that goes out
    body = notification_body(ticket_event(ticket, clinic, event))
    if decision.held_back:
        body["held_back"] = decision.held_back
    jobs = []
    url = webhook_url(clinic)
    if url:
        jobs.append(post_webhook(url, body))
    recipient = os.environ.get("HANDOFF_EMAIL_TO") or clinic.handoff.get("notify_email")
    if os.environ.get("SMTP_HOST") and recipient:
        jobs.append(_email_in_thread(body, recipient))
    await asyncio.gather(*jobs)


def notify_in_background(ticket: Ticket, clinic: ClinicConfig, event: str = "handoff.created") -> None:
    task = asyncio.get_running_loop().create_task(notify(ticket, clinic, event))
    _pending.add(task)
    task.add_done_callback(_pending.discard)
