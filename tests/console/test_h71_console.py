"""What a tester acting as clinic staff found in the console (probe h71):
training suggestions, CSV export, redaction of the clinic's own numbers,
search, accounts and tickets of a disabled account. SQLite and PostgreSQL."""
from __future__ import annotations

import sqlalchemy as sa
import yaml

from console import training
from console.db import corrections, events
from testkit.console_support import save, user


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
