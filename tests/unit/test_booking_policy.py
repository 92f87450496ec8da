"""ask_policy: the sub-answer by the visitor's words, from clinic.yml, never invented."""
import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import booking_policy
from clinic_assistant import clinic_config, policy_topics

POLICIES = clinic_config.current().policies


@pytest.mark.parametrize(
    "text, topics",
    [
        ("What's your cancellation policy?", ["cancellation"]),
        ("can I reschedule my appointment to next week", ["cancellation"]),
        ("I need to move my booking", ["cancellation"]),
        ("is the deposit refundable?", ["deposit"]),
        ("do I get my money back if I can't come", ["deposit"]),
        ("what happens if I'm late", ["late_arrival"]),
        ("I'm running behind, 10 min", ["late_arrival"]),
        ("do you take walk-ins?", ["walk_ins"]),
        ("can I just walk in without an appointment", ["walk_ins"]),
        ("do I need a consultation first?", ["consultation"]),
        ("I had it done elsewhere, can I skip the consult?", ["consultation"]),
        ("does insurance cover it", ["insurance"]),
        ("can I use my HSA card?", ["insurance"]),
        ("if I cancel do I get the deposit back?", ["cancellation", "deposit"]),
        ("do you sell gift vouchers?", ["gift_cards"]),
        ("i want to buy microneedling as a present for my wife", ["gift_cards"]),
        # A refund for results is no deposit question: no policy is configured for it.
        ("what if im not happy with the results, can i get a refund", []),
        ("can i get my money back if it doesnt work", []),
        ("is the deposit refundable if im not happy with the results", ["deposit"]),
        ("do packages expire?", ["gift_cards"]),
        ("can I transfer my unused sessions to my sister", ["gift_cards"]),
        ("what are your booking policies?", []),
    ],
)
def test_topics_are_read_from_the_visitors_words(text, topics):
    assert policy_topics.topics_asked(text) == topics


def test_every_topic_is_a_clinic_policy_field():
    assert [key for key, _, _ in policy_topics.TOPICS] == list(clinic_config.POLICY_TOPICS)


def run(text, policies):
    dispatcher = CollectingDispatcher()
    booking_policy.answer(dispatcher, text, policies)
    return dispatcher.messages


def test_the_clinics_own_words_are_the_answer():
    [message] = run("How do I cancel?", POLICIES)
    assert message["response"] == "utter_policy_answer"
    assert message["policy_text"] == POLICIES["cancellation"]


def test_two_topics_in_one_message_get_both_answers():
    [message] = run("If I cancel, is my deposit refunded?", POLICIES)
    assert message["policy_text"] == POLICIES["cancellation"] + "\n\n" + POLICIES["deposit"]


def test_an_empty_policy_is_never_made_up():
    policies = {**POLICIES, "walk_ins": "", "insurance": ""}
    [message] = run("do you take walk ins?", policies)
    assert message == {**message, "response": "utter_policy_unknown", "policy_topic": "walk-ins"}
    assert "policy_text" not in message


def test_a_known_and_an_unknown_policy_are_told_apart():
    policies = {**POLICIES, "insurance": ""}
    known, unknown = run("Do I need a consultation, and will insurance pay?", policies)
    assert known["response"] == "utter_policy_answer" and known["policy_text"] == POLICIES["consultation"]
    assert unknown["response"] == "utter_policy_unknown" and unknown["policy_topic"] == "insurance"


def test_a_question_naming_no_topic_gets_the_overview():
    [message] = run("tell me about your policies", POLICIES)
    assert message["response"] == "utter_policy_overview"


def test_a_question_no_policy_covers_gets_no_made_up_answer():
    [message] = run("can i bring my friend", POLICIES)
    assert message["response"] == "utter_policy_not_listed"


def test_a_clinic_without_policies_reads_as_empty():
    raw = dict(clinic_config.current().raw)
    raw["clinic"] = {key: value for key, value in raw["clinic"].items() if key != "policies"}
    assert set(clinic_config.ClinicConfig(raw).policies.values()) == {""}


def test_the_action_reads_the_latest_message():
    tracker = Tracker("visitor", {}, {"text": "what if I arrive late?", "intent": {"name": "ask_policy"}}, [], False, None, {}, "")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(booking_policy.ActionAnswerPolicy().run(dispatcher, tracker, {}))
    assert events == []
    assert dispatcher.messages[0]["policy_text"] == POLICIES["late_arrival"]


def test_overview_buttons_lead_back_to_each_topic():
    from clinic_assistant.build_domain import load_content

    buttons = load_content()["buttons"]["policy_topics"]
    asked = [policy_topics.topics_asked(button["payload"]) for button in buttons]
    assert asked == [[key] for key in clinic_config.POLICY_TOPICS]


@pytest.mark.parametrize(
    "text, topics",
    [
        ("how much is it, and is there a deposit?", ["deposit"]),
        ("what's the price, and can I use a gift card?", ["gift_cards"]),
        ("how much is it, and does insurance cover it?", []),  # the price answer covers insurance
        ("how much is a course of three?", []),
    ],
)
def test_the_policies_asked_beside_a_price(text, topics):
    assert policy_topics.policies_beside_price(text) == topics


@pytest.mark.parametrize(
    "text, asked",
    [
        ("do I need a deposit, and how much is a session?", True),
        ("what's the cancellation fee and what do your prices start at", True),
        ("how much is the deposit?", False),
        ("how much notice do I have to give to move it", False),
        ("does it cost anything to cancel?", False),
        ("how much is it, and will it hurt?", True),
        ("how much does it hurt?", False),
        ("how much downtime should I plan for", False),
        ("how much and does it hurt", True),
        ("does it hurt? and how much", True),
    ],
)
def test_a_price_asked_beside_a_policy(text, asked):
    assert policy_topics.asks_price(text) is asked


def test_the_price_comes_first_then_the_policy():
    price, policy = run("do I need a deposit, and how much is a session?", POLICIES)
    assert price["response"] == "utter_ask_cost"
    assert policy["policy_text"] == POLICIES["deposit"]


@pytest.mark.parametrize(
    "intent, text, beside",
    [
        ("ask_pain", "how much is it, and will it hurt?", True),
        ("ask_pain", "how much will it hurt?", False),
        ("ask_cost", "how much is it, and is there a deposit?", True),
        ("ask_cost", "how much is a course of three?", False),
        ("ask_policy", "do I need a deposit, and how much is a session?", False),  # its own action answers both
        ("greet", "hi, how much is it", False),
    ],
)
def test_what_is_asked_beside_an_intent(intent, text, beside):
    assert policy_topics.asks_beside(intent, text) is beside


def test_asked_to_move_it_for_them_after_the_chat_said_it_cannot():
    said = ["utter_cannot_change_booking", "utter_policy_cancellation"]
    assert policy_topics.asks_us_to_change_booking("can u do it for me", said)
    assert policy_topics.asks_us_to_change_booking("could you move it please", said)
    assert not policy_topics.asks_us_to_change_booking("can u do it for me", ["utter_ask_cost"])
    assert not policy_topics.asks_us_to_change_booking("how much is it", said)


@pytest.mark.parametrize("text, demands", [
    ("i want my money back, my scars look the same after 3 sessions", True),
    ("i paid for 3 sessions and saw no difference at all. i want a refund", True),
    ("what if im not happy with the results, can i get a refund", False),
    ("i had it done last week and im not happy with the results, i want a refund", True),
    ("honestly a waste of money, no change at all, i want my money back", True),
    ("if im not happy with the results can i get a refund", False),
    ("can i get my money back if it doesnt work", False),
])
def test_a_refund_demanded_after_treatments_is_told_apart(text, demands):
    assert policy_topics.demands_refund(text) is demands


@pytest.mark.parametrize("text, asks", [
    ("cancel my booking pls", True),
    ("i need to cancel tomorrows appointment, something came up", True),
    ("can i cancel my appointment today? my kid is sick", True),
    ("i want to reschedule to next friday at 3", True),
    ("hi its jenny, i have the 3pm tmrw, can we make it 4 instead", True),
    # Questions about the policy ask nothing of the chat.
    ("how much notice do i need to cancel", False),
    ("what if i need to reschedule", False),
    ("what is your cancellation policy", False),
])
def test_asked_to_cancel_or_move_their_own(text, asks):
    # Stop 39: these got the 48-hour policy with no word that nothing was changed.
    assert bool(booking_policy._ASKS_TO_CHANGE_OWN.search(text)) is asks
