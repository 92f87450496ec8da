"""What a tester acting as clinic staff found in the console (probe h71):
training suggestions, CSV export, redaction of the clinic's own numbers,
search, accounts and tickets of a disabled account. SQLite and PostgreSQL."""
from __future__ import annotations

import csv
import io
import json
from urllib.parse import urlencode

import sqlalchemy as sa
import yaml
from rasa.shared.core.events import UserUttered

from clinic_assistant import clinic_config
from clinic_assistant.tickets import CLAIMED, CLOSED, OPEN
from console import audit, auth, training
from console.db import corrections, events
from testkit.console_support import PASSWORD, bot, save, user
from testkit.helpers import ROOT


def user_event_ids(app, sender: str):
    with app.ctx.engine.connect() as connection:
        return [row[0] for row in connection.execute(
            sa.select(events.c.id).where(events.c.sender_id == sender).where(events.c.type_name == "user").order_by(events.c.id)
        )]


def suggest(client, conversation: str, event_id: int, intent: str) -> str:
    client.get(f"/transcript?id={conversation}")
    response = client.post("/transcript/correct", {"conversation_id": conversation, "event_id": str(event_id), "intent": intent})
    assert response.status == 303
    return response.headers["location"]


def suggestion_ids(admin):
    page = admin.get("/admin/").text
    return [part.split('"')[0] for part in page.split('name="suggestion" value="')[1:]], page


def test_a_message_with_contact_details_never_reaches_the_training_file(admin, staff, store, app, tmp_path):
    save(store, "c1", [user("07700 900123, Jo, best after 5pm", "affirm", 0.5), user("mail me at jo@example.com", "affirm", 0.5)])
    for event_id in user_event_ids(app, "c1"):
        assert "training_contact" in suggest(staff, "c1", event_id, "request_human")
    assert "contact details" in staff.get(suggest(staff, "c1", event_id, "request_human")).text
    ids, page = suggestion_ids(admin)
    assert ids == [] and "07700" not in page
    assert not (tmp_path / "console_reviewed.yml").exists()


def test_one_message_is_filed_under_one_intent_only(admin, staff, store, app, tmp_path):
    save(store, "c1", [user("i'm on the pill and i use tretinoin cream every night, can i still get it?", "ask_pain", 0.5)])
    save(store, "c2", [user("I'm on the pill and I use tretinoin cream every night,  can I still get it?", "ask_pain", 0.5)])
    [first], [second] = user_event_ids(app, "c1"), user_event_ids(app, "c2")
    assert "suggested" in suggest(staff, "c1", first, "ask_contraindication")
    assert "training_duplicate" in suggest(staff, "c1", first, "ask_contraindication")
    assert "training_same" in suggest(staff, "c1", first, "ask_pain")  # what the assistant already read
    # The same words in another conversation, under another intent: refused, with a reason.
    refused = suggest(admin, "c2", second, "ask_cost")
    assert "training_conflict" in refused and "one message can teach only one intent" in admin.get(refused).text
    [suggestion], _ = suggestion_ids(admin)
    assert "approved" in admin.post("/admin/suggestions", {"suggestion": suggestion, "decision": "approve"}).headers["location"]
    assert "training_conflict" in suggest(admin, "c2", second, "ask_cost")  # approved counts too
    data = yaml.safe_load((tmp_path / "console_reviewed.yml").read_text())
    assert [block["intent"] for block in data["nlu"]] == ["ask_contraindication"]


def test_two_pending_suggestions_stored_before_the_check_cannot_both_be_approved(admin, store, app, tmp_path):
    save(store, "c1", [user("can i still get it on the pill", "ask_pain", 0.5)])
    [event_id] = user_event_ids(app, "c1")
    with app.ctx.engine.begin() as connection:  # as an older console stored them
        for intent in ("ask_contraindication", "ask_cost"):
            connection.execute(corrections.insert().values(
                event_id=event_id, conversation_id="c1", text="can i still get it on the pill", predicted="ask_pain",
                intent=intent, suggested_by="sam@clinic.example", status="pending", created_at=0.0,
            ))
    ids, _ = suggestion_ids(admin)
    assert len(ids) == 2 and training.count_pending(app.ctx.engine) == 2
    assert "training_conflict" in admin.post("/admin/suggestions", {"suggestion": ids[0], "decision": "approve"}).headers["location"]
    assert "rejected" in admin.post("/admin/suggestions", {"suggestion": ids[1], "decision": "reject"}).headers["location"]
    assert "approved" in admin.post("/admin/suggestions", {"suggestion": ids[0], "decision": "approve"}).headers["location"]
    data = yaml.safe_load((tmp_path / "console_reviewed.yml").read_text())
    assert data["nlu"] == [{"intent": "ask_contraindication", "examples": "- can i still get it on the pill\n"}]


def test_a_message_with_several_questions_is_flagged_and_needs_an_explicit_approval(admin, staff, store, app, tmp_path):
    text = "Does it hurt? How long is the downtime? How much does it cost? Do you do PRP?"
    save(store, "c1", [user(text, "ask_cost", 0.5)])
    [event_id] = user_event_ids(app, "c1")
    assert "suggested" in suggest(staff, "c1", event_id, "ask_pain")
    [suggestion], page = suggestion_ids(admin)
    assert "Several questions" in page and 'value="approve_several"' in page
    refused = admin.post("/admin/suggestions", {"suggestion": suggestion, "decision": "approve"}).headers["location"]
    assert "training_several" in refused and "asks several questions" in admin.get(refused).text
    assert not (tmp_path / "console_reviewed.yml").exists()
    assert "approved" in admin.post("/admin/suggestions", {"suggestion": suggestion, "decision": "approve_several"}).headers["location"]
    assert text in (tmp_path / "console_reviewed.yml").read_text()


def test_csv_export_carries_tags_review_and_notes_when_asked(admin, store):
    save(store, "c1", [user("How much does it cost? Do you do PRP?", "ask_cost"), *bot("It costs $300.")])
    save(store, "c2", [user("hello", "greet")])
    admin.get("/transcript?id=c1")
    admin.post("/transcript/review", {"conversation_id": "c1", "status": "reviewed", "note": "Dropped PRP question; call 07700 900123"})
    admin.post("/transcript/tag", {"conversation_id": "c1", "tag": "missed question"})
    admin.get("/conversations")
    with_notes = admin.post("/export", {"scope": "selected", "ids": ["c1", "c2"], "format": "csv", "notes": "yes"}).text
    rows = list(csv.DictReader(io.StringIO(with_notes)))
    first = [row for row in rows if row["text"].startswith("How much")][0]
    assert first["note"] == "Dropped PRP question; call [phone]"  # redacted like the messages
    assert first["tags"] == "missed question" and first["reviewed"] == "yes"
    assert [row["reviewed"] for row in rows if row["text"] == "hello"] == ["no"]
    without = list(csv.DictReader(io.StringIO(admin.post("/export", {"scope": "selected", "ids": "c1", "format": "csv"}).text)))
    assert "note" not in without[0] and without[0]["tags"] == "missed question"


def test_a_redacted_export_keeps_the_clinics_own_numbers_but_never_the_visitors(admin, staff, store, app):
    clinic = clinic_config.current().clinic
    save(store, "c1", [
        user(f"my number is 07700 900123, or is it {clinic['phone']}?", "request_human"),
        *bot(f"Call us on {clinic['phone']}, or when we're closed, {clinic['out_of_hours']}. Or ring 07700 900123."),
        *bot(f"To talk to someone, {clinic['crisis_line']}; {clinic['abuse_line']}; emergency: {clinic['emergency_number']}"),
    ])
    staff.get("/conversations")
    exported = json.loads(staff.post("/export", {"scope": "selected", "ids": "c1", "format": "json"}).text)
    visitor, answer, crisis = [message["text"] for message in exported["conversations"][0]["messages"]]
    assert visitor == "my number is [phone], or is it [phone]?"
    assert clinic["phone"] in answer and "(555) 010-4499" in answer and "07700" not in answer and "[phone]" in answer
    assert "1-800-799-7233" in crisis and "988" in crisis and "[phone]" not in crisis


def test_a_search_with_no_searchable_words_says_so_and_matches_nothing(admin, store):
    save(store, "c1", [user("😍😍 how long is the downtime? 🙈", "ask_downtime")])
    save(store, "c2", [user("price", "ask_cost")])
    page = admin.get("/conversations?" + urlencode({"q": "😍"})).text
    assert "0 found" in page and "no letters or digits" in page
    assert "1 found" in admin.get("/conversations?" + urlencode({"q": "downtime"})).text
    exported = admin.post("/export", {"scope": "filtered", "format": "json", "q": "😍"})
    assert "no_selection" in exported.headers["location"]


def test_creating_an_account_that_exists_or_with_a_long_name_says_why(admin, staff, app):
    admin.get("/admin/")
    for email in ("sam@clinic.example", "SAM@Clinic.Example"):
        location = admin.post("/admin/staff", {"email": email, "name": "Sam Two", "password": PASSWORD, "role": "staff"}).headers["location"]
        assert "account_exists" in location and "An account with that e-mail already exists." in admin.get(location).text
    long_name = "A" * 300
    location = admin.post("/admin/staff", {"email": "long@clinic.example", "name": long_name, "password": PASSWORD, "role": "staff"}).headers["location"]
    assert "name_too_long" in location and "at most 60 characters" in admin.get(location).text
    assert auth.sign_in(app.ctx.engine, "long@clinic.example", PASSWORD).staff is None
    ok = "B" * auth.MAX_NAME_LENGTH
    assert "staff_created" in admin.post("/admin/staff", {"email": "ok@clinic.example", "name": ok, "password": PASSWORD, "role": "staff"}).headers["location"]
    assert 'maxlength="60"' in admin.get("/admin/").text


def test_disabling_an_account_puts_its_claimed_tickets_back_in_the_queue(admin, staff, app):
    theirs = app.ctx.tickets.create("c-sam", "socketio", "visitor_request")
    closed = app.ctx.tickets.create("c-done", "socketio", "visitor_request")
    admins = app.ctx.tickets.create("c-ada", "socketio", "visitor_request")
    staff.get("/queue")
    for ticket in (theirs, closed):
        assert "claimed" in staff.post("/queue/claim", {"ticket": ticket.id}).headers["location"]
    app.ctx.tickets.close(closed.id)
    admin.get("/queue")
    admin.post("/queue/claim", {"ticket": admins.id})
    # Someone else with the same name claims in the account of another person: not Sam's claim.
    twin = app.ctx.tickets.create("c-twin", "socketio", "visitor_request")
    app.ctx.tickets.claim(twin.id, "Sam Staff")
    sam_id = auth.sign_in(app.ctx.engine, "sam@clinic.example", PASSWORD).staff.id
    admin.get("/admin/")
    location = admin.post("/admin/staff/update", {"staff_id": str(sam_id), "role": "staff", "active": "no"}).headers["location"]
    assert "staff_updated_released" in location and "back in the queue" in admin.get(location).text
    released = app.ctx.tickets.get(theirs.id)
    assert released.status == OPEN and released.claimed_by is None
    assert app.ctx.tickets.get(closed.id).status == CLOSED
    assert app.ctx.tickets.get(admins.id).claimed_by == "Ada Admin" and app.ctx.tickets.get(twin.id).status == CLAIMED
    queue = admin.get("/queue").text
    assert "claimed by Sam Staff" not in queue.split(theirs.id)[1].split("</tr>")[0]
    entries = [e for e in audit.recent(app.ctx.engine) if e["action"] == "ticket.release"]
    assert [(e["actor"], e["target"]) for e in entries] == [("admin@clinic.example", theirs.id)]
    # Enabling the account again releases nothing more.
    assert "staff_updated" in admin.post("/admin/staff/update", {"staff_id": str(sam_id), "role": "staff", "active": "yes"}).headers["location"]


def test_an_urgent_queue_row_keeps_its_cells_in_the_table(admin, store, app):
    save(store, "c-urgent", [user("my lip is swollen and i can't breathe well", "report_symptom")])
    urgent = app.ctx.tickets.create("c-urgent", "socketio", "urgent_symptom", urgent=True)
    admin.get("/conversations")  # indexes the conversation (the console's background indexer does it when running)
    row = admin.get("/queue").text.split('<tr class="urgent">')[1].split("</tr>")[0]
    cells = row.split("<td")[1:]
    # No cell is itself the block-display preview (that broke the row in two).
    assert not any(cell.startswith(' class="preview"') for cell in cells)
    assert '<span class="preview">my lip is swollen' in row and cells[0].startswith(' class="ticket-id"') and urgent.id in cells[0]
    css = (ROOT / "console" / "static" / "console.css").read_text()
    assert ".ticket-id { white-space: nowrap; }" in css


def crisis_message(text: str, kind) -> UserUttered:
    """A visitor message as Rasa stores it after the crisis classifier's parse."""
    intent = {"name": "report_symptom", "confidence": 1.0}
    return UserUttered(text, intent=intent, parse_data={"intent": intent, "entities": [], "text": text, "crisis": kind}, input_channel="rest")


def test_a_crisis_ticket_says_so_in_the_queue_and_the_transcript(admin, store, app):
    save(store, "c-lip", [user("my lip is really swollen after yesterday", "report_symptom")])
    save(store, "c-overdose", [crisis_message("took like 20 paracetamol an hour ago", "poisoning"), user("does microneedling hurt")])
    save(store, "c-false", [crisis_message("i nearly fainted once at a blood test years ago", None)])
    lip = app.ctx.tickets.create("c-lip", "socketio", "urgent_symptom", urgent=True)
    overdose = app.ctx.tickets.create("c-overdose", "socketio", "urgent_symptom", urgent=True)
    false_alarm = app.ctx.tickets.create("c-false", "socketio", "urgent_symptom", urgent=True)
    admin.get("/conversations")
    queue = admin.get("/queue").text
    assert queue.index(overdose.id) < queue.index(lip.id) < queue.index(false_alarm.id)  # the crisis first
    overdose_row = queue.split(overdose.id)[1].split("</tr>")[0]
    assert "urgent: crisis (overdose or poisoning)" in overdose_row
    assert "crisis" not in queue.split(lip.id)[1].split("</tr>")[0] and "crisis" not in queue.split(false_alarm.id)[1].split("</tr>")[0]
    header = admin.get("/transcript?id=c-overdose").text.split("<h2>Ticket")[1].split("</h2>")[0]
    assert "urgent: crisis (overdose or poisoning)" in header
    assert "urgent_symptom" in admin.get("/transcript?id=c-lip").text.split("<h2>Ticket")[1].split("</h2>")[0]
    # The ticket itself (and so the handoff payload and notifications) keeps the contract's reason.
    assert app.ctx.tickets.get(overdose.id).reason == "urgent_symptom"
