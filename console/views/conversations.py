"""The conversation list, one transcript, review, tags, corrections, export."""
from __future__ import annotations

import asyncio
import datetime as dt
import re

import sqlalchemy as sa
from sanic import Blueprint, response
from sanic.request import Request

from channels import sms_opt_outs
from channels.namespace import channel_of
from console import audit, claims, export, indexer, rasa_api, training, transcript, triage
from console.conversations import FLAGS, Filters, choices, conversation_ids, get_summary, list_conversations
from console.db import conversation_tags, conversations, tags
from console.web import REPLY_NOTICES, form, go, render

bp = Blueprint("conversations")
TAG = re.compile(r"^[\w -]{1,64}$", re.UNICODE)


async def refresh_index(request: Request) -> None:
    """Brings the index up to date first, so a page never lags the chat."""
    await asyncio.get_running_loop().run_in_executor(None, indexer.index_new_events, request.app.ctx.engine, 4)


@bp.get("/")
async def home(request: Request):
    return go("/conversations")


@bp.get("/conversations")
async def conversation_list(request: Request):
    await refresh_index(request)
    filters = Filters.from_args(request.args)
    try:
        page = int(request.args.get("page", "1"))
    except ValueError:
        page = 1
    engine = request.app.ctx.engine
    listing = list_conversations(engine, filters, page, request.app.ctx.tz)
    channels, intents, tag_names = choices(engine)
    # A conversation whose urgent handoff was a crisis (self-harm, overdose, abuse) is marked as one.
    crises = triage.crisis_kinds(engine, [row["conversation_id"] for row in listing.rows if row["urgent"]])
    return render(
        request, "conversations.html", listing=listing, filters=filters, query=filters.as_query(),
        channels=channels, intents=intents, tag_names=tag_names, flags=FLAGS,
        crises={conversation_id: triage.LABELS[kind] for conversation_id, kind in crises.items()},
        opted_out=sms_opt_outs.opted_out(engine, [row["conversation_id"] for row in listing.rows]),
    )


@bp.get("/transcript")
async def view_transcript(request: Request):
    await refresh_index(request)
    conversation_id = request.args.get("id", "")
    engine = request.app.ctx.engine
    summary = get_summary(engine, conversation_id)
    if summary is None:
        return render(request, "error.html", status=404, message="No conversation with that id.")
    staff = request.ctx.session.staff
    audit.record(engine, staff.email, "conversation.view", conversation_id)
    tickets = request.app.ctx.tickets.for_conversation(conversation_id)
    kind = triage.crisis_kinds(engine, [conversation_id]).get(conversation_id)
    open_ticket = next((ticket for ticket in tickets if ticket.status != "closed"), None)
    widget_open = None  # unknown, or not a web chat: nothing is said
    if open_ticket is not None and channel_of(conversation_id) == "socketio":
        settings = request.app.ctx.settings
        widget_open = await rasa_api.widget_connected(settings.rasa_url, settings.rasa_token, conversation_id)
    mine, claimers = claims.mine(engine, tickets, staff)
    # A reply's outcome is said beside the reply box, where the page opens after it (stop 48).
    notice_below = (request.args.get("notice", "") in REPLY_NOTICES and open_ticket is not None
                    and open_ticket.id in mine and conversation_id not in sms_opt_outs.opted_out(engine, [conversation_id]))
    return render(
        request, "transcript.html", summary=summary, items=transcript.read(engine, conversation_id),
        tickets=tickets, intents=training.known_intents(), suggestions=training.for_conversation(engine, conversation_id),
        ticket_reasons={ticket.id: triage.reason_label(ticket, kind) for ticket in tickets},
        open_ticket=open_ticket, widget_open=widget_open, opted_out=sms_opt_outs.opted_out(engine, [conversation_id]),
        crisis=triage.LABELS.get(kind) if summary["urgent"] else None, mine=mine, claimers=claimers,
        notice_below=notice_below,
    )


@bp.get("/transcript/updates")
async def transcript_updates(request: Request):
    """New items of an open transcript, rendered like the page (console.js
    polls this, so staff see the visitor's answers without a reload)."""
    try:
        after = int(request.args.get("after", "0"))
    except ValueError:
        after = 0
    conversation_id = request.args.get("id", "")
    items = transcript.read(request.app.ctx.engine, conversation_id, after)
    if items:  # every read of a transcript is audited, not just the page
        audit.record(
            request.app.ctx.engine, request.ctx.session.staff.email, "conversation.read", conversation_id,
            f"{len(items)} items after event {after}",
        )
    html = request.app.ctx.templates.get_template("transcript_items.html").render(
        items=items, csrf=request.ctx.session.csrf_token, intents=training.known_intents(),
        suggestions=training.for_conversation(request.app.ctx.engine, conversation_id),
        summary={"conversation_id": request.args.get("id", "")},
    )
    return response.json({"html": html, "last": max([after] + [item["event_id"] for item in items])})


def _conversation_from_form(request: Request):
    conversation_id = form(request, "conversation_id", 255)
    return conversation_id, get_summary(request.app.ctx.engine, conversation_id)


def _back(conversation_id: str, notice: str, fragment: str = ""):
    reply = go("/transcript", notice, id=conversation_id)
    if fragment:
        reply.headers["location"] += f"#{fragment}"
    return reply


@bp.post("/transcript/review")
async def review(request: Request):
    conversation_id, summary = _conversation_from_form(request)
    if summary is None:
        return render(request, "error.html", status=404, message="No conversation with that id.")
    staff = request.ctx.session.staff
    reviewed = form(request, "status") == "reviewed"
    note = form(request, "note", 5000)
    with request.app.ctx.engine.begin() as connection:
        connection.execute(
            conversations.update().where(conversations.c.conversation_id == conversation_id).values(
                reviewed_by=staff.email if reviewed else None,
                reviewed_at=dt.datetime.now(dt.timezone.utc).timestamp() if reviewed else None,
                note=note,
            )
        )
    audit.record(request.app.ctx.engine, staff.email, "conversation.review", conversation_id,
                 f"{'reviewed' if reviewed else 'not reviewed'}; note {len(note)} characters")
    return _back(conversation_id, "reviewed" if reviewed else "unreviewed")


@bp.post("/transcript/tag")
async def add_tag(request: Request):
    conversation_id, summary = _conversation_from_form(request)
    name = " ".join(form(request, "tag", 200).split()).lower()
    if summary is None:
        return render(request, "error.html", status=404, message="No conversation with that id.")
    if not TAG.match(name):
        return _back(conversation_id, "bad_tag")
    with request.app.ctx.engine.begin() as connection:
        tag_id = connection.execute(sa.select(tags.c.id).where(tags.c.name == name)).scalar()
        if tag_id is None:
            tag_id = connection.execute(tags.insert().values(name=name)).inserted_primary_key[0]
        linked = connection.execute(
            sa.select(conversation_tags.c.tag_id).where(conversation_tags.c.conversation_id == conversation_id)
            .where(conversation_tags.c.tag_id == tag_id)
        ).first()
        if linked is None:
            connection.execute(conversation_tags.insert().values(conversation_id=conversation_id, tag_id=tag_id))
    audit.record(request.app.ctx.engine, request.ctx.session.staff.email, "conversation.tag", conversation_id, name)
    return _back(conversation_id, "tagged")


@bp.post("/transcript/untag")
async def remove_tag(request: Request):
    conversation_id, _ = _conversation_from_form(request)
    name = form(request, "tag", 64)
    with request.app.ctx.engine.begin() as connection:
        tag_id = connection.execute(sa.select(tags.c.id).where(tags.c.name == name)).scalar()
        connection.execute(
            conversation_tags.delete().where(conversation_tags.c.conversation_id == conversation_id)
            .where(conversation_tags.c.tag_id == tag_id)
        )
    audit.record(request.app.ctx.engine, request.ctx.session.staff.email, "conversation.untag", conversation_id, name)
    return _back(conversation_id, "untagged")


@bp.post("/transcript/correct")
async def correct_intent(request: Request):
    conversation_id, summary = _conversation_from_form(request)
    engine = request.app.ctx.engine
    if summary is None:
        return render(request, "error.html", status=404, message="No conversation with that id.")
    try:
        event_id = int(form(request, "event_id", 20))
    except ValueError:
        return render(request, "error.html", status=400, message="That message does not exist.")
    message = next(
        (item for item in transcript.read(engine, conversation_id) if item["event_id"] == event_id and item["kind"] == "visitor"),
        None,
    )
    if message is None:
        return render(request, "error.html", status=400, message="That message does not exist.")
    intent = form(request, "intent", 255)
    staff = request.ctx.session.staff
    try:
        training.suggest(engine, event_id, conversation_id, message["text"], message["intent"], intent, staff.email)
    except training.Refused as refused:
        return _back(conversation_id, refused.reason)  # the notice at the top says why
    except ValueError:
        return _back(conversation_id, "bad_intent")
    audit.record(engine, staff.email, "training.suggest", conversation_id, f"message {event_id}: {message['intent']} -> {intent}")
    # Back to the message itself, which now says it was suggested, not the top of a long transcript.
    return _back(conversation_id, "suggested", f"e{event_id}")


@bp.post("/export")
async def export_conversations(request: Request):
    engine = request.app.ctx.engine
    staff = request.ctx.session.staff
    if form(request, "scope") == "selected":
        ids = [value[:255] for value in request.form.getlist("ids") or []]
    else:
        filters = Filters.from_args({key: request.form.get(key) for key in Filters.__dataclass_fields__})
        ids = conversation_ids(engine, filters, export.MAX_CONVERSATIONS, request.app.ctx.tz)
    if not ids:
        return go("/conversations", "no_selection")
    raw = staff.is_admin and form(request, "unredacted") == "yes"
    notes = form(request, "notes") == "yes"
    as_json = form(request, "format") == "json"
    collected = await asyncio.get_running_loop().run_in_executor(None, export.collect, engine, ids, not raw, notes)
    audit.record(
        engine, staff.email, "export.unredacted" if raw else "export", f"{len(collected)} conversations",
        f"{'json' if as_json else 'csv'}{', with notes' if notes else ''}: "
        + ", ".join(c["conversation_id"] for c in collected[:50]),
    )
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M%S")
    body = export.to_json(collected) if as_json else export.to_csv(collected, request.app.ctx.tz)
    return response.text(
        body,
        content_type="application/json; charset=utf-8" if as_json else "text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="conversations-{stamp}.{"json" if as_json else "csv"}"'},
    )
