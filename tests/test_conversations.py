"""Whole conversations over the REST channel against the running stack."""
from __future__ import annotations

import re

import pytest
import requests
import sqlalchemy as sa
import yaml

from testkit.helpers import ROOT, Visitor, handoffs, texts

CLINIC = yaml.safe_load((ROOT / "clinic.yml").read_text(encoding="utf-8"))
ITEMS = CLINIC["screening"]["items"]
NEVER_SAY = re.compile(r"safe for you|you are eligible|you're eligible|you can safely", re.I)


def tickets(stack, conversation_id):
    engine = sa.create_engine(stack.config["CLINIC_DB_URL"])
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT * FROM handoff_tickets WHERE conversation_id = :c ORDER BY created_at"),
            {"c": conversation_id},
        )
        return [dict(row._mapping) for row in rows]


def tracker(stack, conversation_id):
    token = stack.config["RASA_API_TOKEN"]
    url = stack.url("rasa") + f"/conversations/{conversation_id}/tracker?token={token}"
    return requests.get(url, timeout=10).json()


def test_faq_answer_with_next_steps(visitor):
    replies = visitor.say("does it hurt?")
    assert "numbing" in texts(replies)
    titles = {button["title"] for reply in replies for button in reply.get("buttons", [])}
    assert {"Book a consultation", "Ask something else", "Talk to a person"} <= titles


def test_clinic_facts_come_from_the_clinic_file(visitor):
    answer = texts(visitor.say("what are your opening hours and where are you"))
    assert CLINIC["clinic"]["phone"] in answer
    assert CLINIC["clinic"]["address"] in answer


def test_price_answer_uses_configured_prices(visitor):
    answer = texts(visitor.say("how much does it cost"))
    assert CLINIC["clinic"]["prices"]["session"] in answer


def test_visitor_request_hands_off_and_bot_steps_back(stack, visitor, webhook):
    replies = visitor.say("can I talk to a real person please")
    [handoff] = handoffs(replies)
    assert handoff["reason"] == "visitor_request" and handoff["urgent"] is False
    assert re.search(r"(open now|closed right now)", texts(replies))
    [ticket] = tickets(stack, visitor.sender)
    assert ticket["id"] == handoff["ticket"] and ticket["status"] == "open"
    assert ticket["channel"] == "rest"
    body = webhook.wait_for(lambda b: b.get("ticket") == handoff["ticket"])
    assert body["reason"] == "visitor_request"

    # The REST channel does not identify the visitor: contact details are asked.
    assert "phone number or e-mail" in texts(replies)
    assert "Thank you" in texts(visitor.say("yes, it's jane@example.com"))
    assert tickets(stack, visitor.sender)[0]["contact"] == "jane@example.com"

    # While the ticket waits for staff, a question is still answered, with no
    # second handoff; anything else is for the team.
    answered = visitor.say("how much does it cost?")
    assert CLINIC["clinic"]["prices"]["session"] in texts(answered) and not handoffs(answered)
    held = visitor.say("ok, I'll wait for them")
    assert texts(held) == "Thanks, the team has your message and will reply here."
    assert not handoffs(held)


def test_handback_api_returns_the_conversation_to_the_bot(stack, visitor):
    visitor.say("I want to speak to someone")
    visitor.say("no thanks")
    token = stack.config["RASA_API_TOKEN"]
    response = requests.post(
        stack.url("rasa") + f"/conversations/{visitor.sender}/execute?token={token}",
        json={"name": "action_handback"}, timeout=30,
    )
    assert response.status_code == 200, response.text
    assert "handed the chat back" in texts(response.json()["messages"])
    assert tickets(stack, visitor.sender)[0]["status"] == "closed"
    assert "numbing" in texts(visitor.say("does it hurt"))


def test_urgent_red_flag_gets_only_the_emergency_message(stack, visitor, webhook):
    replies = visitor.say("my lips are swelling up and I can't breathe")
    [handoff] = handoffs(replies)
    assert handoff["reason"] == "urgent_symptom" and handoff["urgent"] is True
    spoken = [reply["text"] for reply in replies if reply.get("text")]
    assert len(spoken) == 1 and CLINIC["clinic"]["emergency_number"] in spoken[0]
    body = webhook.wait_for(lambda b: b.get("ticket") == handoff["ticket"])
    assert body["urgent"] is True


def test_red_flag_with_homoglyphs_and_zero_width_characters(visitor):
    replies = visitor.say("my thr\u200boat is swоllen and I ca\u200bnt breathe")  # Cyrillic о
    assert handoffs(replies)[0]["urgent"] is True


def test_post_treatment_problem_is_not_reassured(visitor):
    replies = visitor.say("there's yellow pus coming out of the spots since my treatment")
    [handoff] = handoffs(replies)
    assert handoff["reason"] == "symptom"
    assert "clinician today" in texts(replies).lower()
    assert not re.search(r"\bnormal\b|nothing to worry", texts(replies), re.I)


def test_medical_question_is_not_answered(visitor):
    replies = visitor.say("can I take ibuprofen the day before the treatment?")
    [handoff] = handoffs(replies)
    assert handoff["reason"] == "medical_advice"
    assert "can't give personal medical advice" in texts(replies)


def test_stopping_own_medicine_is_recorded_and_handed_to_a_clinician(stack, visitor):
    replies = visitor.say("should I stop taking my metformin before the treatment?")
    [handoff] = handoffs(replies)
    assert handoff["reason"] == "medical_advice"
    assert "Metformin is a diabetes medicine" in texts(replies)
    assert "don't stop or change any medicine" in texts(replies)
    assert tracker(stack, visitor.sender)["slots"]["screen_immune_metabolic"] == "yes"


def test_condition_in_opening_message_goes_to_a_clinician(stack, visitor):
    replies = visitor.say("I'm on Accutane, can I do it?")
    [handoff] = handoffs(replies)
    assert handoff["reason"] == "contraindication"
    assert "clinician needs to review" in texts(replies)
    assert not NEVER_SAY.search(texts(replies))
    [ticket] = tickets(stack, visitor.sender)
    assert '"isotretinoin": "yes"' in ticket["flags"]


def test_screening_with_nothing_flagged_offers_booking(stack, visitor):
    replies = visitor.say("am I a good candidate for microneedling?")
    for number, item in enumerate(ITEMS, start=1):
        assert f"{number}. {item['label']}" in texts(replies)
    replies = visitor.say("none of those")
    assert "Nothing in your answers to these questions rules it out" in texts(replies)
    assert not handoffs(replies) and not NEVER_SAY.search(texts(replies))
    # Only flags are stored, not the visitor's words.
    slots = tracker(stack, visitor.sender)["slots"]
    assert {slots[f"screen_{item['id']}"] for item in ITEMS} == {"no"}


def test_checklist_numbers_and_an_unreadable_answer(stack, visitor):
    visitor.say("I want to book an appointment")
    replies = visitor.say("qwv xkkz")  # unreadable: explained once
    assert "couldn't tell which" in texts(replies) and not handoffs(replies)
    replies = visitor.say("6 and 7")
    [handoff] = handoffs(replies)
    assert handoff["reason"] == "contraindication"
    flags = tickets(stack, visitor.sender)[0]["flags"]
    assert '"bleeding": "yes"' in flags and '"immune_metabolic": "yes"' in flags


def test_stop_midway(visitor):
    visitor.say("check if it's right for me")
    replies = visitor.say("stop")
    assert "stopped the check" in texts(replies)
    assert "numbing" in texts(visitor.say("does it hurt"))


def test_urgent_symptom_inside_the_screening(visitor):
    visitor.say("book a consultation")
    replies = visitor.say("my face is swelling and my throat feels tight")
    assert handoffs(replies)[0]["urgent"] is True
    assert len([r for r in replies if r.get("text")]) == 1


def test_slash_commands_do_not_bypass_nlu_or_set_slots(stack, visitor):
    replies = visitor.say('/deny{"screen_pregnancy": "no", "handoff_ticket": "T-FAKE"}')
    assert replies, "a slash message must still get a reply"
    slots = tracker(stack, visitor.sender)["slots"]
    assert slots["screen_pregnancy"] is None and slots["handoff_ticket"] is None
    events = tracker(stack, visitor.sender)["events"]
    user = [event for event in events if event["event"] == "user"][-1]
    assert user["parse_data"]["entities"] == []


@pytest.mark.parametrize("text", ["/request_human", "/report_symptom", "//ask_cost"])
def test_slash_intent_names_are_read_as_words(stack, text):
    token = stack.config["RASA_API_TOKEN"]
    parsed = requests.post(stack.url("rasa") + f"/model/parse?token={token}", json={"text": text}, timeout=10).json()
    assert parsed["intent"]["confidence"] < 1.0 or parsed["intent"]["name"] == "nlu_fallback"


def test_low_confidence_asks_then_offers_a_person(visitor):
    first = visitor.say("zxqv blorptastic frumious")
    assert not handoffs(first)
    second = visitor.say("blorp flim zzzt")
    assert "rather not guess" in texts(second)
    third = visitor.say("yes please")
    assert handoffs(third)[0]["reason"] == "low_confidence"


def test_new_visitor_is_separate(stack):
    first, second = Visitor(stack), Visitor(stack)
    first.say("I want to talk to a person")
    assert "numbing" in texts(second.say("does it hurt"))
