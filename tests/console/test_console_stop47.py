"""The staff console on a busy day (stop 47, helper h90), SQLite and PostgreSQL:

- closing the ticket of a visitor who texted STOP sends them nothing (the
  hand-back's "the assistant is back" text included), and staff are told so;
- closing an urgent ticket that is not a crisis asks first, in words, as a
  crisis ticket does.

Rasa's HTTP API is replaced at its lowest call (console.rasa_api._post), so the
tests see exactly which requests the console would make.
"""
from __future__ import annotations

import time
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
from rasa.shared.core.events import BotUttered

from channels import sms_opt_outs
from console.db import audit_log, events
from console.web import NOTICES, WARNINGS
from testkit.console_support import notice_of, save, user

SMS = "twilio:+15550147001"
WHATSAPP = "twilio:whatsapp:+15550147002"


def queue_row(page: str, ticket_id: str) -> str:
    start = page.index(f">{ticket_id}</a>")
    return page[page.rindex("<tr", 0, start): page.index("</tr>", start)]


def claimed(app, conversation_id: str, channel: str, reason: str = "visitor_request", urgent: bool = False):
    ticket = app.ctx.tickets.create(conversation_id, channel, reason, urgent=urgent)
    app.ctx.tickets.claim(ticket.id, "Ada Admin")
    return app.ctx.tickets.get(ticket.id)


# --- 1. STOP: closing sends nothing ------------------------------------------------------------------


@pytest.mark.parametrize("conversation_id", [SMS, WHATSAPP])
def test_closing_the_ticket_of_a_visitor_who_texted_stop_sends_them_nothing(admin, store, app, rasa_calls, conversation_id):
    save(store, conversation_id, [user("can someone call me back", "request_human", channel="twilio")])
    ticket = claimed(app, conversation_id, "twilio")
    sms_opt_outs.record(app.ctx.engine, conversation_id, stopped=True)
    page = admin.get("/transcript?" + urlencode({"id": conversation_id})).text
    assert "closing the ticket sends them nothing" in page  # said before the click, beside the button

    notice = notice_of(admin.post("/queue/close", {"ticket": ticket.id, "back": "transcript"}))
    assert notice == "closed_opted_out" and notice in WARNINGS
    assert "Nothing was sent to the visitor" in NOTICES[notice] and "texted STOP" in NOTICES[notice]
    assert app.ctx.tickets.get(ticket.id).status == "closed"
    # One request: the hand-back's slots, with no output channel and no bot message.
    # Before stop 47 this was action_handback run with output_channel=twilio: a text to a number that said STOP.
    assert len(rasa_calls) == 1, rasa_calls
    path, params, body = rasa_calls[0]
    assert path.endswith("/tracker/events") and "output_channel" not in params and "execute_side_effects" not in params
    assert {event["event"] for event in body} == {"slot"}
    assert {event["name"] for event in body} >= {"handoff_ticket", "handoff_urgent"}
    assert all(event["value"] is None for event in body)
    with app.ctx.engine.connect() as connection:
        detail = connection.execute(
            sa.select(audit_log.c.detail).where(audit_log.c.action == "ticket.close").where(audit_log.c.target == ticket.id)
        ).scalar()
    assert "nothing sent: texted STOP" in detail


def test_after_start_closing_tells_the_visitor_again(admin, store, app, rasa_calls):
    save(store, SMS, [user("can someone call me back", "request_human", channel="twilio")])
    ticket = claimed(app, SMS, "twilio")
    sms_opt_outs.record(app.ctx.engine, SMS, stopped=True)
    sms_opt_outs.record(app.ctx.engine, SMS, stopped=False)  # START
    admin.get("/queue")
    assert notice_of(admin.post("/queue/close", {"ticket": ticket.id})) == "closed"
    [(path, params, body)] = rasa_calls
    assert path.endswith("/execute") and params["output_channel"] == "twilio" and body == {"name": "action_handback"}


def test_the_hand_back_slots_are_the_ones_action_handback_empties():
    from actions.handoff.handoff import CONTACT_PROMPT_SLOT, HANDOFF_SLOT, URGENT_SLOT
    from console.rasa_api import HANDBACK_SLOTS

    assert set(HANDBACK_SLOTS) == {HANDOFF_SLOT, URGENT_SLOT, CONTACT_PROMPT_SLOT}


# --- 2. an urgent ticket asks before it closes -------------------------------------------------------


def test_closing_an_urgent_ticket_asks_first_in_words(admin, store, app, rasa_calls):
    save(store, "c47-lip", [user("my lip is really swollen since the treatment", "report_symptom", channel="socketio")])
    lip = claimed(app, "c47-lip", "socketio", "urgent_symptom", urgent=True)
    admin.get("/queue")

    asked = admin.post("/queue/close", {"ticket": lip.id, "back": "transcript"})
    assert asked.status == 200, asked.headers.get("location")  # before stop 47: closed at once (303)
    assert "Close this urgent ticket?" in asked.text and "CRISIS" not in asked.text
    assert lip.id in asked.text and "emergency signs" in asked.text and "Website chat visitor" in asked.text
    assert "tells the visitor so" in asked.text
    assert "Yes, close the urgent ticket" in asked.text and 'name="confirm" value="yes"' in asked.text
    assert 'href="/transcript?id=c47-lip">No, keep it open' in asked.text  # back where staff came from
    assert app.ctx.tickets.get(lip.id).status == "claimed" and rasa_calls == []  # nothing changed yet

    assert notice_of(admin.post("/queue/close", {"ticket": lip.id, "back": "queue", "confirm": "yes"})) == "closed"
    assert app.ctx.tickets.get(lip.id).status == "closed" and len(rasa_calls) == 1


def test_an_urgent_ticket_of_a_visitor_who_texted_stop_says_nothing_is_sent(admin, store, app, rasa_calls):
    save(store, SMS, [user("my whole face is swollen and i feel hot", "report_symptom", channel="twilio")])
    ticket = claimed(app, SMS, "twilio", "urgent_symptom", urgent=True)
    sms_opt_outs.record(app.ctx.engine, SMS, stopped=True)
    admin.get("/queue")
    asked = admin.post("/queue/close", {"ticket": ticket.id})
    assert asked.status == 200 and "Close this urgent ticket?" in asked.text and "SMS visitor" in asked.text
    assert "Nothing is sent to the visitor" in asked.text and "tells the visitor so" not in asked.text
    assert notice_of(admin.post("/queue/close", {"ticket": ticket.id, "confirm": "yes"})) == "closed_opted_out"
    assert [path.rsplit("/", 1)[1] for path, _, _ in rasa_calls] == ["events"]


def test_a_plain_ticket_still_closes_at_once(admin, store, app, rasa_calls):
    save(store, "c47-plain", [user("can i talk to someone", "request_human", channel="socketio")])
    plain = claimed(app, "c47-plain", "socketio")
    admin.get("/queue")
    assert notice_of(admin.post("/queue/close", {"ticket": plain.id})) == "closed"


# --- 3. two staff members at once -----------------------------------------------------------------


def test_a_second_claim_does_not_take_the_ticket_silently(admin, staff, store, app, rasa_calls):
    save(store, "c47-two", [user("can i talk to someone", "request_human", channel="socketio")])
    ticket = app.ctx.tickets.create("c47-two", "socketio", "visitor_request")
    admin.get("/queue")
    staff.get("/queue")  # both see "Claim"
    assert notice_of(admin.post("/queue/claim", {"ticket": ticket.id})) == "claimed"
    # Before stop 47 Sam's click made the ticket Sam's and told Sam "You have the conversation now" too.
    notice = notice_of(staff.post("/queue/claim", {"ticket": ticket.id}))
    assert notice == "claimed_by_other" and notice in WARNINGS and "nothing changed" in NOTICES[notice]
    assert app.ctx.tickets.get(ticket.id).claimed_by == "Ada Admin"

    # Sam sees whose it is and no reply box; Ada sees hers.
    sams = queue_row(staff.get("/queue").text, ticket.id)
    assert "<strong>Ada Admin</strong> has this conversation" in sams and 'action="/queue/reply"' not in sams
    assert "Take over from Ada Admin" in sams and 'name="from" value="Ada Admin"' in sams
    adas = queue_row(admin.get("/queue").text, ticket.id)
    assert 'action="/queue/reply"' in adas and "by Ada Admin (you)" in adas

    # A reply posted by Sam anyway (a page left open) is not sent, and the text is kept.
    refused = staff.post("/queue/reply", {"ticket": ticket.id, "text": "Hi, Sam here, how can I help?"})
    assert refused.status == 200 and "Reply not sent: Ada Admin has this conversation" in refused.text
    assert "Hi, Sam here, how can I help?" in refused.text and rasa_calls == []

    # Taking over is on purpose, only from the person named, and audited as a claim.
    assert notice_of(staff.post("/queue/claim", {"ticket": ticket.id, "from": "Someone Else"})) == "claimed_by_other"
    assert notice_of(staff.post("/queue/claim", {"ticket": ticket.id, "from": "Ada Admin"})) == "taken_over"
    assert app.ctx.tickets.get(ticket.id).claimed_by == "Sam Staff"
    with app.ctx.engine.connect() as connection:
        claims = connection.execute(
            sa.select(audit_log.c.actor, audit_log.c.detail).where(audit_log.c.action == "ticket.claim")
            .where(audit_log.c.target == ticket.id).order_by(audit_log.c.id)
        ).all()
    assert [actor for actor, _ in claims] == ["admin@clinic.example", "sam@clinic.example"]
    assert "taken over from Ada Admin" in claims[-1][1]
    # Now Ada's reply is the one refused; Sam's goes.
    assert "Reply not sent: Sam Staff has this conversation" in admin.post("/queue/reply", {"ticket": ticket.id, "text": "Ada again"}).text
    staff.get("/queue")
    assert notice_of(staff.post("/queue/reply", {"ticket": ticket.id, "text": "Hi, Sam here."})).startswith("sent_")
    assert [body for path, _, body in rasa_calls if path.endswith("/tracker/events")][0][0]["text"] == "Hi, Sam here."


# --- 4. the queue says who wrote last ------------------------------------------------------------


def staff_reply(text: str, name: str, at: float) -> BotUttered:
    """A reply as console/rasa_api.py appends it."""
    return BotUttered(text, metadata={"staff": name}, timestamp=at)


def test_the_queue_says_who_wrote_last_and_who_waits_for_a_reply(admin, store, app):
    start = time.time() - 600
    save(store, "c47-waits", [user("can i talk to someone", "request_human", channel="socketio", at=start)])
    waits = claimed(app, "c47-waits", "socketio")
    # The queue reads the conversation's latest state itself (it showed nothing, or a message
    # from before, until the index caught up).
    row = queue_row(admin.get("/queue").text, waits.id)
    assert "can i talk to someone" in row and "Visitor · " in row and "Visitor waiting for a reply" in row

    save(store, "c47-waits", [staff_reply("Hi, Ada here. How can I help?", "Ada Admin", start + 60)])
    row = queue_row(admin.get("/queue").text, waits.id)
    assert "Ada Admin (staff) · " in row and "Hi, Ada here. How can I help?" in row and "waiting for a reply" not in row

    save(store, "c47-waits", [user("is it ok to go to the gym tomorrow", "ask_aftercare", channel="socketio", at=start + 120)])
    row = queue_row(admin.get("/queue").text, waits.id)
    assert "is it ok to go to the gym tomorrow" in row and "Visitor waiting for a reply · 8 min" in row

    # An open ticket waits for anyone: its Waiting column says so; no extra flag.
    save(store, "c47-open", [user("call me please", "request_human", channel="socketio")])
    unclaimed = app.ctx.tickets.create("c47-open", "socketio", "visitor_request")
    assert "waiting for a reply" not in queue_row(admin.get("/queue").text, unclaimed.id)


# --- 5. a message turned into training data says so --------------------------------------------------


def test_a_suggested_message_says_so_and_staff_land_on_it(staff, admin, store, app):
    save(store, "c47-train", [user("had it done 3 days ago, when can i wear makeup", "report_symptom", channel="socketio"),
                              user("thanks", "thank", channel="socketio")])
    with app.ctx.engine.connect() as connection:
        first = connection.execute(
            sa.select(sa.func.min(events.c.id)).where(events.c.sender_id == "c47-train").where(events.c.type_name == "user")
        ).scalar()
    staff.get("/transcript?id=c47-train")
    answer = staff.post("/transcript/correct", {"conversation_id": "c47-train", "event_id": str(first), "intent": "ask_aftercare"})
    assert answer.status == 303 and answer.headers["location"].endswith(f"#e{first}")  # back on the message, not the top
    page = staff.get("/transcript?id=c47-train").text
    message = page[page.index(f'id="e{first}"'):]
    message = message[: message.index("</li>")]
    # Before stop 47 the message showed nothing of it: staff could not tell what they had done.
    assert "Suggested as <strong>ask_aftercare</strong> by sam@clinic.example: waiting for an admin's review." in message
    assert "Suggested as" not in page[page.index("</li>", page.index(f'id="e{first}"')):]  # only on that message

    suggestion = admin.get("/admin/").text.split('name="suggestion" value="')[1].split('"')[0]
    assert admin.post("/admin/suggestions", {"suggestion": suggestion, "decision": "approve"}).status == 303
    assert "approved, in the training data" in staff.get("/transcript?id=c47-train").text


# --- 6. the transcript's bookkeeping in words --------------------------------------------------------


def test_the_contact_question_does_not_read_as_a_refusal(admin, store):
    from rasa.shared.core.events import SlotSet

    save(store, "c47-slots", [user("can a nurse call me", "request_human", channel="socketio"),
                              SlotSet("handoff_ticket", "T-47SLOT"), SlotSet("contact_consent", False)])
    page = admin.get("/transcript?id=c47-slots").text
    # Before stop 47: "contact_consent = False", which staff read as "the visitor said no".
    assert "contact_consent = False</li>" not in page
    assert "The visitor was asked for a phone number or e-mail address (not agreed to, or not answered yet)." in page
    assert "Handed to a person: ticket T-47SLOT." in page
    save(store, "c47-slots", [SlotSet("contact_consent", True), SlotSet("handoff_ticket", None)])
    page = admin.get("/transcript?id=c47-slots").text
    assert "The visitor agreed to leave a phone number or e-mail address." in page
    assert "The assistant has the conversation again (no open ticket)." in page


# --- 7. a caller looked up by their number --------------------------------------------------------------


def test_an_sms_or_whatsapp_visitor_is_found_by_their_phone_number(admin, store):
    save(store, SMS, [user("can someone call me back", "request_human", channel="twilio")])
    save(store, WHATSAPP, [user("is it sore afterwards", "ask_pain", channel="twilio")])
    save(store, "c47-web", [user("my number is 555 014 7001, call me", "request_human", channel="socketio")])
    save(store, "c47-other", [user("how much is it", "ask_cost", channel="socketio")])

    def found(query: str):
        page = admin.get("/conversations?" + urlencode({"q": query})).text
        return {conversation_id for conversation_id in (SMS, WHATSAPP, "c47-web", "c47-other") if f'value="{conversation_id}"' in page}

    # Before stop 47 only message texts were searched: the caller's own SMS conversation was not found.
    assert found("555-014-7001") == {SMS, "c47-web"}
    assert found("+1 (555) 014 7001") == {SMS}  # the "1" is not in the web visitor's message
    assert found("5550147002") == {WHATSAPP}
    assert found("how much") == {"c47-other"}  # words as before
    assert found("2024") == set()  # a short number is a word, not a phone number


def test_a_suggestion_keeps_its_column_names_on_a_phone(staff, admin, store, app):
    """On a phone the table's header is hidden and each cell shows its data-label
    (console.css): the suggestions' cells had none, so "report_symptom" and
    "ask_downtime" stood one under the other with nothing saying which was which."""
    save(store, "c47-phone", [user("had it done 3 days ago", "report_symptom", channel="socketio")])
    with app.ctx.engine.connect() as connection:
        event_id = connection.execute(sa.select(sa.func.min(events.c.id)).where(events.c.sender_id == "c47-phone")).scalar()
    staff.get("/transcript?id=c47-phone")
    staff.post("/transcript/correct", {"conversation_id": "c47-phone", "event_id": str(event_id), "intent": "ask_downtime"})
    page = admin.get("/admin/").text
    start = page.index("had it done 3 days ago")
    row = page[page.rindex("<tr", 0, start): page.index("</tr>", start)]
    for label, value in (("Predicted", "report_symptom"), ("Suggested", "<strong>ask_downtime</strong>"), ("By", "sam@clinic.example")):
        assert f'<td data-label="{label}">{value}</td>' in row


def test_closing_a_ticket_a_colleague_is_answering_asks_first(admin, staff, store, app, rasa_calls):
    save(store, "c47-colleague", [user("can i talk to someone", "request_human", channel="socketio")])
    ticket = claimed(app, "c47-colleague", "socketio")  # Ada's
    staff.get("/queue")
    asked = staff.post("/queue/close", {"ticket": ticket.id})
    # Before stop 47 Sam's click closed it at once, in the middle of Ada's conversation.
    assert asked.status == 200 and "Close Ada Admin&#39;s ticket?" in asked.text
    assert "<strong>Ada Admin</strong> has this conversation" in asked.text and "Check with them first" in asked.text
    assert "Yes, close Ada Admin&#39;s ticket" in asked.text
    assert app.ctx.tickets.get(ticket.id).status == "claimed" and rasa_calls == []
    assert notice_of(staff.post("/queue/close", {"ticket": ticket.id, "confirm": "yes"})) == "closed"
    assert app.ctx.tickets.get(ticket.id).status == "closed"
    # Her own ticket, Ada closes at once as before.
    save(store, "c47-own", [user("can i talk to someone", "request_human", channel="socketio")])
    own = claimed(app, "c47-own", "socketio")
    admin.get("/queue")
    assert notice_of(admin.post("/queue/close", {"ticket": own.id})) == "closed"
