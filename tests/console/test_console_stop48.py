"""The staff console's leftovers of stop 47 (stop 48, helper h93), SQLite and PostgreSQL:

- a ticket's reply box comes after the newest message, as in a chat;
- a claim is the staff account's, not its display name's: two people called
  "Sam Nurse" are two people;
- "Delete old conversations now" asks first, saying how many go, and the run
  is audited as the admin's;
- the CSV export keeps its UTC `time` column and adds `clinic_time`, the time
  as the pages show it.

Rasa's HTTP API is replaced at its lowest call (console.rasa_api._post).
"""
from __future__ import annotations

import csv
import io
import time
from urllib.parse import urlencode

import sqlalchemy as sa

from console import auth
from console.db import audit_log, conversations
from console.export import CSV_COLUMNS
from testkit.console_support import PASSWORD, ConsoleClient, bot, notice_of, save, user


def sign_in(app, email: str, name: str, role: str = "staff") -> ConsoleClient:
    auth.create_staff(app.ctx.engine, email, name, PASSWORD, role)
    client = ConsoleClient(app)
    assert client.sign_in(email).status == 303
    return client


def queue_row(page: str, ticket_id: str) -> str:
    start = page.index(f">{ticket_id}</a>")
    return page[page.rindex("<tr", 0, start): page.index("</tr>", start)]


# --- 1. the reply box after the newest message ---------------------------------------------------


def test_the_reply_box_comes_after_the_newest_message(admin, store, app, rasa_calls):
    save(store, "c48-box", [user("can someone call me about aftercare", "request_human", channel="socketio"),
                            *bot("I'll pass you to the team.")])
    ticket = app.ctx.tickets.create("c48-box", "socketio", "visitor_request")
    admin.get("/queue")
    assert notice_of(admin.post("/queue/claim", {"ticket": ticket.id, "back": "transcript"})) == "claimed"
    page = admin.get("/transcript?" + urlencode({"id": "c48-box"})).text
    box = page.index(f'id="reply-{ticket.id}"')
    # Before stop 48 the box was in the ticket's section, above the whole transcript.
    assert page.index("can someone call me about aftercare") < page.index("</ol>") < box
    assert box < page.index('aria-label="Review"')
    # The ticket's section says where the box is and goes there (a long transcript, the keyboard).
    assert f'href="#reply-{ticket.id}">↓ Reply to the visitor' in page
    assert page.count('action="/queue/reply"') == 1 and page.count('action="/queue/close"') == 1


# --- 2. claims are the account's ------------------------------------------------------------------


def test_two_staff_with_one_display_name_are_two_people(app, store, rasa_calls):
    first = sign_in(app, "sam.one@clinic.example", "Sam Nurse")
    second = sign_in(app, "sam.two@clinic.example", "Sam Nurse")
    save(store, "c48-sams", [user("can i talk to a nurse", "request_human", channel="socketio")])
    ticket = app.ctx.tickets.create("c48-sams", "socketio", "visitor_request")
    first.get("/queue")
    second.get("/queue")
    assert notice_of(first.post("/queue/claim", {"ticket": ticket.id})) == "claimed"
    # Before stop 48 the second Sam's claim said "claimed" (the name matched) and took nothing from anyone.
    assert notice_of(second.post("/queue/claim", {"ticket": ticket.id})) == "claimed_by_other"

    seconds = queue_row(second.get("/queue").text, ticket.id)
    assert 'action="/queue/reply"' not in seconds and "has this conversation" in seconds
    assert "(you)" not in seconds and "sam.one@clinic.example" in seconds  # which Sam, when the names are alike
    firsts = queue_row(first.get("/queue").text, ticket.id)
    assert 'action="/queue/reply"' in firsts and "(you)" in firsts

    # The second Sam's reply is not sent; their close asks first.
    refused = second.post("/queue/reply", {"ticket": ticket.id, "text": "Hello, Sam here"})
    assert refused.status == 200 and "Reply not sent" in refused.text and rasa_calls == []
    asked = second.post("/queue/close", {"ticket": ticket.id})
    assert asked.status == 200 and "Check with them first" in asked.text
    assert app.ctx.tickets.get(ticket.id).status == "claimed"
    assert notice_of(first.post("/queue/reply", {"ticket": ticket.id, "text": "Hello, Sam here"})).startswith("sent_")

    # Taking over names the account, and then the first Sam is the one refused.
    take_over = second.get("/queue").text
    assert "Take over from Sam Nurse" in take_over
    form = queue_row(take_over, ticket.id)
    staff_id = form.split('name="from_staff" value="', 1)[1].split('"', 1)[0]
    assert notice_of(second.post("/queue/claim", {"ticket": ticket.id, "from": "Sam Nurse", "from_staff": staff_id})) == "taken_over"
    assert "Reply not sent" in first.post("/queue/reply", {"ticket": ticket.id, "text": "me again"}).text


def test_disabling_one_sam_releases_only_their_tickets(admin, app, store, rasa_calls):
    first = sign_in(app, "sam.one@clinic.example", "Sam Nurse")
    sign_in(app, "sam.two@clinic.example", "Sam Nurse")
    save(store, "c48-rel", [user("can i talk to a nurse", "request_human", channel="socketio")])
    ticket = app.ctx.tickets.create("c48-rel", "socketio", "visitor_request")
    first.get("/queue")
    assert notice_of(first.post("/queue/claim", {"ticket": ticket.id})) == "claimed"
    with app.ctx.engine.connect() as connection:
        two = connection.execute(sa.text("select id from console_staff where email = 'sam.two@clinic.example'")).scalar()
    admin.get("/admin/")
    admin.post("/admin/staff/update", {"staff_id": str(two), "role": "staff", "active": "no"})
    assert app.ctx.tickets.get(ticket.id).status == "claimed"


# --- 3. deleting old conversations asks first --------------------------------------------------------


def test_deleting_old_conversations_asks_first_and_says_how_many(admin, app, store, rasa_calls):
    old = time.time() - 400 * 86400
    for n in range(3):
        save(store, f"c48-old-{n}", [user("how much is it", "ask_cost", at=old + n)])
    save(store, "c48-new", [user("how much is it", "ask_cost")])
    admin.get("/admin/")
    asked = admin.post("/admin/retention/run", {})
    # Before stop 48 the click deleted at once (303 to "retention_ran").
    assert asked.status == 200, asked.headers.get("location")
    assert "Delete 3 conversations?" in asked.text and "365 days" in asked.text
    assert 'name="confirm" value="yes"' in asked.text and "No, keep them" in asked.text
    with app.ctx.engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(conversations)).scalar() == 4

    # More became old since the page was shown: asked again, with the new number.
    save(store, "c48-old-3", [user("price?", "ask_cost", at=old)])
    again = admin.post("/admin/retention/run", {"confirm": "yes", "expected": "3"})
    assert again.status == 200 and "Delete 4 conversations?" in again.text

    assert notice_of(admin.post("/admin/retention/run", {"confirm": "yes", "expected": "4"})) == "retention_ran"
    with app.ctx.engine.connect() as connection:
        left = [row[0] for row in connection.execute(sa.select(conversations.c.conversation_id))]
        runs = connection.execute(
            sa.select(audit_log.c.actor, audit_log.c.detail).where(audit_log.c.action == "retention.delete")
        ).all()
    assert left == ["c48-new"]
    assert [actor for actor, _ in runs] == ["admin@clinic.example"]
    assert runs[0][1].startswith("4 conversations") and "by hand" in runs[0][1]


def test_nothing_old_says_so_and_offers_no_deletion(admin, app, store):
    save(store, "c48-fresh", [user("how much is it", "ask_cost")])
    admin.get("/admin/")
    asked = admin.post("/admin/retention/run", {})
    assert asked.status == 200 and "Nothing is older than 365 days" in asked.text
    assert 'name="confirm" value="yes"' not in asked.text


def test_a_staff_member_cannot_reach_the_deletion(staff, app):
    staff.get("/conversations")
    assert staff.post("/admin/retention/run", {"confirm": "yes", "expected": "0"}).status in (303, 403)


# --- 4. the CSV export in clinic time ----------------------------------------------------------------


def test_the_csv_keeps_utc_and_adds_the_clinic_time(admin, app, store):
    import datetime as dt

    at = dt.datetime(2026, 7, 1, 12, 30, 5, tzinfo=dt.timezone.utc).timestamp()
    save(store, "c48-csv", [user("does it hurt", "ask_pain", at=at)])
    admin.get("/conversations")
    exported = admin.post("/export", {"scope": "selected", "ids": "c48-csv", "format": "csv"})
    rows = list(csv.reader(io.StringIO(exported.text)))
    header = rows[0]
    assert tuple(header[: len(CSV_COLUMNS)]) == CSV_COLUMNS  # the existing columns, where they were
    assert header[-1] == "clinic_time"
    row = dict(zip(header, rows[1]))
    assert row["time"] == "2026-07-01T12:30:05+00:00"
    local = dt.datetime.fromtimestamp(at, app.ctx.tz).strftime("%Y-%m-%d %H:%M:%S")
    assert row["clinic_time"] == local
    page = admin.get("/transcript?id=c48-csv").text
    assert local[:16] in page  # what the pages show, to the minute


# --- found on the walk: a reply from the transcript went back to the top of the page ---------------


def test_after_a_reply_the_transcript_opens_at_the_box_with_the_outcome_beside_it(admin, store, app, rasa_calls):
    save(store, "twilio:+15550148001", [user("can someone help me with aftercare", "request_human", channel="twilio")])
    ticket = app.ctx.tickets.create("twilio:+15550148001", "twilio", "visitor_request")
    admin.get("/queue")
    admin.post("/queue/claim", {"ticket": ticket.id, "back": "transcript"})
    sent = admin.post("/queue/reply", {"ticket": ticket.id, "text": "Hi, Ada here.", "back": "transcript"})
    # Before: /transcript?id=…&notice=sent_sms, the top of a long transcript, after every reply.
    location = sent.headers["location"]
    assert location.endswith(f"#reply-{ticket.id}") and "notice=sent_sms" in location
    page = admin.get(location.split("#")[0]).text
    notice = page.index("Reply sent to the visitor by SMS.")
    assert page.index("</ol>") < notice < page.index(f'id="reply-{ticket.id}"')
    assert page.count("Reply sent to the visitor by SMS.") == 1  # beside the box, not also at the top
    # From the queue nothing changes.
    assert "#" not in admin.post("/queue/reply", {"ticket": ticket.id, "text": "Again."}).headers["location"]


# --- found on the walk: the conversation list on a phone ----------------------------------------------


def test_the_conversation_list_names_its_fields_on_a_phone(admin, store):
    save(store, "c48-list", [user("how much is it", "ask_cost")])
    page = admin.get("/conversations").text
    row = page[page.index("c48-list"):]
    row = row[: row.index("</tr>")]
    # Before: on a phone the cells stood one under the other unnamed ("2", "not yet").
    for label in ("Started", "Last message", "Channel", "Turns", "Intents seen", "Flags", "Review"):
        assert f'data-label="{label}"' in row, label
