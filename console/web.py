"""What every page shares: templates, security headers, notices, forms.

Everything a visitor wrote reaches the page through Jinja2 with autoescaping,
and the Content-Security-Policy allows no inline script or style, so a
message like `<img src=x onerror=...>` is shown as text and could not run
even if it slipped through.
"""
from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import response
from sanic.request import Request

from console import reply_limits

HERE = Path(__file__).resolve().parent
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}
SESSION_COOKIE = "console_session"
LOGIN_CSRF_COOKIE = "console_login_csrf"
# Notices are chosen by code, never echoed from the query string.
NOTICES = {
    "reviewed": "Marked as reviewed.",
    "unreviewed": "Marked as not reviewed.",
    "tagged": "Tag added.",
    "untagged": "Tag removed.",
    "bad_tag": "A tag is 1 to 64 letters, digits, spaces, dashes or underscores.",
    "suggested": "Thanks: the correction waits for an admin's review before it is used for training.",
    "bad_intent": "Pick one of the assistant's intents.",
    "training_contact": (
        "Not suggested: this message holds a phone number or an e-mail address, and visitors' contact details "
        "never go into the training data. Nothing was saved."
    ),
    "training_conflict": (
        "Not saved: this message is already suggested or approved under another intent, and one message can "
        "teach only one intent. An admin can reject the other suggestion first."
    ),
    "training_same": "Not suggested: the assistant already reads this message as that intent.",
    "training_duplicate": "This message is already suggested under that intent.",
    "training_several": (
        "Not approved: this message asks several questions, and the assistant reads each question on its own. "
        "Approve it under one intent only if that intent fits the whole message (use \"Add anyway\")."
    ),
    "claimed": "You have the conversation now.",
    "claimed_by_other": (
        "Not yours: someone else claimed this conversation first (the ticket says who), so nothing changed and "
        "nothing was sent. Talk to them before you take it over."
    ),
    "taken_over": (
        "You have taken the conversation over: only you can reply now. Tell your colleague, whose page still "
        "shows it as theirs until it refreshes."
    ),
    "closed": "Ticket closed; the assistant has the conversation again and told the visitor.",
    "closed_opted_out": (
        "Ticket closed; the assistant has the conversation again. Nothing was sent to the visitor: they texted "
        "STOP, so they get no \"the assistant is back\" text (the SMS provider would refuse it anyway). If they "
        "text again, the assistant answers."
    ),
    "rasa_down": "The assistant's server did not answer, so nothing was changed. Try again in a moment.",
    # After a reply, what is true for the visitor's channel (console/views/queue.py _where_it_went).
    "sent_live": "Reply sent: the visitor's chat window is open, so it shows there now.",
    "sent_kept": (
        "Reply saved, but the visitor's chat window is not open now, so they have not seen it. "
        "It shows when they come back to the chat in the same browser. If it cannot wait, use the contact on the ticket."
    ),
    "sent_kept_no_contact": (
        "Reply saved, but the visitor's chat window is not open now, so they have not seen it. "
        "It shows when they come back to the chat in the same browser. They left no phone number or e-mail address, "
        "so this chat is the only way back to them."
    ),
    "sent_unknown": (
        "Reply saved. The assistant's server could not say whether the visitor's chat window is open: "
        "if it is, the reply shows now; if not, it shows when they come back to the chat in the same browser."
    ),
    "sent_rest": (
        "Reply saved in the transcript only: this conversation came through the REST API, which cannot be sent "
        "messages later, so the visitor will not see it. Use the contact on the ticket, if there is one."
    ),
    "sent_rest_no_contact": (
        "Reply saved in the transcript only: this conversation came through the REST API, which cannot be sent "
        "messages later, so the visitor will not see it, and they left no phone number or e-mail address."
    ),
    "sent_telegram": "Reply sent to the visitor on Telegram.",
    "sent_sms": "Reply sent to the visitor by SMS.",
    "sent_whatsapp": "Reply sent to the visitor on WhatsApp.",
    "sent_facebook": "Reply sent to the visitor on Messenger.",
    "late_whatsapp": (
        "Reply saved, but WhatsApp will not deliver it: the visitor's last message is more than 24 hours old, and "
        "WhatsApp then refuses free-form messages. Call or text the visitor's number instead."
    ),
    "late_facebook": (
        "Reply saved, but Messenger will not deliver it: the visitor's last message is more than 24 hours old, and "
        "Messenger then refuses free-form messages. Use the contact on the ticket, if there is one."
    ),
    "empty_reply": "Write a reply first.",
    "sms_opted_out": (
        "Not sent: this visitor texted STOP, and the SMS provider refuses every text to their number until they "
        "text START. Nothing was sent. Reach them another way (the contact on the ticket, if there is one), or wait "
        "for them to text again."
    ),
    "not_claimed": "Claim the conversation before replying.",
    "staff_created": "Account created.",
    "staff_updated": "Account updated.",
    "staff_updated_released": "Account updated. The tickets that person had claimed are back in the queue, open.",
    "account_error": "That did not work: check the e-mail, the name and a password of at least 12 characters.",
    "account_exists": "An account with that e-mail already exists.",
    "name_too_long": "A name has at most 60 characters (it signs the replies visitors see).",
    "retention_saved": "Retention period saved.",
    "retention_bad": "The retention period is a number of days, at least 7.",
    "retention_ran": "Old conversations deleted; see the audit log for the count.",
    "approved": "Added to the training data; it is used from the next training run.",
    "rejected": "Suggestion rejected.",
    "no_selection": "Select at least one conversation, or export everything that matches.",
}


# Notices that tell staff something did not (yet) reach the visitor: shown as warnings.
# What a reply from a transcript's box leads to: said beside the box, where the page opens (console/views/queue.py).
REPLY_NOTICES = {"rasa_down", "empty_reply", "sent_live", "sent_kept", "sent_kept_no_contact", "sent_unknown", "sent_rest",
                 "sent_rest_no_contact", "sent_telegram", "sent_sms", "sent_whatsapp", "sent_facebook", "late_whatsapp", "late_facebook"}
WARNINGS = {"sms_opted_out", "closed_opted_out", "claimed_by_other", "sent_kept", "sent_kept_no_contact", "sent_unknown", "sent_rest", "sent_rest_no_contact", "late_whatsapp", "late_facebook", "rasa_down"}

# The channels' names as staff say them (the conversation id says WhatsApp apart from SMS).
CHANNEL_NAMES = {"socketio": "Website chat", "rest": "REST API", "telegram": "Telegram", "twilio": "SMS", "facebook": "Messenger"}
# The channel filter picks Twilio's channel, which carries both SMS and WhatsApp.
FILTER_NAMES = {**CHANNEL_NAMES, "twilio": "SMS / WhatsApp"}


def channel_name(channel: str, conversation_id: str = "") -> str:
    """"Website chat", "SMS", "WhatsApp"... for a channel id ("socketio", "twilio");
    without a conversation id, Twilio's channel is "SMS / WhatsApp"."""
    if channel == "twilio" and not conversation_id:
        return FILTER_NAMES["twilio"]
    if channel == "twilio" and str(conversation_id).startswith("twilio:whatsapp:"):
        return "WhatsApp"
    return CHANNEL_NAMES.get(channel, channel)


def _clock(timestamp: Optional[float], tz: dt.tzinfo) -> str:
    if not timestamp:
        return ""
    return dt.datetime.fromtimestamp(timestamp, tz).strftime("%Y-%m-%d %H:%M")


def claimer_name(name: str, claimer=None, viewer=None) -> str:
    """The claimer's display name, with their e-mail address when it is also
    the viewer's name but another account (stop 48: two "Sam Nurse")."""
    if claimer is not None and viewer is not None and claimer.staff_id != viewer.id and claimer.name == viewer.name:
        return f"{name} ({claimer.email})"
    return name


def _waited(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours < 48 else f"{hours // 24} days"


def make_templates(tz: dt.tzinfo) -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True))
    env.filters["clock"] = lambda value: _clock(value, tz)
    env.filters["waited"] = _waited
    env.filters["claimer_name"] = claimer_name
    env.filters["channel_name"] = channel_name
    env.filters["reply_limit"] = reply_limits.limit_for
    env.filters["is_sms"] = reply_limits.is_sms
    env.filters["pct"] = lambda value: f"{100 * value:.1f}%"
    env.globals["urlencode"] = urlencode
    env.globals["timezone"] = str(tz)
    return env


def render(request: Request, template: str, status: int = 200, **context: Any) -> response.HTTPResponse:
    session = getattr(request.ctx, "session", None)
    context.setdefault("notice", NOTICES.get(request.args.get("notice", "")))
    context.setdefault("notice_warns", request.args.get("notice", "") in WARNINGS)
    html = request.app.ctx.templates.get_template(template).render(
        session=session, staff=session.staff if session else None, csrf=session.csrf_token if session else "",
        path=request.path, **context,
    )
    return response.html(html, status=status)


def go(url: str, notice: str = "", **params: str) -> response.HTTPResponse:
    """Redirect after a POST (303, so a reload does not resubmit)."""
    query = {**params, **({"notice": notice} if notice else {})}
    return response.redirect(url + ("?" + urlencode(query) if query else ""), status=303)


def form(request: Request, name: str, limit: int = 2000) -> str:
    return (request.form.get(name) or "").strip()[:limit]


def add_security_headers(request: Request, reply: response.HTTPResponse) -> None:
    for header, value in SECURITY_HEADERS.items():
        reply.headers.setdefault(header, value)
    if not request.path.startswith("/static/"):
        reply.headers["Cache-Control"] = "no-store"


def set_cookie(reply: response.HTTPResponse, request: Request, name: str, value: str, max_age: int) -> None:
    reply.cookies[name] = value
    cookie = reply.cookies[name]
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    cookie["path"] = "/"
    cookie["max-age"] = max_age
    if request.app.ctx.settings.secure_cookies:
        cookie["secure"] = True


def admin_only(handler):
    @functools.wraps(handler)
    async def wrapper(request: Request, *args, **kwargs):
        if not request.ctx.session.staff.is_admin:
            return render(request, "error.html", status=403, message="This page is for admins.")
        return await handler(request, *args, **kwargs)

    return wrapper


def client_address(request: Request) -> str:
    """The browser's address: X-Forwarded-For only from a trusted proxy
    (CONSOLE_TRUSTED_PROXIES, console/client_address.py), else the connection's."""
    from console.client_address import client_address as address_behind_proxies

    proxies = getattr(request.app.ctx, "trusted_proxies", None)
    return address_behind_proxies(request.ip, request.headers.getall("x-forwarded-for", []), proxies)
