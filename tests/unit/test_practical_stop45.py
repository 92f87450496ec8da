"""Practical visitors on a phone, found by talking to the stack in stop 45
(helper 82): scene-setting about the skin before a price question, gift card
follow-ups, bargaining, discounts for groups, a number of sessions after the
price, a same-day slot pressed for, an appointment the visitor cannot keep,
"whats the link", and a pause ("1 sec") inside the checklist."""
from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic_assistant.answer_parts import heard_intent, part_to_answer
from clinic_assistant.hours_asked import day_after_hours
from clinic_assistant.policy_topics import gift_follow_up, policy_follow_up, topics_asked
from clinic_assistant.pressure import presses_for_today
from clinic_assistant.questions import split_questions
from clinic_assistant.scene_setting import scenery_for_same_answer, sets_the_scene
from clinic_assistant.screening.reader import reader_for
from clinic_assistant.worry import only_pause
from components.disclosures import DISCLOSURES
from components.question_segments import QuestionCollector, QuestionSplitter

READER = reader_for((Path(__file__).resolve().parents[2] / "clinic.yml").read_text(encoding="utf-8"))


# --- Scene-setting about the skin before a question whose answer is the same for everyone.

@pytest.mark.parametrize("statement", [
    "I've got acne scars on my cheeks from my teens,", "my skin is pretty scarred from acne when i was younger.",
    "im 34 and have some wrinkles round my eyes,", "i have stretch marks on my tummy,",
])
def test_the_skin_sets_the_scene_for_a_price(statement):
    # Wrong before: the skin made the statement part of every question, so
    # "..., how much would it be?" was read whole (a condition, a clinician).
    assert not sets_the_scene(statement)
    assert scenery_for_same_answer(statement)


@pytest.mark.parametrize("statement", [
    "doc has me on something for my blood,", "my face is really swollen.", "had microneedling yesterday and it feels hot,",
])
def test_health_a_problem_or_a_treatment_is_more_than_scenery_even_for_a_price(statement):
    assert not scenery_for_same_answer(statement)


def _collected(text, whole, question):
    splitter, collector = QuestionSplitter(), QuestionCollector()
    batch = splitter.process([Message(data={TEXT: text})])
    assert len(batch) == 2, "the question beside the statement is classified too"
    for message, (intent, confidence) in zip(batch, [whole, question]):
        message.set(INTENT, {"name": intent, "confidence": confidence})
        message.set(DISCLOSURES, {"medicine_question": False, "findings": []})
    [message] = collector.process(batch)
    return message.get(INTENT)["name"]


@pytest.mark.parametrize("text, whole, question, decided", [
    ("I've got acne scars on my cheeks from my teens, how much would it be?", ("ask_contraindication", 0.6), ("ask_cost", 0.99),
     "ask_cost"),
    # Even when the whole message was sure of a condition: the scars are no disclosure.
    ("I've got acne scars on my cheeks from my teens, how much would it be?", ("ask_contraindication", 0.85), ("ask_cost", 0.99),
     "ask_cost"),
    ("my skin is pretty scarred from acne when i was younger. whats the price?", ("nlu_fallback", 0.3), ("ask_cost", 0.95), "ask_cost"),
    # A question whose answer depends on the skin is still read whole.
    ("I have acne scars. How many sessions?", ("ask_suitability", 0.6), ("ask_sessions", 0.99), "ask_suitability"),
    # A sure medical question or problem keeps its handoff.
    ("I have acne scars. How much is it?", ("medical_advice", 0.9), ("ask_cost", 0.99), "medical_advice"),
])
def test_the_price_question_decides_beside_the_skin(text, whole, question, decided):
    assert _collected(text, whole, question) == decided


# --- Gift cards: the amount asked next.

GIFT_ASKED = ["do you do gift cards?"]
GIFT_ANSWERED = ["utter_greet", "utter_policy_unknown"]


@pytest.mark.parametrize("text, amount", [
    ("$100", "$100"), ("can I get one for £50", "£50"), ("can i get one for 300 dollars", "300 dollars"), ("50 quid", "50 quid"),
    ("how much are they", ""), ("what amounts do they come in", ""), ("how much", ""),
])
def test_an_amount_right_after_a_gift_card_question(text, amount):
    # Wrong before: "$100" got the treatment's price list.
    assert gift_follow_up(text, GIFT_ASKED, GIFT_ANSWERED) == amount


@pytest.mark.parametrize("text, earlier, given", [
    ("$100", ["how much is it"], ["utter_ask_cost"]),  # no gift card asked
    ("$100", ["do you do gift cards?"], ["utter_policy_unknown", "utter_ask_cost"]),  # something else answered since
    ("how much is a session then", GIFT_ASKED, GIFT_ANSWERED),  # the treatment's own price
    ("can i cancel it", GIFT_ASKED, GIFT_ANSWERED),
    ("$100", ["whats your cancellation policy"], ["utter_policy_answer"]),
])
def test_no_gift_follow_up(text, earlier, given):
    assert gift_follow_up(text, earlier, given) is None


def test_a_second_amount_after_the_gift_answer():
    assert gift_follow_up("what about $50", ["$100"], ["utter_gift_amount_unknown"]) == "$50"


# --- Bargaining, discounts for groups, a number of sessions.

AFTER_PRICE = ["utter_greet", "utter_ask_cost"]


@pytest.mark.parametrize("intent, text", [
    ("ask_cost", "come on can u do $250"), ("ask_cost", "the clinic down the road is $200"), ("out_of_scope", "can you match that"),
    ("ask_cost", "could you do it for 200"), ("ask_cost", "can you do 2 sessions for 500"), ("ask_cost", "can you knock 50 off"),
])
def test_bargaining_gets_the_list_and_no_promise(intent, text):
    # Wrong before: the price list again, or "outside what I can help with".
    heard = heard_intent(intent, text)
    assert heard == "ask_cost"
    assert part_to_answer(heard, text, AFTER_PRICE) == "utter_ask_cost_bargain"
    assert part_to_answer(heard, text, []) == "utter_ask_cost_bargain"


@pytest.mark.parametrize("text", ["can you do it for me on tuesday", "can you do it at 10 tomorrow", "can you do it for 2 people"])
def test_no_bargain(text):
    assert part_to_answer("ask_cost", text, AFTER_PRICE) != "utter_ask_cost_bargain"


@pytest.mark.parametrize("intent, text, given", [
    ("ask_cost", "do u do student discount", []), ("out_of_scope", "what about nhs staff or military", ["utter_ask_cost_offers"]),
    ("ask_cost", "too much. can u do it cheaper if i book 2 sessions", AFTER_PRICE),
])
def test_a_discount_for_a_group(intent, text, given):
    assert part_to_answer(intent, text, given) == "utter_ask_cost_offers"


@pytest.mark.parametrize("text", ["and 6?", "what about 5 sessions", "and four?"])
def test_a_number_of_sessions_after_the_price(text):
    assert part_to_answer("out_of_scope", text, AFTER_PRICE) == "utter_ask_cost_sessions_count"


# --- A slot today pressed for after the booking answer.

@pytest.mark.parametrize("text", ["i really need it today", "please its urgent i have an event", "can you squeeze me in",
                                  "any chance today?"])
def test_pressed_for_today_after_the_booking(text):
    assert presses_for_today(text, ["utter_booking_availability", "utter_booking_link"])
    assert not presses_for_today(text, ["utter_ask_cost"])


@pytest.mark.parametrize("text", ["its not urgent", "what do i need to bring", "thanks"])
def test_not_pressed(text):
    assert not presses_for_today(text, ["utter_booking_link"])


def test_free_times_asked_first_are_a_question():
    # "anything today?" right after the link gets the free-times answer; asked
    # again once told the diary is not seen from here, it presses.
    assert not presses_for_today("actually do you have anything today?", ["utter_booking_link"])
    assert presses_for_today("actually do you have anything today?", ["utter_booking_availability", "utter_booking_link"])


# --- An appointment the visitor cannot keep, the link asked again.

@pytest.mark.parametrize("intent, text", [
    ("book_appointment", "i cant make my appointment tomorrow"), ("ask_aftercare", "ok can u move it to next week"),
    ("ask_contraindication", "we wont make it on friday"),
])
def test_an_appointment_not_kept_is_no_new_booking(intent, text):
    assert heard_intent(intent, text) == "ask_policy"
    assert "cancellation" in topics_asked(text)


def test_a_day_not_free_is_still_a_booking():
    assert heard_intent("book_appointment", "can i book for friday, i cant do tuesdays") == "book_appointment"


@pytest.mark.parametrize("text", ["great whats the link", "send me the link again", "link pls"])
def test_the_link_asked_again(text):
    assert heard_intent("thank", text) == "book_appointment"


# --- "im 34 and have some wrinkles": "and have" continues a statement.

def test_and_have_is_no_new_question():
    assert split_questions("im 34 and have some wrinkles round my eyes, how much do u charge") == []
    assert split_questions("how much is it and have you got parking") == ["how much is it", "have you got parking"]


# --- "1 sec" under the checklist is a pause, not line 1.

@pytest.mark.parametrize("text", ["1 sec, how long does it take?", "2 secs whats the price", "1 min", "give me 2 seconds"])
def test_a_pause_is_no_line(text):
    # Wrong before: "1 sec, how long does it take?" recorded line 1, pregnancy, and a review.
    assert READER.read(text).numbers == []


def test_a_line_beside_a_pause_still_counts():
    assert READER.read("1 sec... ok 6 applies").numbers == [6]


# --- "and saturday?" right after the hours; "paying in 3".

@pytest.mark.parametrize("text", ["and saturday?", "what about sunday", "n on fri?", "and sundays too?"])
def test_a_day_alone_after_the_hours(text):
    # Wrong before: the free-times answer and the booking checklist.
    assert day_after_hours(text, ["utter_ask_clinic_info"])
    assert not day_after_hours(text, ["utter_ask_cost"])  # after the price, a day is still a booking


def test_a_day_with_more_is_no_hours_follow_up():
    assert not day_after_hours("can i come saturday at 11", ["utter_ask_clinic_info"])


@pytest.mark.parametrize("text", ["ok wat about paying in 3", "can i pay in 3", "payment in instalments?"])
def test_paying_in_parts_is_the_instalments(text):
    assert part_to_answer("ask_cost", text, AFTER_PRICE) == "utter_ask_cost_financing"


# --- Occasions and complaints about the price; ill on the day.

@pytest.mark.parametrize("intent, text, given", [
    ("ask_capabilities", "what about black friday", ["utter_ask_cost_offers"]),
    ("ask_cost", "thats a rip off", AFTER_PRICE),
    ("ask_cost", "bit steep tbh", AFTER_PRICE),
])
def test_an_occasion_or_a_complaint_gets_the_offers(intent, text, given):
    # Wrong before: "Sure, ask away" and the price list again.
    assert part_to_answer(intent, text, given) == "utter_ask_cost_offers"


@pytest.mark.parametrize("text", ["what if im sick on the day", "if i wake up ill on the day of my appointment"])
def test_ill_on_the_day_asked_ahead_is_the_cancellation_policy(text):
    # Wrong before: the list of what rules the treatment out.
    assert heard_intent("ask_contraindication", text) == "ask_policy"
    assert "cancellation" in topics_asked(text)


@pytest.mark.parametrize("text", ["im sick today", "what if im pregnant on the day"])
def test_ill_now_or_a_condition_is_not_the_policy(text):
    assert heard_intent("ask_contraindication", text) == "ask_contraindication"


@pytest.mark.parametrize("text", ["$200?", "what about $250"])
def test_a_sum_alone_after_the_price_is_offered(text):
    # Wrong before: the price list again.
    assert part_to_answer("ask_cost", text, AFTER_PRICE) == "utter_ask_cost_bargain"


# --- A policy asked again of an amount of time; "brb" under the checklist; booking for a son; a zoom call.

@pytest.mark.parametrize("text, earlier, topic", [
    ("like 20 mins", "what happens if im late", "late_arrival"),  # wrong before: how the treatment is done
    ("what about 24 hours", "whats ur cancellation policy", "cancellation"),
])
def test_a_policy_asked_again_of_an_amount_of_time(text, earlier, topic):
    assert policy_follow_up(text, [earlier], ["utter_policy_answer"]) == topic


@pytest.mark.parametrize("text", ["ok", "how much is it for 3 sessions", "how long does it take"])
def test_no_policy_follow_up(text):
    assert policy_follow_up(text, ["whats ur cancellation policy"], ["utter_policy_answer"]) is None


@pytest.mark.parametrize("text", ["i need to check my diary brb", "hang on", "give me a min", "one sec"])
def test_away_a_moment_is_a_pause(text):
    # Wrong before: "That's outside what I can help with here" under the checklist.
    assert only_pause(text)


def test_away_beside_a_disclosure_is_no_pause():
    assert not only_pause("hang on i take warfarin")


def test_a_booking_for_someone_else_heard_as_nothing():
    # Wrong before: "did you mean booking a consultation, or what it can treat?"
    assert heard_intent("nlu_fallback", "im booking for my son hes 22") == "book_appointment"


def test_a_zoom_call_after_is_the_downtime():
    assert heard_intent("nlu_fallback", "i have a zoom call the day after is that ok") == "ask_downtime"


@pytest.mark.parametrize("text", ["can she wait in the waiting room", "can my friend come with me to the appointment", "can i bring my baby"])
def test_someone_coming_along_is_a_booking_question(text):
    # Wrong before: "can she wait in the waiting room" got the list of what rules it out.
    assert heard_intent("ask_contraindication", text) == "ask_policy"


@pytest.mark.parametrize("text", ["can my daughter have it", "can she have it if shes pregnant"])
def test_whether_someone_can_have_it_is_not(text):
    assert heard_intent("ask_contraindication", text) == "ask_contraindication"


@pytest.mark.parametrize("text", ["how much for 2", "whats the price for 3", "and how much for 2 of us?"])
def test_a_price_asked_under_the_checklist_names_no_line(text):
    # Wrong before: "how much for 2" (two people) recorded line 2, isotretinoin, and a review.
    assert READER.read(text).numbers == []


def test_a_line_beside_a_price_still_counts():
    assert READER.read("how much is it, 6 applies").numbers == [6]


def test_cancelling_the_same_day_is_no_walk_in():
    # Wrong before: the walk-in policy beside the cancellation one.
    assert topics_asked("whats the cancellation fee if i cancel same day") == ["cancellation"]
    assert "walk_ins" in topics_asked("do you do same day walk ins")
