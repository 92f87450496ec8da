"""Every console route, roles, CSRF, escaping, search, export, retention and
training suggestions, on SQLite and on the real PostgreSQL."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
import yaml
from rasa.shared.core.events import SlotSet
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from clinic_assistant.pii import pseudonym
from clinic_assistant.tickets import CLAIMED, OPEN
from console import audit, auth, indexer, retention
from console.app import create_app
from console.client_address import TrustedProxies
from console.db import audit_log, conversations, events, make_engine, put_setting
from console.web import CSP
from testkit.console_support import PASSWORD, ConsoleClient, bot, handoff, now, save, user
from testkit.helpers import ROOT

GET_PAGES = ["/conversations", "/transcript?id=x", "/transcript/updates?id=x", "/queue", "/dashboard", "/admin/", "/admin/audit"]
POST_ROUTES = [
    "/logout", "/transcript/review", "/transcript/tag", "/transcript/untag", "/transcript/correct", "/export",
    "/queue/claim", "/queue/close", "/queue/reply", "/admin/staff", "/admin/staff/update", "/admin/retention",
    "/admin/retention/run", "/admin/suggestions",
]
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def audit_actions(app):
    with app.ctx.engine.connect() as connection:
        return [(row.actor, row.action, row.target) for row in connection.execute(sa.select(audit_log).order_by(audit_log.c.id))]


def test_every_route_is_listed_here(app):
    """So that a new route cannot skip the sign-in tests below."""
    routes = {route.path.rstrip("/") or "/" for route in app.router.routes}
    known = {path.split("?")[0].rstrip("/") for path in GET_PAGES + POST_ROUTES} | {"login", "health", "static/<__file_uri__:path>", "/"}
    assert {route.lstrip("/") for route in routes} <= {path.lstrip("/") for path in known}


@pytest.mark.parametrize("page", GET_PAGES)
def test_pages_need_sign_in(app, page):
    response = ConsoleClient(app).get(page)
    assert response.status == 303 and response.headers["location"] == "/login"


@pytest.mark.parametrize("route", POST_ROUTES)
def test_forms_need_sign_in(app, route):
    assert ConsoleClient(app).post(route, {"conversation_id": "x"}).status == 401


def test_there_is_no_default_account(app):
    for email, password in [("admin", "admin"), ("admin@clinic.example", "admin"), ("", "")]:
        assert ConsoleClient(app).sign_in(email, password).status == 401


def test_sign_in_sets_a_strict_http_only_cookie_and_audits(app, admin):
    response = ConsoleClient(app).sign_in("admin@clinic.example")
    cookie = response.headers.get("set-cookie", "")
    assert "console_session=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Secure" not in cookie  # plain HTTP in tests; CONSOLE_SECURE_COOKIES=1 behind HTTPS
    assert ("admin@clinic.example", "sign_in", "") in audit_actions(app)
    assert admin.get("/conversations").status == 200


def test_secure_cookie_behind_https(settings):
    app = create_app(replace(settings, secure_cookies=True), background=False)
    auth.create_staff(app.ctx.engine, "s@clinic.example", "S", PASSWORD)
    assert "Secure" in ConsoleClient(app).sign_in("s@clinic.example").headers.get("set-cookie", "")


def test_sign_out_ends_the_session(admin):
    admin.get("/conversations")
    assert admin.post("/logout").status == 303
    assert admin.get("/conversations").status == 303


def test_login_form_needs_its_csrf_token(app, staff):
    client = ConsoleClient(app)
    client.get("/login")
    assert client.post("/login", {"email": "sam@clinic.example", "password": PASSWORD}, csrf="forged").status == 403


def behind_proxy(app, address: str) -> ConsoleClient:
    """A browser whose requests reach the console through a trusted proxy (nginx)."""
    app.ctx.trusted_proxies = TrustedProxies("127.0.0.1")
    return ConsoleClient(app, headers={"X-Forwarded-For": address})


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_wrong_passwords_slow_down_the_guesser_and_never_lock_the_owner(app, staff):
    app.ctx.sign_in_guard.clock = clock = Clock()
    guesser = behind_proxy(app, "203.0.113.5")
    for _ in range(3):
        assert guesser.sign_in("sam@clinic.example", "wrong password!").status == 401
    slowed = guesser.sign_in("sam@clinic.example")  # even the right password waits now
    assert slowed.status == 429 and "Wait 2 seconds" in slowed.text
    # The owner, at another address, signs in at once: nobody can lock them out.
    assert behind_proxy(app, "198.51.100.7").sign_in("sam@clinic.example").status == 303
    # The guesser's waits double: 2 s, 4 s, 8 s...
    waits = []
    for _ in range(4):
        clock.now += 60
        assert guesser.sign_in("sam@clinic.example", "wrong password!").status == 401
        waits.append(app.ctx.sign_in_guard.wait("sam@clinic.example", "203.0.113.5"))
    assert waits == [4.0, 8.0, 16.0, 32.0]
    clock.now += 33
    assert guesser.sign_in("sam@clinic.example").status == 303
    failures = [a for a in audit_actions(app) if a[1] == "sign_in.failed"]
    assert failures[0][0] == "sam@clinic.example" and len(failures) == 7


def test_many_accounts_tried_from_one_address_are_slowed_down(app):
    app.ctx.sign_in_guard.clock = Clock()
    client = behind_proxy(app, "203.0.113.9")
    statuses = [client.sign_in(f"nobody{n}@clinic.example", "x").status for n in range(11)]
    assert statuses == [401] * 10 + [429]
    assert behind_proxy(app, "203.0.113.10").sign_in("nobody@clinic.example", "x").status == 401


def test_a_forwarded_address_counts_only_from_a_trusted_proxy(app):
    app.ctx.sign_in_guard.clock = Clock()
    # The console is reached directly: X-Forwarded-For is the client's own claim, ignored.
    for n in range(10):
        assert ConsoleClient(app, headers={"X-Forwarded-For": f"192.0.2.{n}"}).sign_in(f"x{n}@clinic.example", "x").status == 401
    assert ConsoleClient(app, headers={"X-Forwarded-For": "192.0.2.99"}).sign_in("y@clinic.example", "x").status == 429


def test_forms_need_the_session_csrf_token(app, admin, store):
    save(store, "c1", [user("hello")])
    for csrf in ("", "forged"):
        response = admin.post("/transcript/tag", {"conversation_id": "c1", "tag": "vip"}, csrf=csrf)
        assert response.status == 403
    admin.get("/transcript?id=c1")
    assert "vip" not in admin.get("/transcript?id=c1").text.split("Tags")[1]


def test_staff_cannot_use_admin_pages(staff, app):
    for page in ("/admin/", "/admin/audit"):
        assert staff.get(page).status == 403
    staff.get("/conversations")
    assert staff.post("/admin/retention", {"days": "30"}).status == 403
    assert staff.post("/admin/staff", {"email": "x@clinic.example", "name": "X", "password": PASSWORD, "role": "admin"}).status == 403
    assert auth.sign_in(app.ctx.engine, "x@clinic.example", PASSWORD).staff is None


def test_security_headers_on_every_page(admin):
    for page in ["/login", *GET_PAGES, "/static/console.css"]:
        response = admin.get(page)
        assert response.headers["content-security-policy"] == CSP
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
    assert "unsafe-inline" not in CSP and "script-src 'self'" in CSP


def test_messages_are_escaped_everywhere(admin, store, app):
    save(store, "xss", [user(XSS), *bot(XSS, buttons=[{"title": XSS, "payload": "/greet"}]), *handoff("T-1")])
    for page in ("/conversations", "/transcript?id=xss"):
        html = admin.get(page).text
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    admin.get("/transcript?id=xss")
    admin.post("/transcript/review", {"conversation_id": "xss", "status": "reviewed", "note": XSS})
    assert "<script>alert" not in admin.get("/transcript?id=xss").text


def test_list_shows_columns_and_newest_first(admin, store):
    t = now() - 3600
    save(store, "older", [user("how much is it", "ask_cost", at=t), *bot("From $250.", at=t)])
    save(store, "newer", [user("i want a person", "request_human", channel="socketio", at=t + 60), *handoff("T-9", at=t + 61),
                          user("asdf", "nlu_fallback", 0.2, channel="socketio", at=t + 120)])
    html = admin.get("/conversations").text
    assert html.index('value="newer"') < html.index('value="older"')
    row = html.split('value="newer"')[1].split("</tr>")[0]
    for expected in ("socketio", ">2<", "nlu_fallback, request_human", "flag-handoff", "flag-fallback", "not yet"):
        assert expected in row


def test_filters(admin, store, app):
    t = now()
    save(store, "web-urgent", [user("my lips are swelling", "report_symptom", channel="socketio", at=t),
                               *handoff("T-U", "urgent_symptom", urgent=True, at=t)])
    save(store, "tg-cost", [user("price?", "ask_cost", channel="telegram", at=t)])
    save(store, "old-pain", [user("does it hurt", at=t - 40 * 86400)])
    admin.get("/conversations")
    admin.post("/transcript/tag", {"conversation_id": "tg-cost", "tag": "pricing"})
    admin.post("/transcript/review", {"conversation_id": "tg-cost", "status": "reviewed", "note": ""})

    def listed(query):
        html = admin.get("/conversations?" + query).text
        return sorted(c for c in ("web-urgent", "tg-cost", "old-pain") if f'value="{c}"' in html)

    assert listed("channel=telegram") == ["tg-cost"]
    assert listed("intent=report_symptom") == ["web-urgent"]
    assert listed("flag=urgent") == ["web-urgent"]
    assert listed("review=reviewed") == ["tg-cost"]
    assert listed("review=unreviewed") == ["old-pain", "web-urgent"]
    assert listed("tag=pricing") == ["tg-cost"]
    today = dt.datetime.fromtimestamp(t, app.ctx.tz).date()
    assert listed(f"date_from={today}") == ["tg-cost", "web-urgent"]
    assert listed(f"date_to={today - dt.timedelta(days=30)}") == ["old-pain"]
    assert listed("flag=bogus&channel=telegram") == ["tg-cost"]  # an unknown flag is ignored


@pytest.mark.parametrize(
    "query, finds",
    [
        ("' OR 1=1 --", False), ('"; DROP TABLE events; --', False), ('hurt" OR "x', False), ("NEAR(a b)", False),
        ("hurt*", True), ("hu%", True),
        ("\\", False), ("\x00", False), ("_", False),  # no words: nothing matches, and the page says so (h71-19)
    ],
)
def test_search_is_not_injectable(admin, store, app, query, finds):
    save(store, "c1", [user("does it hurt a lot")])
    with app.ctx.engine.connect() as connection:
        stored = connection.execute(sa.select(sa.func.count()).select_from(events)).scalar()
    response = admin.get("/conversations?" + urlencode({"q": query}))
    assert response.status == 200
    assert ('value="c1"' in response.text) is finds
    with app.ctx.engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(events)).scalar() == stored


def test_search_finds_words_and_prefixes(admin, store):
    save(store, "c1", [user("Does microneedling HURT much?")])
    save(store, "c2", [user("what does it cost")])
    assert 'value="c1"' in admin.get("/conversations?q=hurt").text
    assert 'value="c1"' in admin.get("/conversations?q=microneed").text  # prefix
    html = admin.get("/conversations?q=does+hurt").text
    assert 'value="c1"' in html and 'value="c2"' not in html  # all words


def test_pagination(admin, store):
    for n in range(120):
        save(store, f"p{n:03d}", [user("hi", "greet", at=1_700_000_000 + n)])
    first, third = admin.get("/conversations").text, admin.get("/conversations?page=3").text
    assert "120 found" in first and "Page 1 of 3" in first and 'value="p119"' in first
    assert third.count('name="ids"') == 20 and 'value="p000"' in third and 'value="p119"' not in third
    assert admin.get("/conversations?page=abc").status == 200


def test_broad_filters_are_counted_up_to_a_cap(admin, store, monkeypatch):
    monkeypatch.setattr("console.conversations.COUNT_CAP", 100)
    for n in range(120):
        save(store, f"p{n:03d}", [user("hi", "greet", at=1_700_000_000 + n)])
    html = admin.get("/conversations?intent=greet").text
    assert "more than 100 found" in html and "Page 1 of 2" in html and 'rel="next"' in html
    last = admin.get("/conversations?intent=greet&page=3").text
    assert last.count('name="ids"') == 20 and 'value="p000"' in last  # pages past the cap still work


def test_transcript_shows_intents_actions_tickets_and_audits_the_view(admin, store, app):
    ticket = app.ctx.tickets.create("c1", "socketio", "contraindication", flags={"pregnant": "yes"})
    save(store, "c1", [user("am I a good candidate", "start_screening", 0.87), SlotSet("screen_pregnant", "yes"),
                       *bot("A clinician needs to review this.", buttons=[{"title": "Call me", "payload": "/request_human"}]),
                       *handoff(ticket.id, "contraindication")])
    html = admin.get("/transcript?id=c1").text
    for expected in ("start_screening", "0.87", "utter_answer", "screen_pregnant = yes", "Call me",
                     f"Ticket {ticket.id}", "contraindication", "pregnant (yes)", "flag-contraindication"):
        assert expected in html
    assert ("admin@clinic.example", "conversation.view", "c1") in audit_actions(app)
    assert admin.get("/transcript?id=nope").status == 404


def test_review_note_and_tags(admin, store, app):
    save(store, "c1", [user("hello")])
    admin.get("/transcript?id=c1")
    assert admin.post("/transcript/review", {"conversation_id": "c1", "status": "reviewed", "note": "good answer"}).status == 303
    assert admin.post("/transcript/tag", {"conversation_id": "c1", "tag": "  Follow   Up "}).status == 303
    admin.post("/transcript/tag", {"conversation_id": "c1", "tag": "follow up"})  # the same tag once
    html = admin.get("/transcript?id=c1").text
    assert "reviewed by admin@clinic.example" in html and "good answer" in html and html.count('class="tag">follow up<') == 1
    assert "bad_tag" in admin.post("/transcript/tag", {"conversation_id": "c1", "tag": "<b>"}).headers["location"]
    admin.post("/transcript/untag", {"conversation_id": "c1", "tag": "follow up"})
    assert 'class="tag">follow up<' not in admin.get("/transcript?id=c1").text
    actions = [a[1] for a in audit_actions(app)]
    assert {"conversation.review", "conversation.tag", "conversation.untag"} <= set(actions)


def test_wrong_intent_becomes_a_reviewed_training_example(admin, staff, store, app, tmp_path):
    save(store, "c1", [user("is the numbing cream strong", "ask_cost", 0.41)])
    message_id = app.ctx.engine.connect().execute(sa.select(sa.func.max(events.c.id)).where(events.c.type_name == "user")).scalar()
    staff.get("/transcript?id=c1")
    assert "bad_intent" in staff.post("/transcript/correct", {"conversation_id": "c1", "event_id": str(message_id), "intent": "made_up"}).headers["location"]
    assert staff.post("/transcript/correct", {"conversation_id": "c1", "event_id": "999999", "intent": "ask_pain"}).status == 400
    assert "suggested" in staff.post("/transcript/correct", {"conversation_id": "c1", "event_id": str(message_id), "intent": "ask_pain"}).headers["location"]
    training_file = tmp_path / "console_reviewed.yml"
    assert not training_file.exists()  # nothing reaches training before an admin's review
    page = admin.get("/admin/")
    assert "is the numbing cream strong" in page.text and "ask_pain" in page.text
    suggestion = page.text.split('name="suggestion" value="')[1].split('"')[0]
    assert "approved" in admin.post("/admin/suggestions", {"suggestion": suggestion, "decision": "approve"}).headers["location"]
    assert admin.post("/admin/suggestions", {"suggestion": suggestion, "decision": "approve"}).status == 404
    data = yaml.safe_load(training_file.read_text())
    assert data["nlu"] == [{"intent": "ask_pain", "examples": "- is the numbing cream strong\n"}]
    parsed = RasaYAMLReader().read(training_file)
    assert [(m.get("text"), m.get("intent")) for m in parsed.intent_examples] == [("is the numbing cream strong", "ask_pain")]


def test_export_redacts_contact_details_unless_an_admin_asks(admin, staff, store, app):
    save(store, "c1", [user("call me on +44 7700 900123 or mail jane@example.com"), *bot("=HYPERLINK(\"http://x\")"),
                       SlotSet("contact", "jane@example.com")])
    save(store, "c2", [user("price", "ask_cost")])
    staff.get("/conversations")
    response = staff.post("/export", {"scope": "selected", "ids": "c1", "format": "csv", "unredacted": "yes"})
    assert response.status == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["conversation_id"] for r in rows] == [pseudonym("c1")] * 2  # staff get the redacted export
    assert rows[0]["text"] == "call me on [phone] or mail [e-mail]" and rows[0]["intent"] == "ask_pain"
    assert rows[1]["text"].startswith("'=")  # not a spreadsheet formula
    admin.get("/conversations")
    raw = json.loads(admin.post("/export", {"scope": "selected", "ids": "c1", "format": "json", "unredacted": "yes"}).text)
    assert raw["conversations"][0]["messages"][0]["text"] == "call me on +44 7700 900123 or mail jane@example.com"
    redacted = json.loads(admin.post("/export", {"scope": "selected", "ids": "c1", "format": "json"}).text)
    assert "jane@example.com" not in json.dumps(redacted)
    everything = json.loads(admin.post("/export", {"scope": "filtered", "format": "json", "intent": "ask_cost"}).text)
    assert [c["conversation_id"] for c in everything["conversations"]] == [pseudonym("c2")]
    actions = [(a[0], a[1]) for a in audit_actions(app)]
    assert ("sam@clinic.example", "export") in actions and ("admin@clinic.example", "export.unredacted") in actions
    assert "no_selection" in admin.post("/export", {"scope": "selected", "format": "csv"}).headers["location"]


def test_retention_deletes_old_conversations_and_logs_it(admin, store, app):
    old = now() - 400 * 86400
    save(store, "old", [user("hello", at=old)])
    save(store, "recent", [user("hello")])
    old_ticket = app.ctx.tickets.create("old", "rest", "symptom")
    new_ticket = app.ctx.tickets.create("recent", "rest", "symptom")
    admin.get("/admin/")
    assert admin.post("/admin/retention", {"days": "3"}).headers["location"].endswith("retention_bad")
    assert admin.post("/admin/retention", {"days": "365"}).status == 303
    assert admin.post("/admin/retention/run").status == 200  # asks first (stop 48)
    assert admin.post("/admin/retention/run", {"confirm": "yes", "expected": "1"}).status == 303
    with app.ctx.engine.connect() as connection:
        senders = {row[0] for row in connection.execute(sa.select(events.c.sender_id).distinct())}
        indexed = {row[0] for row in connection.execute(sa.select(conversations.c.conversation_id))}
    assert senders == indexed == {"recent"}
    assert app.ctx.tickets.get(old_ticket.id) is None and app.ctx.tickets.get(new_ticket.id) is not None
    entry = [a for a in audit.recent(app.ctx.engine) if a["action"] == "retention.delete"][0]
    assert entry["actor"] == "admin@clinic.example" and entry["detail"].startswith("1 conversations")


def test_retention_command(app, store, settings):
    save(store, "old", [user("hello", at=now() - 30 * 86400)])
    with app.ctx.engine.begin() as connection:
        put_setting(connection, retention.SETTING, "7")
    result = subprocess.run(
        [sys.executable, "-m", "console", "retention"], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "CLINIC_DB_URL": settings.db_url, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    assert "Deleted 1 conversations" in result.stdout


def test_queue_urgent_first_claim_and_rasa_down(admin, store, app):
    plain = app.ctx.tickets.create("c-plain", "rest", "visitor_request")
    urgent = app.ctx.tickets.create("c-urgent", "socketio", "urgent_symptom", urgent=True)
    html = admin.get("/queue").text
    assert html.index(urgent.id) < html.index(plain.id) and "URGENT" in html and "0 min" in html
    assert "claimed" in admin.post("/queue/claim", {"ticket": plain.id}).headers["location"]
    assert app.ctx.tickets.get(plain.id).status == CLAIMED and app.ctx.tickets.get(plain.id).claimed_by == "Ada Admin"
    admin.get("/queue")
    # Rasa is not running at rasa_url: nothing changes and staff are told.
    assert "rasa_down" in admin.post("/queue/close", {"ticket": plain.id}).headers["location"]
    assert app.ctx.tickets.get(plain.id).status == CLAIMED
    assert "not_claimed" in admin.post("/queue/reply", {"ticket": urgent.id, "text": "hi"}).headers["location"]
    assert app.ctx.tickets.get(urgent.id).status == OPEN
    assert admin.post("/queue/claim", {"ticket": "T-NOPE"}).status == 404


def test_admin_manages_accounts(admin, staff, app):
    admin.get("/admin/")
    assert "account_error" in admin.post("/admin/staff", {"email": "new@clinic.example", "name": "New", "password": "short", "role": "staff"}).headers["location"]
    assert "staff_created" in admin.post("/admin/staff", {"email": "new@clinic.example", "name": "New", "password": PASSWORD, "role": "staff"}).headers["location"]
    assert auth.sign_in(app.ctx.engine, "new@clinic.example", PASSWORD).staff.role == "staff"
    sam_id = auth.sign_in(app.ctx.engine, "sam@clinic.example", PASSWORD).staff.id
    assert staff.get("/conversations").status == 200
    admin.post("/admin/staff/update", {"staff_id": str(sam_id), "role": "staff", "active": "no"})
    assert staff.get("/conversations").status == 303  # signed out at once
    assert auth.sign_in(app.ctx.engine, "sam@clinic.example", PASSWORD).staff is None
    me = auth.sign_in(app.ctx.engine, "admin@clinic.example", PASSWORD).staff.id
    assert "account_error" in admin.post("/admin/staff/update", {"staff_id": str(me), "role": "staff", "active": "yes"}).headers["location"]
    assert "staff.create" in {a[1] for a in audit_actions(app)}


def test_create_staff_command(settings):
    env = {**os.environ, "CLINIC_DB_URL": settings.db_url, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "console", "create-staff", "--email", "Owner@Clinic.example", "--name", "Owner", "--role", "admin", "--password-stdin"]
    weak = subprocess.run(command, input="short\n", cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert weak.returncode != 0 and "at least 12" in weak.stderr
    made = subprocess.run(command, input=PASSWORD + "\n", cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert made.returncode == 0 and "admin account owner@clinic.example" in made.stdout
    assert auth.sign_in(make_engine(settings.db_url), "owner@clinic.example", PASSWORD).staff.is_admin


def test_dashboard(admin, store):
    t = now()
    save(store, "a", [user("hi", "greet", at=t), *handoff("T-1", at=t)])
    save(store, "b", [user("asdf", "nlu_fallback", 0.1, at=t)])
    save(store, "c", [user("price", "ask_cost", at=t), user("price again", "ask_cost", at=t)])
    html = admin.get("/dashboard").text
    assert "<strong>3</strong> conversations" in html
    assert "33.3%</strong> handed to a person" in html and "33.3%</strong> with an unclear message" in html
    assert "<title>ask_cost: 1 conversations</title>" in html and "<svg" in html


def test_indexer_picks_up_late_commits_and_continued_conversations(app, store):
    save(store, "c1", [user("hello", "greet")])
    assert indexer.index_new_events(app.ctx.engine) > 0
    save(store, "c1", [user("price?", "ask_cost")])
    assert indexer.index_new_events(app.ctx.engine) > 0
    # With several Rasa servers an id can become visible after a higher one
    # was indexed (the slower transaction commits last); it is still indexed.
    with app.ctx.engine.begin() as connection:
        top = connection.execute(sa.select(sa.func.max(events.c.id))).scalar()
        row = {"type_name": "user", "timestamp": now(), "intent_name": "greet", "action_name": None}
        data = {"event": "user", "text": "hi", "parse_data": {"intent": {"name": "greet", "confidence": 1.0}}, "input_channel": "rest"}
        connection.execute(events.insert().values(id=top + 5, sender_id="c3", data=json.dumps(data), **row))
    indexer.index_new_events(app.ctx.engine)
    with app.ctx.engine.begin() as connection:
        connection.execute(events.insert().values(id=top + 2, sender_id="c2", data=json.dumps(data), **row))
    assert indexer.index_new_events(app.ctx.engine) == 1
    assert indexer.index_new_events(app.ctx.engine) == 0  # the rescan window adds nothing twice
    with app.ctx.engine.connect() as connection:
        turns = dict(connection.execute(sa.select(conversations.c.conversation_id, conversations.c.turns)).all())
    assert turns == {"c1": 2, "c2": 1, "c3": 1}


def test_transcript_updates_bring_only_new_items_escaped(admin, store, app):
    save(store, "c1", [user("first")])
    page = admin.get("/transcript?id=c1").text
    last = int(page.split('data-last-event="')[1].split('"')[0])
    save(store, "c1", [user(XSS, "greet"), *bot("second answer")])
    update = admin.get(f"/transcript/updates?id=c1&after={last}").json
    assert "first" not in update["html"] and "second answer" in update["html"]
    assert "&lt;script&gt;" in update["html"] and "<script>" not in update["html"]
    assert update["last"] > last
    assert admin.get(f"/transcript/updates?id=c1&after={update['last']}").json["html"].strip() == ""


def test_a_broken_emoji_does_not_stop_the_index_or_the_pages(admin, store):
    save(store, "broken", [user("half an emoji \ud83d here")])
    save(store, "fine", [user("does it hurt")])
    assert 'value="broken"' in admin.get("/conversations").text and 'value="fine"' in admin.get("/conversations").text
    page = admin.get("/transcript?id=broken")
    assert page.status == 200 and "half an emoji \ufffd here" in page.text
    assert 'value="broken"' in admin.get("/conversations?q=emoji").text


def test_index_passes_from_two_threads_do_not_collide(app, store):
    for n in range(30):
        save(store, f"c{n}", [user("hi", "greet")])
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda _: indexer.index_new_events(app.ctx.engine), range(4)))
    with app.ctx.engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(conversations)).scalar() == 30


def test_health_needs_no_sign_in(app):
    _, response = app.test_client.get("/health")
    assert response.status == 200 and response.json == {"status": "ok"}
