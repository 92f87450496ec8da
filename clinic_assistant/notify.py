"""Tell the clinic about a new or escalated handoff ticket.

A JSON POST to the configured webhook and, when SMTP_HOST is set, an e-mail.
Both run in the background with short time limits, so a slow receiver never
delays the visitor's reply; failures are logged, never raised. They carry no
screening answers, conversation id or contact detail (clinic_assistant/pii.py
notification_body): a link to the ticket in the console instead. A flood of
new tickets is summarised rather than notified one by one
(clinic_assistant/safety/notify_budget.py); urgent ones have their own, larger budget.

What a person reads says what the ticket is about: the contract's reason
(/work/shared/CONTRACT.md §3) stays in the payload's and the webhook's
``reason``, and ``label`` (and the e-mail) says it in words. A crisis (the
crisis classifier's kind: self-harm, poisoning, abuse) is an
``urgent_symptom`` ticket by contract; its label says "crisis (self-harm or
suicide risk)", never "urgent_symptom", which reads like a swollen lip.
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


# A crisis's kind in words (the console's queue and transcript use the same: console/triage.py).
CRISIS_LABELS = {"self_harm": "self-harm or suicide risk", "poisoning": "overdose or poisoning", "abuse": "violence or abuse"}
REASON_LABELS = {
    "urgent_symptom": "emergency signs",
    "symptom": "a problem after a treatment",
    "contraindication": "screening needs a clinician's review",
    "medical_advice": "a personal medical question",
    "visitor_request": "the visitor asked for a person",
    "low_confidence": "the assistant did not understand",
    "action_failure": "the assistant had a technical failure",
}


def reason_label(reason: str, crisis: Optional[str] = None) -> str:
    """A ticket's reason as staff read it: "crisis (overdose or poisoning)",
    "emergency signs", "the visitor asked for a person"."""
    if crisis in CRISIS_LABELS:
        return f"crisis ({CRISIS_LABELS[crisis]})"
    return REASON_LABELS.get(reason, reason)


def ticket_event(ticket: Ticket, clinic: ClinicConfig, event: str, crisis: Optional[str] = None) -> Dict[str, object]:
    crisis = crisis if ticket.urgent and crisis in CRISIS_LABELS else None
    return {
        "event": event,
        "clinic": clinic.clinic["name"],
        "ticket": ticket.id,
        "reason": ticket.reason,  # the contract's value, unchanged for a crisis
        "label": reason_label(ticket.reason, crisis),
        **({"crisis": crisis} if crisis else {}),
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
    label = body.get("label") or body["reason"]
    message["Subject"] = f"{urgency}Chat handoff {body['ticket']}: {label}"
    message["From"] = os.environ.get("SMTP_FROM", recipient)
    message["To"] = recipient
    # No message text: the console shows the conversation to signed-in staff.
    message.set_content(
        f"A chat needs a person.\n\nTicket: {body['ticket']}\nReason: {label} ({body['reason']})\n"
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


async def notify(ticket: Ticket, clinic: ClinicConfig, event: str = "handoff.created", crisis: Optional[str] = None) -> None:
    """`crisis`: the crisis classifier's kind when a crisis opened or escalated the ticket."""
    decision = _budget.admit(ticket.urgent)
    if not decision.send:
        return  # counted, and reported with the next notification that goes out
    details = ticket_event(ticket, clinic, event, crisis)
    body = notification_body(details)
    # Words about the reason only (no visitor text, id or contact): pii.notification_body's rule holds.
    body.update({key: details[key] for key in ("label", "crisis") if key in details})
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


def notify_in_background(
    ticket: Ticket, clinic: ClinicConfig, event: str = "handoff.created", crisis: Optional[str] = None
) -> None:
    task = asyncio.get_running_loop().create_task(notify(ticket, clinic, event, crisis))
    _pending.add(task)
    task.add_done_callback(_pending.discard)
