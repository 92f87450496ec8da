"""What staff are told (stop 45, helper h83): a reply to a web visitor whose
chat window is closed is kept for their return, not "sent"; a reply that no
channel can deliver says so; a crisis is called a crisis in the clinic's
e-mail and webhook, while the contract's reason (urgent_symptom) stays.
SQLite and PostgreSQL."""
from __future__ import annotations

import asyncio
import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest

from channels.session_ids import new_session_id
from clinic_assistant import clinic_config, notify
from clinic_assistant.tickets import Ticket
from console.web import NOTICES
from testkit.console_support import now, save, user


def claimed_ticket(app, conversation_id: str, channel: str):
    ticket = app.ctx.tickets.create(conversation_id, channel, "visitor_request")
    app.ctx.tickets.claim(ticket.id, "Ada Admin")
    return ticket


def reply(admin, ticket) -> str:
    """Sends a reply from the queue; returns the notice key the console shows after it."""
    admin.get("/queue")
    response = admin.post("/queue/reply", {"ticket": ticket.id, "text": "Hi, Ada here from the clinic."})
    assert response.status == 303
    return parse_qs(urlparse(response.headers["location"]).query)["notice"][0]


@pytest.fixture
def rasa(monkeypatch):
    """The Rasa server's answers: every reply is taken; `connected` is what its presence endpoint says."""
    state = {"connected": False, "sent": []}

    async def send_staff_message(rasa_url, token, conversation_id, text, staff_name):
        state["sent"].append((conversation_id, text, staff_name))

    async def widget_connected(rasa_url, token, conversation_id):
        return state["connected"]

    monkeypatch.setattr("console.rasa_api.send_staff_message", send_staff_message)
    monkeypatch.setattr("console.rasa_api.widget_connected", widget_connected)
    monkeypatch.setenv("RASA_API_TOKEN", "stop45-token")  # signs the widget session ids below
    return state


def test_a_reply_to_a_closed_widget_says_it_waits_for_the_visitors_return(admin, app, store, rasa):
    session = new_session_id()
    save(store, session, [user("can i talk to a person", "request_human", channel="socketio")])
    ticket = claimed_ticket(app, session, "socketio")

    rasa["connected"] = False
    notice = reply(admin, ticket)
    assert notice == "sent_kept_no_contact" and rasa["sent"][-1][0] == session
    page = admin.get(f"/transcript?id={session}&notice={notice}").text
    assert "not open now" in page and "when they come back" in page and "Reply sent" not in page
    assert 'class="notice notice-warn"' in page  # a warning, not the green of a success
    # Before writing, staff see whether the visitor is there.
    assert "The visitor's chat window is not open now" in page and "<dd>Website chat</dd>" in page

    assert "no phone number or e-mail address" in page
    app.ctx.tickets.set_contact(ticket.id, "555 201 8890")
    assert reply(admin, app.ctx.tickets.get(ticket.id)) == "sent_kept"
    assert "use the contact on the ticket" in NOTICES["sent_kept"]

    rasa["connected"] = True
    assert reply(admin, ticket) == "sent_live"
    assert "shows there now" in NOTICES["sent_live"]
    page = admin.get(f"/transcript?id={session}&notice=sent_live").text
    assert "The visitor's chat window is open now" in page and 'class="notice" role="status"' in page

    rasa["connected"] = None  # the Rasa server could not say
    assert reply(admin, ticket) == "sent_unknown"


def test_a_reply_no_channel_can_deliver_says_so(admin, app, store, rasa):
    save(store, "rest-visitor", [user("can i talk to a person", "request_human")])
    assert reply(admin, claimed_ticket(app, "rest-visitor", "rest")) == "sent_rest_no_contact"
    assert "will not see it" in NOTICES["sent_rest"] and "will not see it" in NOTICES["sent_rest_no_contact"]

    # WhatsApp refuses free-form messages 24 hours after the person's last one.
    late = "twilio:whatsapp:+15550001111"
    save(store, late, [user("can someone call me", "request_human", channel="twilio", at=now() - 30 * 3600)])
    assert reply(admin, claimed_ticket(app, late, "twilio")) == "late_whatsapp"
    recent = "twilio:whatsapp:+15550002222"
    save(store, recent, [user("can someone call me", "request_human", channel="twilio", at=now() - 3600)])
    assert reply(admin, claimed_ticket(app, recent, "twilio")) == "sent_whatsapp"
    save(store, "twilio:+15550003333", [user("call me", "request_human", channel="twilio", at=now() - 30 * 3600)])
    assert reply(admin, claimed_ticket(app, "twilio:+15550003333", "twilio")) == "sent_sms"  # SMS has no window
    save(store, "telegram:42", [user("call me", "request_human", channel="telegram")])
    assert reply(admin, claimed_ticket(app, "telegram:42", "telegram")) == "sent_telegram"
    assert "sent" not in NOTICES  # the old "Reply sent." for every channel is gone


def crisis_ticket() -> Ticket:
    return Ticket(
        id="T-CRISIS1", conversation_id="c-1", channel="socketio", reason="urgent_symptom", urgent=True, status="open",
        flags={}, contact=None, created_at=dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.timezone.utc),
    )


def test_a_crisis_notification_says_crisis_and_keeps_the_contracts_reason(monkeypatch):
    posted, mailed = [], []

    async def post_webhook(url, body):
        posted.append(body)

    class SMTP:
        def __init__(self, host, port, timeout):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def send_message(self, message):
            mailed.append(message)

    monkeypatch.setattr(notify, "post_webhook", post_webhook)
    monkeypatch.setattr(notify.smtplib, "SMTP", SMTP)
    monkeypatch.setattr(notify, "_budget", notify.NotificationBudget(per_hour=100, urgent_per_hour=100))
    monkeypatch.setenv("HANDOFF_WEBHOOK_URL", "http://127.0.0.1:9/hook")
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("HANDOFF_EMAIL_TO", "team@clinic.example")
    clinic = clinic_config.current()

    asyncio.run(notify.notify(crisis_ticket(), clinic, crisis="self_harm"))
    body = posted[-1]
    assert body["reason"] == "urgent_symptom" and body["urgent"] is True  # CONTRACT §3: fixed
    assert body["label"] == "crisis (self-harm or suicide risk)" and body["crisis"] == "self_harm"
    message = mailed[-1]
    assert "crisis (self-harm or suicide risk)" in message["Subject"] and message["Subject"].startswith("URGENT")
    text = message.get_content()
    assert "Reason: crisis (self-harm or suicide risk) (urgent_symptom)" in text
    assert "c-1" not in str(body) and "c-1" not in text  # still no conversation id

    # A swollen lip is no crisis: emergency signs, in words.
    asyncio.run(notify.notify(crisis_ticket(), clinic))
    assert posted[-1]["label"] == "emergency signs" and "crisis" not in posted[-1]
    assert "emergency signs" in mailed[-1]["Subject"]


def test_the_transcript_names_a_crisis_handoff_in_words(admin, app, store):
    from rasa.shared.core.events import BotUttered, UserUttered

    intent = {"name": "report_symptom", "confidence": 1.0}
    text = "i dont want to be here anymore"
    ticket = app.ctx.tickets.create("c-crisis", "socketio", "urgent_symptom", urgent=True)
    save(store, "c-crisis", [
        UserUttered(text, intent=intent, parse_data={"intent": intent, "entities": [], "text": text, "crisis": "self_harm"}),
        BotUttered(data={"custom": {"handoff": {"reason": "urgent_symptom", "urgent": True, "ticket": ticket.id}}}),
    ])
    admin.get("/conversations")
    page = admin.get("/transcript?id=c-crisis").text
    line = page.split('class="handoff">')[1].split("</div>")[0]
    assert "crisis (self-harm or suicide risk)" in line and "urgent_symptom" not in line
    queue_row = admin.get("/queue").text.split(ticket.id)[1].split("</tr>")[0]
    assert "urgent: crisis (self-harm or suicide risk)" in queue_row
