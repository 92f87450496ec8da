"""Signing in and out."""
from __future__ import annotations

import math
import secrets

from sanic import Blueprint, response
from sanic.request import Request

from console import audit, auth
from console.web import LOGIN_CSRF_COOKIE, SESSION_COOKIE, client_address, form, go, render, set_cookie

bp = Blueprint("session")


def _login_page(request: Request, status: int = 200, error: str = "") -> response.HTTPResponse:
    # The sign-in form has no session yet: its CSRF token is a cookie that the
    # form must repeat (double submit). An existing one is kept, so that another
    # tab or a background request for /login does not void this form.
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    reply = render(request, "login.html", status=status, login_csrf=token, error=error)
    set_cookie(reply, request, LOGIN_CSRF_COOKIE, token, max_age=3600)
    return reply


@bp.get("/login")
async def login_page(request: Request):
    if request.ctx.session:
        return go("/conversations")
    return _login_page(request)


@bp.post("/login")
async def login(request: Request):
    engine = request.app.ctx.engine
    expected = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
    if not expected or not secrets.compare_digest(expected, request.form.get("csrf") or ""):
        return _login_page(request, 403, "The sign-in form expired; please try again.")
    guard = request.app.ctx.sign_in_guard
    address = client_address(request)
    email = form(request, "email", 255)
    wait = guard.wait(email, address)
    if wait > 0:
        audit.record(engine, email or "(empty)", "sign_in.delayed", detail=f"from {address}, {wait:.0f} s to wait")
        return _login_page(
            request, 429, f"Too many wrong passwords. Wait {math.ceil(wait)} seconds and try again.",
        )
    result = auth.sign_in(engine, email, request.form.get("password") or "")
    if result.staff is None:
        guard.failed(email, address)
        audit.record(engine, email or "(empty)", "sign_in.failed", detail=f"from {address}")
        return _login_page(request, 401, "Wrong e-mail or password.")
    guard.succeeded(email, address)
    audit.record(engine, result.staff.email, "sign_in", detail=f"from {address}")
    reply = go("/conversations")
    set_cookie(reply, request, SESSION_COOKIE, auth.open_session(engine, result.staff), max_age=auth.SESSION_SECONDS)
    del reply.cookies[LOGIN_CSRF_COOKIE]
    return reply


@bp.post("/logout")
async def logout(request: Request):
    auth.close_session(request.app.ctx.engine, request.cookies.get(SESSION_COOKIE))
    audit.record(request.app.ctx.engine, request.ctx.session.staff.email, "sign_out")
    reply = go("/login")
    del reply.cookies[SESSION_COOKIE]
    return reply
