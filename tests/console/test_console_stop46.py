"""The staff console on a busy day (stop 46, helper h87), SQLite and PostgreSQL:

- the conversation list names channels as staff say them, not "socketio";
- a crisis stands out in the conversation list, in words;
- a reply over its channel's limit is refused and kept, never cut at 2,000;
- closing a crisis ticket asks first;
- a visitor who texted STOP is shown as such, and an SMS reply to them is refused.
"""
from __future__ import annotations

import re
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from rasa.shared.core.events import UserUttered
from sanic import Sanic

from channels import sms_opt_outs
from channels.session_ids import new_session_id
from channels.twilio import ClinicTwilioInput
from console.web import NOTICES
from testkit.channel_support import TWILIO_AUTH_TOKEN, TWILIO_PUBLIC_URL, TWILIO_SID, twilio_signature
from testkit.console_support import handoff, notice_of, save, user

SMS = "twilio:+15550142233"
WHATSAPP = "twilio:whatsapp:+15550142234"


def crisis_message(text: str, kind) -> UserUttered:
    """A visitor message as Rasa stores it after the crisis classifier's parse."""
    intent = {"name": "report_symptom", "confidence": 1.0}
    return UserUttered(text, intent=intent, parse_data={"intent": intent, "entities": [], "text": text, "crisis": kind}, input_channel="socketio")


def row_of(page: str, conversation_id: str) -> str:
    start = page.index(f'value="{conversation_id}"')
    return page[page.rindex("<tr", 0, start): page.index("</tr>", start)]


@pytest.fixture
def rasa(monkeypatch):
    """The Rasa server: every reply and hand-back is taken and recorded."""
    state = {"sent": [], "handed_back": []}

    async def send_staff_message(rasa_url, token, conversation_id, text, staff_name):
        state["sent"].append((conversation_id, text))

    async def hand_back(rasa_url, token, conversation_id):
        state["handed_back"].append(conversation_id)

    async def widget_connected(rasa_url, token, conversation_id):
        return True

    monkeypatch.setattr("console.rasa_api.send_staff_message", send_staff_message)
    monkeypatch.setattr("console.rasa_api.hand_back", hand_back)
    monkeypatch.setattr("console.rasa_api.widget_connected", widget_connected)
    monkeypatch.setenv("RASA_API_TOKEN", "stop46-token")  # signs the widget session ids
    return state


# --- 1. channels in words ----------------------------------------------------------------------


def test_the_conversation_list_names_channels_as_staff_say_them(admin, store):
    for conversation_id, channel in [("web-1", "socketio"), (SMS, "twilio"), (WHATSAPP, "twilio"), ("telegram:42", "telegram"),
                                     ("facebook:77", "facebook")]:
        save(store, conversation_id, [user("how much is it", "ask_cost", channel=channel)])
    page = admin.get("/conversations").text
    cells = {conversation_id: re.search(r'<td class="channel"[^>]*>([^<]*)</td>', row_of(page, conversation_id)).group(1)
             for conversation_id in ("web-1", SMS, WHATSAPP, "telegram:42", "facebook:77")}
    assert cells == {"web-1": "Website chat", SMS: "SMS", WHATSAPP: "WhatsApp", "telegram:42": "Telegram", "facebook:77": "Messenger"}
    # The filter keeps the channel's id as its value and shows its name; Twilio's carries SMS and WhatsApp.
    assert '<option value="twilio" >SMS / WhatsApp</option>' in page and '<option value="socketio" >Website chat</option>' in page
    assert ">socketio<" not in page and ">twilio<" not in page
    filtered = admin.get("/conversations?channel=twilio").text
    assert '<option value="twilio" selected>SMS / WhatsApp</option>' in filtered and "web-1" not in filtered and SMS in filtered


# --- 2. a crisis stands out in the list ---------------------------------------------------------


def test_a_crisis_conversation_stands_out_in_the_list_in_words(admin, store, app):
    save(store, "c-crisis", [crisis_message("i want to kill myself", "self_harm"), *handoff("T-CR1", "urgent_symptom", urgent=True)])
    save(store, "c-lip", [user("my lip is really swollen", "report_symptom", channel="socketio"), *handoff("T-LIP", "urgent_symptom", urgent=True)])
    save(store, "c-cost", [user("how much is it", "ask_cost", channel="socketio")])
    page = admin.get("/conversations").text
    crisis = row_of(page, "c-crisis")
    assert crisis.startswith('<tr class="crisis">')
    assert "CRISIS</span>" in crisis and "self-harm or suicide risk" in crisis  # words, not colour alone
    for calm in ("c-lip", "c-cost"):
        assert "crisis" not in row_of(page, calm).lower()
    assert "flag-urgent" in row_of(page, "c-lip")  # an emergency without a crisis keeps its urgent flag
    transcript = admin.get("/transcript?id=c-crisis").text
    assert "CRISIS</span>" in transcript.split("<dt>Flags</dt>")[1].split("</dd>")[0]


# --- 3. the reply box: counted, refused over the limit, never cut ------------------------------------


def claimed(app, conversation_id: str, channel: str, reason: str = "visitor_request", urgent: bool = False):
    ticket = app.ctx.tickets.create(conversation_id, channel, reason, urgent=urgent)
    app.ctx.tickets.claim(ticket.id, "Ada Admin")
    return app.ctx.tickets.get(ticket.id)


def test_a_long_reply_is_refused_and_kept_not_cut(admin, store, app, rasa):
    web = new_session_id()
    save(store, web, [user("can i talk to someone", "request_human", channel="socketio")])
    ticket = claimed(app, web, "socketio")
    page = admin.get(f"/transcript?id={web}").text
    box = re.search(r"<textarea name=\"text\"[^>]*>", page).group(0)
    assert "maxlength" not in box and 'data-limit="2000"' in box  # the browser does not cut a paste either

    long_reply = ("Thanks for waiting. " * 105).strip() + " THE END"  # 2,107 characters
    refused = admin.post("/queue/reply", {"ticket": ticket.id, "text": long_reply, "back": "transcript"})
    assert refused.status == 400 and rasa["sent"] == []
    assert "Reply not sent: too long" in refused.text and "2,107 characters" in refused.text and "at most 2,000" in refused.text
    assert "nothing was cut" in refused.text
    assert long_reply in refused.text  # in a reply box, to shorten and send again

    whole = ("Thanks for waiting. " * 99).strip() + " THE END"  # 1,987 characters: sent whole
    assert notice_of(admin.post("/queue/reply", {"ticket": ticket.id, "text": whole})) == "sent_live"
    assert rasa["sent"] == [(web, whole)]


def test_an_sms_reply_must_fit_one_twilio_message(admin, store, app, rasa):
    save(store, SMS, [user("can someone call me", "request_human", channel="twilio")])
    ticket = claimed(app, SMS, "twilio")
    page = admin.get("/transcript?" + urlencode({"id": SMS})).text
    box = re.search(r"<textarea name=\"text\"[^>]*>", page).group(0)
    assert 'data-limit="1500"' in box and 'data-sms="Ada Admin (clinic team): "' in box
    too_long = "x" * 1501  # with the signature, two Twilio messages that could arrive in either order
    refused = admin.post("/queue/reply", {"ticket": ticket.id, "text": too_long})
    assert refused.status == 400 and "at most 1,500" in refused.text and "one message" in refused.text and rasa["sent"] == []
    assert notice_of(admin.post("/queue/reply", {"ticket": ticket.id, "text": "y" * 1500})) == "sent_sms"


# --- 4. closing a crisis asks first ------------------------------------------------------------------


def test_closing_a_crisis_ticket_asks_first(admin, store, app, rasa):
    save(store, "c-crisis", [crisis_message("i took all my pills", "poisoning")])
    save(store, "c-lip", [user("my lip is really swollen", "report_symptom", channel="socketio")])
    crisis = claimed(app, "c-crisis", "socketio", "urgent_symptom", urgent=True)
    lip = claimed(app, "c-lip", "socketio", "urgent_symptom", urgent=True)
    admin.get("/queue")

    asked = admin.post("/queue/close", {"ticket": crisis.id, "back": "queue"})
    assert asked.status == 200 and "Close this crisis ticket?" in asked.text and "overdose or poisoning" in asked.text
    assert app.ctx.tickets.get(crisis.id).status == "claimed" and rasa["handed_back"] == []  # nothing changed yet
    assert 'name="confirm" value="yes"' in asked.text and 'href="/queue">No, keep it open' in asked.text

    assert notice_of(admin.post("/queue/close", {"ticket": crisis.id, "back": "queue", "confirm": "yes"})) == "closed"
    assert app.ctx.tickets.get(crisis.id).status == "closed" and rasa["handed_back"] == ["c-crisis"]

    # An urgent ticket that is not a crisis asks too (stop 47); a confirmed one closes.
    assert "Close this urgent ticket?" in admin.post("/queue/close", {"ticket": lip.id, "back": "queue"}).text
    assert notice_of(admin.post("/queue/close", {"ticket": lip.id, "back": "queue", "confirm": "yes"})) == "closed"


# --- 5. STOP ------------------------------------------------------------------------------------------


def test_a_visitor_who_texted_stop_is_shown_and_not_texted(admin, store, app, rasa):
    save(store, SMS, [user("can someone call me back", "request_human", channel="twilio")])
    ticket = claimed(app, SMS, "twilio")
    sms_opt_outs.record(app.ctx.engine, SMS, stopped=True)

    page = admin.get("/transcript?" + urlencode({"id": SMS})).text
    assert "Texted STOP" in page and "until they text START" in page
    assert 'action="/queue/reply"' not in page  # no reply box to write into for nothing
    assert "Texted STOP" in admin.get("/queue").text
    assert "texted STOP" in row_of(admin.get("/conversations").text, SMS)

    refused = admin.post("/queue/reply", {"ticket": ticket.id, "text": "Hi, it's Ada from the clinic."})
    assert notice_of(refused) == "sms_opted_out" and rasa["sent"] == []
    assert "texted STOP" in NOTICES["sms_opted_out"] and "Nothing was sent" in NOTICES["sms_opted_out"]

    sms_opt_outs.record(app.ctx.engine, SMS, stopped=False)  # START
    assert "Texted STOP" not in admin.get("/transcript?" + urlencode({"id": SMS})).text
    assert "texted STOP" not in row_of(admin.get("/conversations").text, SMS)
    assert notice_of(admin.post("/queue/reply", {"ticket": ticket.id, "text": "Hi again."})) == "sent_sms"


async def no_tracker(sender_id):
    return None


def twilio_app(db_url: str, monkeypatch) -> Sanic:
    monkeypatch.setenv("CLINIC_DB_URL", db_url)
    channel = ClinicTwilioInput(TWILIO_SID, TWILIO_AUTH_TOKEN, "+15550100001", None, TWILIO_PUBLIC_URL, "http://127.0.0.1:9")
    received = []

    async def on_new_message(message):
        received.append(message.text)

    app = Sanic(f"twilio_stop46_{abs(hash(db_url))}")
    app.blueprint(channel.blueprint(on_new_message), url_prefix="/webhooks/twilio")
    app.ctx.received = received
    app.ctx.agent = SimpleNamespace(tracker_store=SimpleNamespace(retrieve=no_tracker))
    return app


def text_in(app: Sanic, body: str, sender: str = "+15550142233"):
    fields = {"MessageSid": "SM1", "AccountSid": TWILIO_SID, "From": sender, "To": "+15550100001", "Body": body, "NumMedia": "0"}
    headers = {"X-Twilio-Signature": twilio_signature(TWILIO_PUBLIC_URL, fields)}
    _, response = app.test_client.post("/webhooks/twilio/webhook", data=fields, headers=headers)
    assert response.status == 200


def test_the_sms_channel_records_stop_and_start_for_the_console(db_url, app, monkeypatch):
    channel_app = twilio_app(db_url, monkeypatch)
    text_in(channel_app, "STOP")
    assert channel_app.ctx.received == []  # still neither answered nor stored (stop 45)
    assert list(sms_opt_outs.opted_out(app.ctx.engine, [SMS])) == [SMS]
    text_in(channel_app, "START")
    assert sms_opt_outs.opted_out(app.ctx.engine, [SMS]) == {}
    assert channel_app.ctx.received == ["Hi"]
