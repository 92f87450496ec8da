"""The staff console: a Sanic app in its own process (`python -m clinic_assistant serve console`).

Every route needs a signed-in staff member except the sign-in page, the
health check and the static files; every POST needs the session's CSRF token.
Two background loops keep the conversation index current and run the
retention job once a day.
"""
from __future__ import annotations

import asyncio
import itertools
import logging
from typing import Optional

from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request

from clinic_assistant import clinic_config
from clinic_assistant.tickets import TicketStore
from console import auth, indexer, retention
from console.client_address import TrustedProxies
from console.db import create_tables, make_engine
from console.settings import ConsoleSettings
from console.views import admin, conversations, dashboard, queue, session
from console.web import HERE, SESSION_COOKIE, add_security_headers, make_templates, render

logger = logging.getLogger(__name__)
PUBLIC_PATHS = ("/login", "/health")
_app_numbers = itertools.count(1)


def create_app(settings: Optional[ConsoleSettings] = None, background: bool = True) -> Sanic:
    settings = settings or ConsoleSettings.from_env()
    # Sanic keeps a registry of app names; tests create several apps.
    app = Sanic(f"clinic_console_{next(_app_numbers)}")
    app.config.REQUEST_MAX_SIZE = 1_000_000
    app.ctx.settings = settings
    app.ctx.engine = make_engine(settings.db_url)
    create_tables(app.ctx.engine)
    app.ctx.tickets = TicketStore(engine=app.ctx.engine)
    app.ctx.tz = clinic_config.current().hours.timezone
    app.ctx.templates = make_templates(app.ctx.tz)
    app.ctx.sign_in_guard = auth.SignInGuard()
    app.ctx.trusted_proxies = TrustedProxies(settings.trusted_proxies)
    app.static("/static", str(HERE / "static"), name="static")
    for blueprint in (session.bp, conversations.bp, queue.bp, dashboard.bp, admin.bp):
        app.blueprint(blueprint)

    @app.get("/health")
    async def health(request: Request):
        return response.json({"status": "ok"})

    @app.middleware("request")
    async def require_sign_in(request: Request):
        if request.path.startswith("/static/"):
            request.ctx.session = None  # no database look-up for a stylesheet
            return None
        request.ctx.session = auth.current_session(app.ctx.engine, request.cookies.get(SESSION_COOKIE))
        if request.path in PUBLIC_PATHS:
            return None
        if request.ctx.session is None:
            if request.method == "GET":
                return response.redirect("/login", status=303)
            return response.text("Sign in first.", status=401)
        if request.method == "POST" and not auth.csrf_matches(request.ctx.session, request.form.get("csrf")):
            return render(request, "error.html", status=403, message="This form has expired. Go back, reload the page and try again.")
        return None

    @app.middleware("response")
    async def security_headers(request: Request, reply):
        add_security_headers(request, reply)

    @app.exception(Exception)
    async def unexpected(request: Request, error: Exception):
        status = getattr(error, "status_code", 500)
        if status >= 500:
            logger.exception("console error on %s", request.path)
            message = "Something went wrong; it has been logged."
        else:  # a 4xx raised on purpose carries its message for staff
            message = str(error) if isinstance(error, SanicException) and str(error) else "That page does not exist."
        reply = render(request, "error.html", status=status, message=message) if hasattr(request.ctx, "session") else response.text(message, status=status)
        add_security_headers(request, reply)
        return reply

    if background:
        app.add_task(_every(settings.index_interval, indexer.index_new_events, app))
        app.add_task(_every(settings.retention_interval, retention.delete_expired, app))
    return app


async def _every(seconds: float, job, app: Sanic) -> None:
    """Runs `job(engine)` in a worker thread now and then every `seconds`."""
    loop = asyncio.get_running_loop()
    while True:
        try:
            await loop.run_in_executor(None, job, app.ctx.engine)
        except Exception:  # noqa: BLE001 - a failing pass must not stop the loop
            logger.exception("background job %s failed", job.__name__)
        await asyncio.sleep(seconds)
