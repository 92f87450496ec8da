"""Custom actions run on saved trackers (tests/actions/trackers/*.json).

Each test loads a tracker as the Rasa server would send it, runs the action
with a real dispatcher and a real SQLite ticket store, and checks the events
and messages it returns. The saved trackers hold the visitor's words and the
classifier's intent; the disclosure reading that the NLU adds to every parse
(components/disclosures.py, key "disclosures") is made here by that same
component with the real reader, so the reader and the dialogue are tested
together. Trackers whose handoff slot says "T-SAVED" get a real ticket in the
test's store first.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.clarify import ActionClarify
from actions.dialogue.respond import ActionRespond
from actions.handoff import handoff as handoff_module
from actions.symptoms import ActionHandleSymptom
from clinic_assistant.text.word_tables import MEDICINE_NAMES

ROOT = Path(__file__).resolve().parents[2]
TRACKERS = Path(__file__).parent / "trackers"
DOMAIN = yaml.safe_load((ROOT / "build" / "domain.yml").read_text(encoding="utf-8"))
SAVED_TICKET = "T-SAVED"
ITEMS = [item["id"] for item in yaml.safe_load((ROOT / "clinic.yml").read_text(encoding="utf-8"))["screening"]["items"]]

pytestmark = pytest.mark.skipif(
    not MEDICINE_NAMES.exists(), reason="build/medicine_names.json missing: make build/medicine_names.json"
)


@pytest.fixture(autouse=True)
def ticket_db(tmp_path, monkeypatch):
    monkeypatch.setenv("CLINIC_DB_URL", f"sqlite:///{tmp_path / 'tickets.db'}")
    handoff_module.ticket_store.cache_clear()
    yield
    handoff_module.ticket_store.cache_clear()


@pytest.fixture(scope="session")
def disclosure_reading():
    """The NLU component that reads every message for disclosures."""
    from rasa.shared.nlu.training_data.message import Message

    from components.disclosures import DISCLOSURES, DisclosureReading

    component = DisclosureReading()

    def read(text: str) -> dict:
        [message] = component.process([Message(data={"text": text})])
        return message.get(DISCLOSURES)

    return read


@pytest.fixture
def run(disclosure_reading):
    def run(action, tracker_file, ticket=None):
        """Events and messages of `action` on a saved tracker. `ticket`:
        {"reason": ..., "urgent": ..., "claimed": ..., "flags": ...} for the
        ticket the tracker's "T-SAVED" stands for."""
        data = json.loads((TRACKERS / tracker_file).read_text(encoding="utf-8"))
        reading = disclosure_reading(data["latest_message"]["text"])
        data["latest_message"]["disclosures"] = reading
        data["events"][-1]["parse_data"]["disclosures"] = reading
        slots = {name: None for name in DOMAIN["slots"]}
        slots.update(data["slots"])
        if slots.get("handoff_ticket") == SAVED_TICKET:
            slots["handoff_ticket"] = open_ticket(data["sender_id"], **(ticket or {})).id
        data["slots"] = slots
        tracker = Tracker.from_dict(data)
        dispatcher = CollectingDispatcher()
        events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
        return events, dispatcher.messages

    return run


def open_ticket(conversation, reason="contraindication", urgent=False, claimed=False, flags=None):
    store = handoff_module.ticket_store()
    ticket = store.create(conversation, "rest", reason, urgent=urgent, flags=flags or {"bleeding": "yes"})
    return store.claim(ticket.id, "nurse.jo") if claimed else ticket


def slot_events(events):
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}


def payloads(messages):
    return [message["custom"]["handoff"] for message in messages if message.get("custom")]


def responses(messages):
    return [message.get("response") for message in messages if message.get("response")]


# What a handoff adds after the reason's own line: when the team replies
# (depends on the clock) and, on the web chat, the contact prompt.
HANDOFF_EXTRAS = {"utter_handoff_open", "utter_handoff_closed", "utter_handoff_closed_symptom", "utter_ask_contact_consent"}


def said(messages):
    """The responses without the handoff's follow-up lines."""
    return [r for r in responses(messages) if r not in HANDOFF_EXTRAS]


def screening(events):
    return {name[len("screen_"):]: value for name, value in slot_events(events).items() if name.startswith("screen_")}


# --- Booking and screening requests -------------------------------------------------
def test_first_booking_sends_the_one_checklist(run):
    events, messages = run(ActionRespond(), "book_first_time.json")
    slots = slot_events(events)
    assert slots["screening_outcome"] == "in_progress" and slots["screening_step"] == "checklist"
    assert slots["booking_requested"] is True
    [message] = messages
    assert message["response"] == "utter_screening_checklist_booking"
    lines = message["checklist"].splitlines()
    assert len(lines) == len(ITEMS) and lines[0].startswith("1. ") and lines[-1].startswith(f"{len(ITEMS)}. ")
    assert not payloads(messages)


def test_a_screening_request_sends_the_checklist_without_booking(run):
    events, messages = run(ActionRespond(), "screening_request.json")
    assert responses(messages) == ["utter_screening_checklist"]
    assert slot_events(events)["booking_requested"] is False


# --- Disclosures in any state -------------------------------------------------------------
@pytest.mark.parametrize(
    "tracker_file, flags, named",
    [
        ("opening_eliquis.json", {"bleeding": "yes"}, "Eliquis (apixaban) is a blood thinner"),
        ("opening_accutane.json", {"isotretinoin": "yes"}, "Accutane (isotretinoin)"),
        ("opening_several.json", {"bleeding": "yes", "pregnancy": "yes"}, "Xarelto (rivaroxaban) is a blood thinner"),
    ],
)
def test_a_disclosure_gets_the_clinician_review_and_a_handoff_at_once(run, tracker_file, flags, named):
    events, messages = run(ActionRespond(), tracker_file)
    slots = slot_events(events)
    assert screening(events) == flags
    assert slots["screening_outcome"] == "review"
    assert said(messages)[0] == "utter_screening_review"
    assert named in messages[0]["noted"] and " is isotretinoin" not in messages[0]["noted"]
    [payload] = payloads(messages)
    assert payload == {"reason": "contraindication", "urgent": False, "ticket": slots["handoff_ticket"]}
    assert handoff_module.ticket_store().get(payload["ticket"]).flags == flags
    assert "utter_booking_link" not in responses(messages)


def test_a_negated_item_is_recorded_and_the_question_answered(run):
    events, messages = run(ActionRespond(), "opening_not_pregnant_cost.json")
    assert screening(events) == {"pregnancy": "no"}
    assert responses(messages) == ["utter_ask_cost"]
    assert not payloads(messages)


def test_a_past_exposure_beyond_the_window_is_no_disclosure(run):
    events, messages = run(ActionRespond(), "opening_stopped_accutane.json")
    assert screening(events) == {"isotretinoin": "no"}
    assert "screening_outcome" not in slot_events(events)
    assert not payloads(messages)


@pytest.mark.parametrize(
    "tracker_file, rule",
    [
        ("general_breastfeeding.json", "utter_general_pregnancy"),
        ("general_blood_thinners.json", "utter_general_bleeding"),
    ],
)
def test_a_general_question_gets_the_general_rule_and_records_nothing(run, tracker_file, rule):
    events, messages = run(ActionRespond(), tracker_file)
    assert responses(messages) == [rule]
    assert screening(events) == {} and not payloads(messages)


@pytest.mark.parametrize("tracker_file", ["family_cold_sores.json", "hypothetical_pregnant.json"])
def test_someone_else_or_hypothetical_records_nothing(run, tracker_file):
    events, messages = run(ActionRespond(), tracker_file)
    assert screening(events) == {}
    assert not payloads(messages)
    assert "utter_screening_review" not in responses(messages)


def test_a_medicine_question_is_medical_advice_never_aftercare(run):
    events, messages = run(ActionRespond(), "medicine_question.json")
    assert said(messages) == ["utter_medical_advice"]
    assert [p["reason"] for p in payloads(messages)] == ["medical_advice"]
    assert screening(events) == {}


def test_a_medicine_question_is_medical_advice_whatever_the_intent(run):
    # "is it ok to take ibuprofen for the pain afterwards?" classified as aftercare
    events, messages = run(ActionRespond(), "medicine_question_faq_intent.json")
    assert said(messages) == ["utter_medical_advice"]
    assert "utter_ask_aftercare" not in responses(messages)
    assert [p["reason"] for p in payloads(messages)] == ["medical_advice"]


def test_asking_to_stop_ones_own_medicine_is_a_disclosure_and_a_medical_question(run):
    events, messages = run(ActionRespond(), "stop_my_xarelto.json")  # "should I stop my Xarelto before...?"
    assert screening(events) == {"bleeding": "yes"}  # never read as "stopped": no
    assert slot_events(events)["screening_outcome"] == "review"
    assert said(messages)[0] == "utter_screening_review"
    [payload] = payloads(messages)
    assert payload["reason"] == "medical_advice"
    assert handoff_module.ticket_store().get(payload["ticket"]).flags == {"bleeding": "yes"}


# --- The checklist ------------------------------------------------------------------------------
def test_none_of_these_is_clear_and_gives_the_booking_link(run):
    events, messages = run(ActionRespond(), "checklist_none.json")
    assert screening(events) == {item: "no" for item in ITEMS}
    assert slot_events(events)["screening_outcome"] == "clear"
    assert responses(messages) == ["utter_screening_clear", "utter_booking_link"]
    assert not payloads(messages)


def test_nothing_on_the_list_without_a_booking_request_gives_no_link(run):
    events, messages = run(ActionRespond(), "checklist_nothing_no_booking.json")
    assert slot_events(events)["screening_outcome"] == "clear"
    assert responses(messages) == ["utter_screening_clear"]


def test_checklist_numbers_are_recorded_against_their_items(run):
    events, messages = run(ActionRespond(), "checklist_numbers.json")  # "3 and 6"
    assert screening(events) == {"active_skin_problem": "yes", "bleeding": "yes"}
    assert slot_events(events)["screening_outcome"] == "review"
    [payload] = payloads(messages)
    assert payload["reason"] == "contraindication"
    assert handoff_module.ticket_store().get(payload["ticket"]).flags == {"active_skin_problem": "yes", "bleeding": "yes"}


def test_a_checklist_answer_counts_for_the_item_it_names(run):
    # "yeah, I take Xarelto": the blood thinner, never a "yes" to item 1
    events, messages = run(ActionRespond(), "checklist_other_item.json")
    assert screening(events) == {"bleeding": "yes"}
    assert "Xarelto (rivaroxaban) is a blood thinner" in messages[0]["noted"]
    assert payloads(messages)[0]["reason"] == "contraindication"


def test_some_items_ruled_out_asks_about_the_rest(run):
    events, messages = run(ActionRespond(), "checklist_some_no.json")
    assert screening(events) == {"pregnancy": "no", "bleeding": "no"}
    assert responses(messages) == ["utter_screening_anything_else"]


def test_a_date_is_asked_for_when_an_answer_needs_one(run):
    events, messages = run(ActionRespond(), "checklist_accutane_when.json")  # "I took accutane"
    assert responses(messages) == ["utter_ask_screen_isotretinoin"]
    assert slot_events(events)["screening_step"] == "when:isotretinoin"
    assert not payloads(messages)


def test_the_date_answers_the_item_asked(run):
    events, messages = run(ActionRespond(), "checklist_when_answer.json")  # "about 2 years ago"
    assert screening(events) == {"isotretinoin": "no"}
    assert responses(messages) == ["utter_screening_anything_else"]
    assert not payloads(messages)


def test_a_question_inside_the_checklist_is_answered_and_the_checklist_recalled(run):
    events, messages = run(ActionRespond(), "checklist_question.json")
    assert responses(messages) == ["utter_ask_cost", "utter_screening_reminder"]
    assert "screening_outcome" not in slot_events(events)


@pytest.mark.parametrize(
    "tracker_file, answers",
    [
        # Unclear as a whole, each question clear: each answered, in order, not "did you mean...?".
        ("several_questions_unclear.json", ["utter_ask_pain", "utter_ask_downtime"]),
        # Read as a whole it was ask_procedure: not a third, unasked answer.
        # The neck gets the areas the clinic treats (clinic_assistant/answer_parts.py).
        ("several_questions_blend.json", ["utter_ask_cost", "utter_treatment_areas"]),
        # The recovery answered, the painkiller for a clinician, never as aftercare.
        ("several_questions_medicine.json", ["utter_ask_downtime", "utter_medical_advice"]),
    ],
)
def test_each_question_of_a_message_is_answered(run, tracker_file, answers):
    _, messages = run(ActionRespond(), tracker_file)
    assert said(messages) == answers


@pytest.mark.parametrize(
    "tracker_file, answers",
    [
        # The rule for what was named, then the price asked beside it, before what happens next.
        ("disclosure_and_price.json", ["utter_screening_review", "utter_general_inflammatory_skin", "utter_ask_cost"]),
        ("disclosure_and_pain.json", ["utter_screening_review", "utter_general_pregnancy", "utter_ask_pain"]),
        # Never "it's safe" or what to do before it beside "a clinician needs to review this".
        ("disclosure_and_safety.json", ["utter_screening_review", "utter_general_pregnancy"]),
    ],
)
def test_a_disclosures_other_questions_are_answered_with_the_clinician_review(run, tracker_file, answers):
    events, messages = run(ActionRespond(), tracker_file)
    assert said(messages) == answers
    assert responses(messages)[len(answers)] in HANDOFF_EXTRAS  # then what happens next, last
    assert payloads(messages)[0]["reason"] == "contraindication"
    assert slot_events(events)["screening_outcome"] == "review"


def test_a_condition_is_named_back_as_the_visitor_said_it(run):
    _, messages = run(ActionRespond(), "disclosure_and_price.json")
    assert messages[0]["noted"] == "eczema"


def test_the_checklist_can_be_stopped(run):
    events, messages = run(ActionRespond(), "checklist_cancel.json")
    assert responses(messages) == ["utter_screening_stopped"]
    assert slot_events(events)["screening_outcome"] == "stopped"


def test_a_symptom_ends_the_checklist(run):
    events, messages = run(ActionHandleSymptom(), "checklist_symptom.json")
    assert slot_events(events)["screening_outcome"] == "stopped"
    assert said(messages)[0] == "utter_symptom"
    assert payloads(messages)[0]["reason"] == "symptom"


# --- After the clinician-review outcome: the position is held ---------------------------------
@pytest.mark.parametrize(
    "tracker_file, reply",
    [
        ("review_book_anyway.json", "utter_hold_booking"),
        ("review_stop_medicine.json", "utter_hold_medicine"),
        ("review_override.json", "utter_hold_override"),
        ("review_partial.json", "utter_hold_partial"),
    ],
)
def test_pressure_after_the_review_gets_a_firm_specific_answer(run, tracker_file, reply):
    events, messages = run(ActionRespond(), tracker_file)
    assert responses(messages) == [reply]
    assert not payloads(messages)  # the ticket is already open
    assert "utter_booking_link" not in responses(messages)
    assert screening(events) == {}
    assert slot_events(events).get("screening_outcome", "review") == "review"


def test_is_it_safe_after_the_review_gets_the_rule_for_what_was_told_not_the_faq(run):
    _, messages = run(ActionRespond(), "review_is_it_safe.json")  # "but is it safe though, yes or no"
    assert responses(messages) == ["utter_general_bleeding", "utter_review_still_needed"]


def test_a_later_disclosure_joins_the_open_ticket(run):
    events, messages = run(ActionRespond(), "review_new_disclosure.json")  # "oh and I'm also pregnant"
    assert screening(events) == {"pregnancy": "yes"}
    assert responses(messages) == ["utter_disclosure_added"]
    assert not payloads(messages)  # no second handoff
    [ticket] = handoff_module.ticket_store().for_conversation("saved-review-new-disclosure")
    assert ticket.flags == {"bleeding": "yes", "pregnancy": "yes"}


# --- Urgent handoff, staff hold ------------------------------------------------------------------
def test_after_an_urgent_handoff_every_message_gets_how_to_reach_help_now(run):
    _, messages = run(ActionRespond(), "urgent_followup.json", ticket={"reason": "urgent_symptom", "urgent": True})
    assert responses(messages) == ["utter_hold_urgent"]
    assert not payloads(messages)


def test_while_staff_hold_the_conversation_the_bot_is_silent(run):
    events, messages = run(ActionRespond(), "staff_claimed.json", ticket={"claimed": True})
    assert messages == []
    assert events  # the turn is not mistaken for a failed action
    assert list(slot_events(events)) == ["handoff_ticket"]


def test_while_staff_hold_a_symptom_reaches_them_only(run):
    events, messages = run(ActionHandleSymptom(), "staff_claimed_symptom.json", ticket={"claimed": True})
    assert messages == [] and events


def test_while_staff_hold_a_red_flag_still_gets_the_emergency_message(run):
    events, messages = run(ActionHandleSymptom(), "staff_claimed_red_flag.json", ticket={"claimed": True})
    assert responses(messages) == ["utter_emergency"]
    [payload] = payloads(messages)
    assert payload["reason"] == "urgent_symptom" and payload["urgent"] is True
    assert handoff_module.ticket_store().get(payload["ticket"]).urgent


# --- The contact prompt takes only what answers it -------------------------------------------------
def test_yes_to_the_contact_prompt_asks_for_the_details(run):
    events, messages = run(ActionRespond(), "contact_yes.json")
    assert responses(messages) == ["utter_ask_contact"]
    assert slot_events(events)["contact_prompt"] == "contact"


def test_a_phone_number_is_saved_on_the_ticket(run):
    events, messages = run(ActionRespond(), "contact_phone.json")
    assert responses(messages) == ["utter_contact_saved"]
    slots = slot_events(events)
    assert slots["contact"] == "5550102233" and slots["contact_prompt"] == "note"  # "best after 5pm" may follow
    [ticket] = handoff_module.ticket_store().open_tickets()
    assert ticket.contact == "5550102233"


def test_a_name_and_a_time_beside_the_number_go_on_the_ticket(run):
    events, messages = run(ActionRespond(), "contact_phone_note.json")  # "tom, 07700 900123, best after 5pm"
    assert responses(messages) == ["utter_contact_saved_note"]
    assert messages[0]["note"] == "name: Tom; best after 5pm"
    assert slot_events(events)["contact"] == "07700900123"
    [ticket] = handoff_module.ticket_store().open_tickets()
    assert ticket.contact == "07700900123 (name: Tom; best after 5pm)"


def test_how_to_reach_them_just_after_the_number_is_added_to_it(run):
    events, messages = run(ActionRespond(), "contact_note_after.json")  # "text only pls, im at work"
    assert responses(messages) == ["utter_contact_note_added"]
    assert slot_events(events)["contact_note"] == "name: Tom; best after 5pm; text only pls; im at work"
    [ticket] = handoff_module.ticket_store().open_tickets()
    assert ticket.contact == "07700900123 (name: Tom; best after 5pm; text only pls; im at work)"


def test_a_name_alone_is_kept_and_the_number_asked_for(run):
    events, messages = run(ActionRespond(), "contact_name_only.json")  # "sure, its tom" to "may I take a number?"
    assert responses(messages) == ["utter_contact_note_ask"]
    assert slot_events(events)["contact_prompt"] == "contact"
    [ticket] = handoff_module.ticket_store().open_tickets()
    assert ticket.contact == "(name: Tom)"


def test_no_thanks_declines_the_contact_prompt(run):
    events, messages = run(ActionRespond(), "contact_no_thanks.json")
    assert responses(messages) == ["utter_contact_declined"]
    assert slot_events(events)["contact_prompt"] is None


def test_a_question_at_the_contact_prompt_is_a_new_message(run):
    events, messages = run(ActionRespond(), "contact_question.json")  # "Can I come in on Friday afternoon?"
    assert "utter_contact_declined" not in responses(messages)
    assert responses(messages)
    assert slot_events(events)["contact_prompt"] is None
    assert not payloads(messages)


# --- Symptoms, clarification, failures ---------------------------------------------------------------
def test_urgent_symptom_gets_only_the_emergency_message(run):
    events, messages = run(ActionHandleSymptom(), "urgent_symptom.json")
    assert responses(messages) == ["utter_emergency"]
    [payload] = payloads(messages)
    assert payload == {"reason": "urgent_symptom", "urgent": True, "ticket": slot_events(events)["handoff_ticket"]}


def test_other_symptom_hands_off_without_urgency(run):
    _, messages = run(ActionHandleSymptom(), "symptom.json")
    assert responses(messages)[0] == "utter_symptom"
    assert payloads(messages)[0]["reason"] == "symptom"


def test_first_fallback_asks_about_the_two_best_guesses(run):
    _, messages = run(ActionClarify(), "fallback_once.json")
    [message] = messages
    assert message["response"] == "utter_clarify_two"
    assert (message["first"], message["second"]) == ("the price", "the number of sessions")
    assert [b["payload"] for b in message["buttons"]][:2] == ["How much does it cost?", "How many sessions will I need?"]


def test_second_fallback_offers_a_person(run):
    events, messages = run(ActionClarify(), "fallback_twice.json")
    assert responses(messages) == ["utter_low_confidence_offer"]
    assert slot_events(events) == {"handoff_offer": "low_confidence"}


def test_a_failing_action_still_answers_and_hands_off(run, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database is on fire")

    monkeypatch.setattr("actions.screening.actions.start_checklist", broken)
    _, messages = run(ActionRespond(), "book_first_time.json")
    assert responses(messages)[0] == "utter_action_failed"
    assert payloads(messages)[0]["reason"] == "action_failure"


@pytest.mark.parametrize("tracker_file", sorted(p.name for p in TRACKERS.glob("*.json")))
def test_every_predicted_action_answers_something(run, tracker_file):
    """ActionFailurePolicy reads "a custom action, then no events" as failure."""
    for action in (ActionRespond(), ActionHandleSymptom(), ActionClarify()):
        events, messages = run(action, tracker_file)
        assert events or messages, f"{action.name()} returned nothing for {tracker_file}"


def test_handoff_while_closed_says_when_the_team_is_back():
    from zoneinfo import ZoneInfo

    from actions.handoff.handoff import tell_what_happens_next

    clinic_tz = ZoneInfo("America/New_York")  # clinic.yml
    dispatcher = CollectingDispatcher()
    tell_what_happens_next(dispatcher, dt.datetime(2026, 11, 22, 15, 0, tzinfo=clinic_tz))  # a Sunday
    [message] = dispatcher.messages
    assert message["response"] == "utter_handoff_closed" and message["opens_at"] == "tomorrow at 09:00"

    # Before opening on a Thursday it opens "today", not "Thursday" (next week's, read literally).
    for when, opens_at in ((dt.datetime(2026, 12, 3, 6, 0), "today at 09:00"), (dt.datetime(2026, 11, 21, 15, 0), "on Monday at 09:00")):
        dispatcher = CollectingDispatcher()
        tell_what_happens_next(dispatcher, when.replace(tzinfo=clinic_tz))
        assert dispatcher.messages[0]["opens_at"] == opens_at

    dispatcher = CollectingDispatcher()
    tell_what_happens_next(dispatcher, dt.datetime(2026, 11, 25, 10, 0, tzinfo=clinic_tz))  # a Wednesday
    [message] = dispatcher.messages
    assert message["response"] == "utter_handoff_open" and message["closes_at"] == "20:00"
