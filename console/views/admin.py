"""Admins only: staff accounts and roles, retention, audit log, training suggestions."""
from __future__ import annotations

import asyncio

import sqlalchemy as sa
from sanic import Blueprint
from sanic.request import Request

from console import audit, auth, claims, retention, training
from console.db import put_setting, sessions, staff
from console.web import admin_only, form, go, render

bp = Blueprint("admin", url_prefix="/admin")


@bp.get("/")
@admin_only
async def overview(request: Request):
    engine = request.app.ctx.engine
    with engine.connect() as connection:
        accounts = [dict(row._mapping) for row in connection.execute(
            sa.select(staff.c.id, staff.c.email, staff.c.name, staff.c.role, staff.c.active, staff.c.locked_until)
            .order_by(staff.c.email)
        )]
    return render(
        request, "admin.html", accounts=accounts, roles=auth.ROLES, retention_days=retention.retention_days(engine),
        min_days=retention.MIN_DAYS, suggestions=training.pending(engine), max_name=auth.MAX_NAME_LENGTH,
    )


@bp.post("/staff")
@admin_only
async def create_account(request: Request):
    engine = request.app.ctx.engine
    try:
        created = auth.create_staff(
            # The name is read longer than allowed, so a long one is refused with a reason, not cut short.
            engine, form(request, "email", 255), form(request, "name", 4 * auth.MAX_NAME_LENGTH),
            request.form.get("password") or "", form(request, "role", 16),
        )
    except auth.AccountError as error:
        return go("/admin/", error.notice)
    audit.record(engine, request.ctx.session.staff.email, "staff.create", created.email, created.role)
    return go("/admin/", "staff_created")


@bp.post("/staff/update")
@admin_only
async def update_account(request: Request):
    engine = request.app.ctx.engine
    try:
        staff_id = int(form(request, "staff_id", 12))
    except ValueError:
        return go("/admin/", "account_error")
    role, active = form(request, "role", 16), form(request, "active") == "yes"
    if role not in auth.ROLES or staff_id == request.ctx.session.staff.id:
        return go("/admin/", "account_error")  # nobody demotes or locks out themselves
    with engine.begin() as connection:
        account = connection.execute(sa.select(staff.c.email, staff.c.name).where(staff.c.id == staff_id)).first()
        if account is None:
            return go("/admin/", "account_error")
        email = account.email
        connection.execute(
            staff.update().where(staff.c.id == staff_id).values(role=role, active=active, failed_logins=0, locked_until=None)
        )
        if not active:
            connection.execute(sessions.delete().where(sessions.c.staff_id == staff_id))
    audit.record(engine, request.ctx.session.staff.email, "staff.update", email, f"role {role}, {'active' if active else 'disabled'}")
    released = [] if active else claims.release_claims(engine, staff_id, email, request.ctx.session.staff.email)
    return go("/admin/", "staff_updated_released" if released else "staff_updated")


@bp.post("/retention")
@admin_only
async def set_retention(request: Request):
    engine = request.app.ctx.engine
    try:
        days = int(form(request, "days", 6))
    except ValueError:
        days = 0
    if days < retention.MIN_DAYS:
        return go("/admin/", "retention_bad")
    with engine.begin() as connection:
        put_setting(connection, retention.SETTING, str(days))
    audit.record(engine, request.ctx.session.staff.email, "retention.set", detail=f"{days} days")
    return go("/admin/", "retention_saved")


@bp.post("/retention/run")
@admin_only
async def run_retention(request: Request):
    """Deletes old conversations now, once the admin has seen how many go and
    said yes (stop 48: one click deleted them, asking nothing). When more
    became old since the question, it is asked again with the new number."""
    engine = request.app.ctx.engine
    loop = asyncio.get_running_loop()
    expired, old_tickets = await loop.run_in_executor(None, retention.count_expired, engine)
    try:
        expected = int(form(request, "expected", 12))
    except ValueError:
        expected = -1
    if form(request, "confirm") != "yes" or expected < expired:
        return render(
            request, "confirm_retention.html", expired=expired, old_tickets=old_tickets,
            days=retention.retention_days(engine), asked_again=form(request, "confirm") == "yes",
        )
    actor = request.ctx.session.staff.email
    how = f"by hand from the admin page, confirmed for {expected} conversations"
    await loop.run_in_executor(None, lambda: retention.delete_expired(engine, actor, how=how))  # audited there
    return go("/admin/", "retention_ran")


@bp.post("/suggestions")
@admin_only
async def decide_suggestion(request: Request):
    engine = request.app.ctx.engine
    decision = form(request, "decision")
    approve = decision in ("approve", "approve_several")
    try:
        decided = training.decide(
            engine, int(form(request, "suggestion", 12)), approve, request.ctx.session.staff.email,
            several_confirmed=decision == "approve_several",
        )
    except training.Refused as refused:
        return go("/admin/", refused.reason)
    except ValueError:
        decided = None
    if decided is None:
        return render(request, "error.html", status=404, message="That suggestion was already decided or does not exist.")
    audit.record(
        engine, request.ctx.session.staff.email, "training.approve" if approve else "training.reject",
        decided["conversation_id"], f"{decided['intent']}: message {decided['event_id']}",
    )
    return go("/admin/", "approved" if approve else "rejected")


@bp.get("/audit")
@admin_only
async def audit_log(request: Request):
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    actor, action = (request.args.get("actor") or "")[:255], (request.args.get("action") or "")[:64]
    entries = audit.recent(request.app.ctx.engine, page, actor, action)
    return render(request, "audit.html", entries=entries, page=page, actor=actor, action=action, page_size=audit.PAGE_SIZE)
