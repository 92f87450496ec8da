"""Personal data really goes (issue 13): redacted exports carry pseudonyms,
not phone numbers, and no staff notes unless asked; retention takes the
visitor's words out of training suggestions and the training file and the
conversation's id out of the audit log; every transcript read is audited.
On SQLite and on the real PostgreSQL (tests/console/conftest.py)."""
from __future__ import annotations

import json
from urllib.parse import urlencode

import sqlalchemy as sa
import yaml

from clinic_assistant.pii import pseudonym
from console import training
from console.db import audit_log, corrections, events, put_setting
from console.retention import SETTING, delete_expired
from testkit.console_support import now, save, user

WHATSAPP = "twilio:whatsapp:+15557654321"
SMS = "twilio:+15550001111"


def page(path, **query):
    return f"{path}?{urlencode(query)}"  # "+" in a phone number must reach the console as "+"


def audit_rows(app):
    with app.ctx.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(sa.select(audit_log).order_by(audit_log.c.id))]


def test_a_redacted_export_has_stable_pseudonyms_and_no_notes_unless_asked(admin, staff, store, app):
    save(store, WHATSAPP, [user("my number is +1 555 765 4321", channel="twilio")])
    admin.get(page("/transcript", id=WHATSAPP))
    admin.post("/transcript/review", {"conversation_id": WHATSAPP, "status": "reviewed", "note": "called her on +1 555 765 4321"})

    staff.get("/conversations")
    first = staff.post("/export", {"scope": "selected", "ids": WHATSAPP, "format": "json"}).text
    second = staff.post("/export", {"scope": "selected", "ids": WHATSAPP, "format": "csv"}).text
    for body in (first, second):
        assert "5557654321" not in body.replace(" ", "") and "765 4321" not in body and "called her" not in body
    exported = json.loads(first)["conversations"][0]
    assert exported["conversation_id"] == pseudonym(WHATSAPP) and exported["conversation_id"] in second
    assert "note" not in exported

    with_notes = json.loads(staff.post("/export", {"scope": "selected", "ids": WHATSAPP, "format": "json", "notes": "yes"}).text)
    assert with_notes["conversations"][0]["note"] == "called her on [phone]"

    admin.get("/conversations")
    raw = json.loads(admin.post("/export", {"scope": "selected", "ids": WHATSAPP, "format": "json", "unredacted": "yes"}).text)
    assert raw["conversations"][0]["conversation_id"] == WHATSAPP and "note" not in raw["conversations"][0]


def test_reading_transcript_updates_is_audited(admin, store, app):
    save(store, SMS, [user("hello"), user("is it sore afterwards?")])
    before = len(audit_rows(app))
    reply = json.loads(admin.get(page("/transcript/updates", id=SMS, after=0)).text)
    assert "is it sore afterwards?" in reply["html"]
    entries = audit_rows(app)[before:]
    assert [(e["actor"], e["action"], e["target"]) for e in entries] == [("admin@clinic.example", "conversation.read", SMS)]
    # A poll that brings nothing new reads nothing and records nothing.
    admin.get(page("/transcript/updates", id=SMS, after=reply["last"]))
    assert len(audit_rows(app)) == before + 1


def approve(admin, conversation_id, text, intent):
    """A staff correction of the conversation's last visitor message (`text`), approved."""
    with admin.app.ctx.engine.connect() as connection:
        event_id = connection.execute(
            sa.select(sa.func.max(events.c.id)).where(events.c.sender_id == conversation_id).where(events.c.type_name == "user")
        ).scalar()
    admin.get(page("/transcript", id=conversation_id))
    assert "suggested" in admin.post(
        "/transcript/correct", {"conversation_id": conversation_id, "event_id": str(event_id), "intent": intent}
    ).headers["location"]
    admin_page = admin.get("/admin/").text
    suggestion = admin_page.split('name="suggestion" value="')[-1].split('"')[0]
    assert admin.post("/admin/suggestions", {"suggestion": suggestion, "decision": "approve"}).status == 303


def test_retention_takes_the_visitors_words_and_ids_with_the_conversation(admin, store, app, tmp_path):
    old = now() - 400 * 86400
    # (A message with the visitor's number is never approved: test_h71_console.py.)
    save(store, WHATSAPP, [user("please call me back about the needles", "ask_cost", at=old)])
    save(store, "old-2", [user("same words everywhere", "ask_cost", at=old)])
    save(store, "recent", [user("hello", "greet"), user("same words everywhere", "ask_cost")])
    approve(admin, WHATSAPP, "please call me back about the needles", "request_human")
    approve(admin, "old-2", "same words everywhere", "ask_procedure")
    approve(admin, "recent", "same words everywhere", "ask_procedure")  # the same example, from a kept conversation
    training_file = training.training_file()
    with open(training_file, "a", encoding="utf-8") as handle:  # an example an admin typed in by hand
        handle.write("    - a hand-written example\n")
    admin.get(page("/transcript", id=WHATSAPP))
    admin.get("/conversations")
    admin.post("/export", {"scope": "selected", "ids": [WHATSAPP, "recent"], "format": "csv", "unredacted": "yes"})

    with app.ctx.engine.begin() as connection:
        put_setting(connection, SETTING, "365")
    assert delete_expired(app.ctx.engine, "test") == 2

    with app.ctx.engine.connect() as connection:
        left = [(row.conversation_id, row.text) for row in connection.execute(sa.select(corrections))]
    assert left == [("recent", "same words everywhere")]
    data = yaml.safe_load(training_file.read_text())
    examples = {block["intent"]: block["examples"] for block in data["nlu"]}
    assert "needles" not in training_file.read_text()
    assert "same words everywhere" in examples["ask_procedure"]
    assert examples["request_human"] == "- a hand-written example\n"  # what an admin wrote by hand stays

    rows = audit_rows(app)
    dumped = json.dumps(rows)
    assert WHATSAPP not in dumped and "old-2" not in dumped
    assert any(row["target"] == pseudonym(WHATSAPP) and row["action"] == "conversation.view" for row in rows)
    export = [row for row in rows if row["action"] == "export.unredacted"][0]
    assert pseudonym(WHATSAPP) in export["detail"] and "recent" in export["detail"]
    assert "training examples removed" in rows[-1]["detail"]
