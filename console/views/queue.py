"""The handoff queue: open tickets, urgent first; claim, reply, close."""
from __future__ import annotations

import time
from typing import Optional

import sqlalchemy as sa
from sanic import Blueprint
from sanic.exceptions import NotFound
from sanic.request import Request

from channels import sms_opt_outs
from channels.namespace import channel_of
from clinic_assistant.tickets import CLAIMED, CLOSED
from console import audit, claims, rasa_api, reply_limits, transcript, triage
from console.conversations import get_summaries
from console.db import events
from console.views.conversations import refresh_index
from console.web import form, go, render

bp = Blueprint("queue")
# Read whole, so that a reply over its channel's limit is refused, never cut (console/reply_limits.py).
MAX_FORM_REPLY = 100_000


@bp.get("/queue")
async def queue(request: Request):
    await refresh_index(request)  # the last message is the one just sent or received, not one from before
    now = time.time()
    tickets = request.app.ctx.tickets.open_tickets()
    summaries = get_summaries(request.app.ctx.engine, [ticket.conversation_id for ticket in tickets])
    kinds = triage.crisis_kinds(request.app.ctx.engine, [ticket.conversation_id for ticket in tickets if ticket.urgent])
    rows = [
        {
            "ticket": ticket, "waited": now - ticket.created_at.timestamp(), "summary": summaries.get(ticket.conversation_id),
            "reason": triage.reason_label(ticket, kinds.get(ticket.conversation_id)),
            "crisis": ticket.urgent and ticket.conversation_id in kinds,
        }
        for ticket in tickets
    ]
    # A crisis first among the urgent ones (the sort is stable: oldest first within each).
    rows.sort(key=lambda row: (not row["ticket"].urgent, not row["crisis"]))
    opted_out = sms_opt_outs.opted_out(request.app.ctx.engine, [ticket.conversation_id for ticket in tickets])
    last = transcript.last_words(request.app.ctx.engine, [ticket.conversation_id for ticket in tickets])
    mine, claimers = claims.mine(request.app.ctx.engine, tickets, request.ctx.session.staff)
    for row in rows:
        row["last"] = last.get(row["ticket"].conversation_id)
        # A claimed ticket whose visitor wrote last waits for its claimer's answer.
        row["awaiting"] = row["ticket"].status == CLAIMED and bool(row["last"]) and row["last"]["by"] == "visitor"
    return render(request, "queue.html", rows=rows, opted_out=opted_out, now=now, mine=mine, claimers=claimers)


def _open_ticket(request: Request):
    ticket = request.app.ctx.tickets.get(form(request, "ticket", 32))
    if ticket is None or ticket.status == CLOSED:
        raise NotFound("That ticket is closed or does not exist.")
    return ticket


def _after(request: Request, ticket, notice: str, at_reply: bool = False):
    """Back to where the form was: the transcript or the queue. With
    `at_reply`, the transcript opens at its reply box, after the newest
    message, as a chat stays where one writes (stop 48: each reply went back
    to the top of a long transcript); the notice is shown beside the box."""
    if form(request, "back") == "transcript":
        reply = go("/transcript", notice, id=ticket.conversation_id)
        if at_reply:
            reply.headers["location"] += f"#reply-{ticket.id}"
        return reply
    return go("/queue", notice)


@bp.post("/queue/claim")
async def claim(request: Request):
    """Claims an open ticket; with `from`, takes a claimed one over from that
    person (only while it is still theirs). Never silently: a ticket someone
    else claimed a moment before stays theirs, and staff are told."""
    ticket = _open_ticket(request)
    staff = request.ctx.session.staff
    engine = request.app.ctx.engine
    if claims.is_mine(ticket, staff, claims.claimers(engine, [ticket])):
        return _after(request, ticket, "claimed")
    take_over_from = form(request, "from", 255) or None
    try:
        take_over_from_id = int(form(request, "from_staff", 12)) if form(request, "from_staff", 12) else None
    except ValueError:
        take_over_from_id = -1  # nobody's: nothing is taken over
    if not claims.claim(engine, ticket.id, staff, take_over_from, take_over_from_id):
        return _after(request, ticket, "claimed_by_other")
    # Audited as a claim (console/claims.py falls back to the last one for tickets claimed before stop 48).
    audit.record(engine, staff.email, "ticket.claim", ticket.id,
                 f"{ticket.conversation_id}; taken over from {take_over_from}" if take_over_from else ticket.conversation_id)
    return _after(request, ticket, "taken_over" if take_over_from else "claimed")


@bp.post("/queue/close")
async def close(request: Request):
    """Closes the ticket by handing the conversation back to the bot."""
    ticket = _open_ticket(request)
    engine = request.app.ctx.engine
    kind = triage.crisis_kinds(engine, [ticket.conversation_id]).get(ticket.conversation_id) if ticket.urgent else None
    opted_out = sms_opt_outs.opted_out(engine, [ticket.conversation_id])
    staff = request.ctx.session.staff
    someone_elses = ticket.status == CLAIMED and not claims.is_mine(ticket, staff, claims.claimers(engine, [ticket]))
    if (ticket.urgent or someone_elses) and form(request, "confirm") != "yes":
        # An urgent ticket (a crisis, or emergency signs after a treatment), or one a colleague is
        # answering, is not closed by a slip of the finger: staff are asked first, in words, and
        # nothing changes until they say so.
        return render(
            request, "confirm_close.html", ticket=ticket, reason=triage.reason_label(ticket, kind), crisis=bool(kind),
            summary=get_summaries(engine, [ticket.conversation_id]).get(ticket.conversation_id),
            opted_out=opted_out, someone_elses=someone_elses, back=form(request, "back", 16),
            claimers=claims.claimers(engine, [ticket]), mine=set() if someone_elses else {ticket.id},
        )
    settings = request.app.ctx.settings
    try:
        if opted_out:
            # They texted STOP: the provider refuses every text, and they asked for none (stop 47).
            await rasa_api.hand_back_quietly(settings.rasa_url, settings.rasa_token, ticket.conversation_id)
        else:
            await rasa_api.hand_back(settings.rasa_url, settings.rasa_token, ticket.conversation_id)
    except rasa_api.RasaUnavailable:
        return _after(request, ticket, "rasa_down")
    request.app.ctx.tickets.close(ticket.id)  # also when the slot named a newer ticket
    audit.record(engine, staff.email, "ticket.close", ticket.id,
                 f"{ticket.conversation_id}; nothing sent: texted STOP" if opted_out else ticket.conversation_id)
    return _after(request, ticket, "closed_opted_out" if opted_out else "closed")


@bp.post("/queue/reply")
async def reply(request: Request):
    ticket = _open_ticket(request)
    staff = request.ctx.session.staff
    if ticket.status != CLAIMED:
        return _after(request, ticket, "not_claimed")
    text = form(request, "text", MAX_FORM_REPLY)
    if not claims.is_mine(ticket, staff, claims.claimers(request.app.ctx.engine, [ticket])):
        # Someone else has the conversation (they claimed or took it over while this page was open):
        # two people must not answer one visitor at once. The text is kept on the page, not lost.
        return render(
            request, "reply_not_yours.html", ticket=ticket, text=text, back=form(request, "back", 16),
            mine=set(), claimers=claims.claimers(request.app.ctx.engine, [ticket]),
        )
    if not text:
        return _after(request, ticket, "empty_reply", at_reply=True)
    if sms_opt_outs.opted_out(request.app.ctx.engine, [ticket.conversation_id]):
        # Twilio refuses every text to a number that sent STOP (channels/sms_opt_outs.py).
        return _after(request, ticket, "sms_opted_out")
    if reply_limits.too_long(ticket.conversation_id, text):
        # Kept, never cut: staff shorten it on a page that holds their text (not in the URL).
        return render(
            request, "reply_too_long.html", status=400, ticket=ticket, text=text, back=form(request, "back", 16),
            limit=reply_limits.limit_for(ticket.conversation_id), channel=channel_of(ticket.conversation_id),
        )
    settings = request.app.ctx.settings
    try:
        await rasa_api.send_staff_message(settings.rasa_url, settings.rasa_token, ticket.conversation_id, text, staff.name)
    except rasa_api.RasaUnavailable:
        return _after(request, ticket, "rasa_down", at_reply=True)
    audit.record(request.app.ctx.engine, staff.email, "ticket.reply", ticket.id, f"{len(text)} characters")
    notice = await _where_it_went(request.app.ctx.engine, settings, ticket.conversation_id)
    if notice in ("sent_kept", "sent_rest") and not ticket.contact:
        notice += "_no_contact"  # "use the contact on the ticket" would send staff looking for nothing
    return _after(request, ticket, notice, at_reply=True)


# WhatsApp and Messenger take free-form messages only within 24 hours of the person's last (docs/channels.md).
WINDOW_SECONDS = 24 * 3600


def _last_visitor_message_at(engine, conversation_id: str) -> Optional[float]:
    query = sa.select(sa.func.max(events.c.timestamp)).where(events.c.sender_id == conversation_id).where(events.c.type_name == "user")
    with engine.connect() as connection:
        return connection.execute(query).scalar()


async def _where_it_went(engine, settings, conversation_id: str) -> str:
    """The notice that tells staff the truth about a reply they sent: seen
    live, kept for the visitor's return, stored only, or refused by the
    provider's 24-hour window (docs/console.md)."""
    channel = channel_of(conversation_id)
    if channel == "socketio":
        connected = await rasa_api.widget_connected(settings.rasa_url, settings.rasa_token, conversation_id)
        return {True: "sent_live", False: "sent_kept"}.get(connected, "sent_unknown")
    if channel == "rest":
        return "sent_rest"  # a REST client only gets replies to its own requests
    if channel == "twilio" and not conversation_id.startswith("twilio:whatsapp:"):
        return "sent_sms"
    name = "whatsapp" if channel == "twilio" else channel
    if name in ("whatsapp", "facebook"):
        last = _last_visitor_message_at(engine, conversation_id)
        if last is not None and time.time() - last > WINDOW_SECONDS:
            return f"late_{name}"
    return f"sent_{name}"
