"""Deterministic policies that guard every turn, above Rasa's RulePolicy.

Each one answers only in its own situation and abstains otherwise. They run in
the Rasa server, so they still work when the action server does not.
"""
from __future__ import annotations

import itertools
from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from clinic_assistant import clock
from clinic_assistant.age import pushes_past_minimum_age, someone_elses_age, stated_age, waits_for_minimum_age
from clinic_assistant.answer_parts import (
    discount_follow_up,
    heard_intent,
    number_corrected_after_price,
    one_session_asked,
    part_beside_whole,
    part_to_answer,
    policy_parts_without_topic,
    price_objected,
    price_pressed,
    price_scope_asked,
)
from clinic_assistant.consultation_format import consultation_format_asked
from clinic_assistant.contact_note import contact_note
from clinic_assistant.event_timing import latest_asked, timing_given
from clinic_assistant.hours_asked import day_after_hours, todays_hours_after_hours
from clinic_assistant.limits import MAX_MESSAGE_CHARS
from clinic_assistant.messaging_asked import messaging_asked
from clinic_assistant.no_then import no_asked_after_not_told, no_asked_after_policy
from clinic_assistant.not_covered import topic_not_covered
from clinic_assistant.offers import accepts_offer_of_a_person
from clinic_assistant.other_language import in_spanish
from clinic_assistant.other_treatments import other_treatment_asked
from clinic_assistant.pii import find_contact
from clinic_assistant.policy_topics import (
    asks_beside,
    asks_us_to_change_booking,
    demands_refund,
    gift_follow_up,
    policy_exception_asked,
    policy_follow_up,
)
from clinic_assistant.pressure import asks_for_verdict, asks_to_book, asks_why, kind_of, presses_for_today
from clinic_assistant.privacy_questions import asks_about_privacy
from clinic_assistant.questions import asks_apart, asks_something, further_questions
from clinic_assistant.recommendation import asks_for_recommendation
from clinic_assistant.safety.after_treatment import AFTER_TREATMENT, tells_of_treatment, told_of_treatment, treated_already, treated_then
from clinic_assistant.safety.crisis import CRISIS
from clinic_assistant.safety.expected_effects import normal_asked_after, only_expected_effects, without_itch
from clinic_assistant.safety.help_called import help_called
from clinic_assistant.safety.no_problem import only_tells_of_treatment
from clinic_assistant.safety.over_messages import EMERGENCY_OVER_MESSAGES
from clinic_assistant.safety.red_flags import Level, assess
from clinic_assistant.screening.follow_ups import REFERS_TO_ONE_OF, corrects
from clinic_assistant.worry import greets_again, low_about_looks, only_frustration, only_hesitation, only_worry, unfinished
from components.conversation_index import conversation_read, events_newest_first, latest_messages
from components.disclosures import DISCLOSURES
from components.input_guard import guard_text
from components.safety_override import SYMPTOM_INTENT, screening_matter

UTTER_ACTION_FAILED = "utter_action_failed"
UTTER_EMERGENCY = "utter_emergency"
UTTER_TOO_LONG = "utter_message_too_long"
UTTER_EMPTY = "utter_message_empty"
ACTION_RESPOND = "action_respond"
ACTION_HANDLE_SYMPTOM = "action_handle_symptom"
ACTION_CLARIFY = "action_clarify"
# Intents that end a conversation or a topic: "Take care!" or "You're welcome".
CLOSING_INTENTS = ("goodbye", "thank")
HANDOFF_SLOT = "handoff_ticket"
# Requests that start or answer from the screening's state.
FLOW_INTENTS = ("book_appointment", "start_screening", "ask_contraindication")


def responses_given(tracker: DialogueStateTracker) -> List[Optional[str]]:
    """The responses sent so far in the conversation, in order (None for other messages)."""
    return list(conversation_read(tracker).responses)


def responses_of_previous_turn(tracker: DialogueStateTracker) -> List[Optional[str]]:
    """What the assistant said between the visitor's previous message and this one (latest first)."""
    since_previous = itertools.dropwhile(lambda event: not isinstance(event, UserUttered), events_newest_first(tracker, 2))
    next(since_previous, None)  # the latest message itself
    return [(event.metadata or {}).get("utter_action") for event in since_previous if isinstance(event, BotUttered)]


def previous_visitor_message(tracker: DialogueStateTracker) -> List[str]:
    """The visitor's message before this one, as a list of one (none at the start)."""
    return [event.text or "" for event in latest_messages(tracker, 2)[:-1]]


def earlier_messages(tracker: DialogueStateTracker) -> List[str]:
    """The visitor's two messages before this one, oldest first."""
    return [event.text or "" for event in latest_messages(tracker, 3)[:-1]]


def told_treated(tracker: DialogueStateTracker) -> bool:
    """An earlier message of the visitor's says they had the treatment
    ("had microneedling last thursday"), or the assistant asked what they
    are noticing after it."""
    read = conversation_read(tracker)
    return told_of_treatment(read.visitor_texts[:-1], read.responses)


def user_just_spoke(tracker: DialogueStateTracker) -> bool:
    """True when the visitor's message is the latest thing to answer."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return True
        if isinstance(event, ActionExecuted):
            return False
    return False


class _GuardPolicy(Policy):
    """A policy without training: it predicts one action or abstains."""

    # The utterances this policy sends, after which the bot listens again.
    own_utterances: tuple = ()

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # Above RulePolicy (6): these situations override any rule or story.
        return {"priority": 7}

    def train(
        self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        if tracker.latest_action_name in self.own_utterances:
            action: Optional[str] = ACTION_LISTEN_NAME
        else:
            action = self.choose(tracker, domain)
        probabilities = self._default_predictions(domain)
        if action is not None:
            probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities)

    def choose(self, tracker: DialogueStateTracker, domain: Domain) -> Optional[str]:
        raise NotImplementedError


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class InputLimitsPolicy(_GuardPolicy):
    """Empty and over-long messages get a clear answer instead of a guess."""

    own_utterances = (UTTER_TOO_LONG, UTTER_EMPTY)

    def choose(self, tracker: DialogueStateTracker, domain: Domain) -> Optional[str]:
        if not user_just_spoke(tracker) or tracker.latest_message is None:
            return None
        if tracker.latest_message.intent.get("name") == SYMPTOM_INTENT:
            return None  # a safety answer always comes first, whatever the length
        text = tracker.latest_message.text or ""
        if len(text) > MAX_MESSAGE_CHARS:
            return UTTER_TOO_LONG
        if not guard_text(text):
            return UTTER_EMPTY
        return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class ConversationPolicy(_GuardPolicy):
    """Sends every turn that is more than a question and its answer to
    action_respond (actions/dialogue/respond.py), in any state.

    - A symptom report always goes to action_handle_symptom first (docs/design.md
      §4.1, §4.2), whatever is running; so does a crisis.
    - action_respond takes the turn while something is under way (a handoff
      ticket, the checklist, a clinician-review outcome, a contact prompt),
      when the message discloses or asks about a condition or medicine
      (components/disclosures.py read it), and for booking and screening
      requests. Everything else is a question and its answer: the rules.
    - A goodbye or thanks that asks a question gets the clarifying question.
    """

    own_utterances = (ACTION_RESPOND, ACTION_HANDLE_SYMPTOM, ACTION_CLARIFY)

    def choose(self, tracker: DialogueStateTracker, domain: Domain) -> Optional[str]:
        if not user_just_spoke(tracker) or tracker.latest_message is None:
            return None
        parse = tracker.latest_message.parse_data
        if parse.get(CRISIS) or parse.get(EMERGENCY_OVER_MESSAGES):
            # Thoughts of suicide or self-harm: the crisis message, in any state;
            # an emergency told over several messages: the emergency message.
            return ACTION_HANDLE_SYMPTOM
        reading = parse.get(DISCLOSURES) or {}
        text = tracker.latest_message.text or ""
        heard_a_symptom = tracker.latest_message.intent.get("name") == SYMPTOM_INTENT
        # A medical question after a treatment told earlier may carry a problem:
        # "theres pus. can i use sudocrem" (the rules' problem wins, below).
        asks_medical = tracker.latest_message.intent.get("name") == "medical_advice"
        assessment = assess(text) if heard_a_symptom or reading.get("findings") or asks_medical else None
        level = assessment.level if assessment else Level.NONE
        today = clock.today(tracker.latest_message.metadata)  # a weekday counted back on the clinic's clock (stop 48)
        if level is Level.SYMPTOM and only_expected_effects(text, today) and assess(without_itch(text)).level is Level.NONE:
            # "day 4 and its itchy and flaky": an itch beside the flaking of the first
            # days is healing, answered as expected with when to call (stop 47). Only the
            # itch: anything else the rules see in the message keeps its level.
            level = Level.NONE
        treated = told_treated(tracker)  # read once: the symptom rules and heard_intent both ask
        # The rules' problem, which the NLU left to the disclosure it named
        # ("a cold sore popped up on my lip"), once the visitor told of a treatment.
        # "had microneedling last friday", then "got a few spots coming up": after it, not before.
        new_spots = (treated or treated_already(text)) and any(
            f.get("item") == "active_skin_problem" and f.get("answer") == "yes" for f in reading.get("findings") or [])
        # "2 days post, running a fever, can i take ibuprofen?": a problem to check today, not a
        # medicine question for when the clinic opens (CONTRACT §4: problems after treatment first).
        after_here = asks_medical and treated_then(text)
        if level is Level.NONE and assessment and assessment.signs and (treated or after_here):
            level = Level.SYMPTOM  # "had microneedling on monday", then "headache and feel sick"
        if heard_a_symptom or (level is Level.SYMPTOM and (treated or after_here)) or new_spots:
            # The classifier's "symptom" for "I get cold sores" is a disclosure;
            # a red flag or a problem after treatment never is.
            # After "a clinician needs to review this", the classifier's guess
            # of a symptom for "it's literally just my neck" is push-back.
            pushed = level is Level.NONE and tracker.get_slot("screening_outcome") == "review" and kind_of(text, None)
            # "had filler in my lips 3 weeks ago": a screening item, outside its
            # window, that the rules see no problem in; the classifier's guess alone.
            only_an_item = level is Level.NONE and bool(reading.get("findings")) and not AFTER_TREATMENT.search(text) and not new_spots
            # "had it done yesterday, my skin is dry and tight, normal?" (what the
            # first days bring, answered with what is not normal), "flying 3 days
            # after my session, ok?" (a plan): questions, heard_intent says which.
            question = level is Level.NONE and heard_intent(SYMPTOM_INTENT, text, treated, today) != SYMPTOM_INTENT
            # "had microneedling last thursday", then "theres pus coming out of a few
            # spots": a problem after the treatment, not a condition to check before one.
            # The message itself may tell of the treatment: "had microneedling on wednesday and
            # now i have these tiny red itchy spots" (it had read as active acne before booking).
            treated_here = treated or tells_of_treatment(text)
            disclosed = screening_matter(reading, text) and not ((level is Level.SYMPTOM or new_spots) and treated_here)
            # "thinking of getting microneedling but im so scared": worry, nothing to check today.
            worried = level is Level.NONE and only_worry(text)
            # "im at work so after 5:30 is better" once a person is on the way: when to call
            # ("after" no treatment), kept for the team by the contact reading (actions/contact.py).
            call_time = (level is Level.NONE and bool(tracker.get_slot(HANDOFF_SLOT) or tracker.get_slot("contact_prompt"))
                         and contact_note(text, after_contact=True) is not None)
            # "i really need it today" right after the booking answer: a day pressed for, no problem (stop 45).
            pressed = level is Level.NONE and not treated and presses_for_today(text, [name or "" for name in responses_given(tracker)])
            # "is that normal?" right after "day 3 and my skin is peeling a lot" was answered (stop 47).
            normal = level is Level.NONE and normal_asked_after(text, earlier_messages(tracker), today)
            if level is Level.URGENT or not (disclosed or pushed or only_an_item or question or worried or call_time or pressed or normal):
                return ACTION_HANDLE_SYMPTOM
        if (not heard_a_symptom and not reading.get("findings") and only_tells_of_treatment(text) and not tracker.get_slot(HANDOFF_SLOT)
                and tracker.get_slot("screening_outcome") != "in_progress"):
            # "hello, I had microneedling with you last week", heard as the list of what rules
            # it out or a booking: asked what it can help with (actions/symptoms.py).
            return ACTION_HANDLE_SYMPTOM
        if (tracker.latest_message.intent.get("name") == "request_human" and help_called(tracker.latest_message.text or "")
                and UTTER_EMERGENCY in responses_given(tracker)):
            # "ok I called 911, they're sending someone": "sending someone" is
            # no request for a person; acknowledged after the emergency message.
            return ACTION_HANDLE_SYMPTOM
        if not tracker.get_slot(HANDOFF_SLOT) and normal_asked_after(text, earlier_messages(tracker), today):
            return ACTION_RESPOND  # "is that normal?" of what the first days bring, just told (stop 47)
        if in_spanish(tracker.latest_message.text or ""):
            return ACTION_RESPOND  # "hola, cuanto cuesta?": which language the assistant answers in
        under_way = (
            tracker.get_slot(HANDOFF_SLOT)
            or tracker.get_slot("screening_outcome") in ("in_progress", "review")
            or tracker.get_slot("contact_prompt")
        )
        if under_way or reading.get("findings") or reading.get("general") or reading.get(REFERS_TO_ONE_OF):
            return ACTION_RESPOND
        if find_contact(text):
            return ACTION_RESPOND  # "my name is Sarah Lee and my number is 07700 900123": to be contacted
        if tracker.latest_message.intent.get("name") in FLOW_INTENTS or reading.get("medicine_question"):
            return ACTION_RESPOND
        if asks_apart(parse, "medical_advice"):
            return ACTION_RESPOND  # "how long is the downtime? also can I take something for the pain after?"
        if (asks_for_verdict(text) and (tracker.get_slot("screening_outcome") == "clear" or (
                tracker.get_slot("screening_outcome") in (None, "stopped")
                and tracker.latest_message.intent.get("name") not in ("start_screening", "book_appointment")))):
            return ACTION_RESPOND  # "so can i do it or not? yes or no": the practitioner decides
        if tracker.get_slot("screening_outcome") == "clear" and reading.get("numbers") and corrects(text):
            return ACTION_RESPOND  # "sorry i meant 5", after "none"
        if asks_to_book(text):
            return ACTION_RESPOND  # "is it safe for dark skin? I'd like to book"
        if stated_age(text) is not None or someone_elses_age(text) is not None:
            return ACTION_RESPOND  # "im 16, how much is it?": the minimum age first
        given = responses_given(tracker)
        if pushes_past_minimum_age(text, given) or waits_for_minimum_age(text, given):
            return ACTION_RESPOND  # "my mum will come with me" after the minimum age: the same, firmly
        if asks_about_privacy(text):
            return ACTION_RESPOND  # "can you delete my info": the privacy notice, not "Okay, stopped."
        if asks_why(text) or only_hesitation(text):
            return ACTION_RESPOND  # "why?", "really?", "hmm", "🤔": heard as a yes by the classifier
        if unfinished(text) or greets_again(tracker.latest_message.intent.get("name"), text, given):
            return ACTION_RESPOND  # "and also", "can i"; "hi again" once under way: not the introduction again
        if only_worry(tracker.latest_message.text or "") or only_frustration(text) or low_about_looks(text):
            return ACTION_RESPOND  # "im a bit worried honestly", "this is useless": a person offered
        if accepts_offer_of_a_person(tracker.latest_message.intent.get("name"), text, given):
            return ACTION_RESPOND  # "yes pls" to "I can pass the chat to a person"
        if asks_us_to_change_booking(text, given):
            return ACTION_RESPOND  # "can u do it for me" after "I can't change bookings from this chat"
        if demands_refund(text):
            return ACTION_RESPOND  # "i paid for 3 sessions and saw no difference. i want a refund": for the team
        if presses_for_today(text, [name or "" for name in given]) and not tracker.get_slot(HANDOFF_SLOT):
            return ACTION_RESPOND  # "i really need it today" after the booking answer (stop 45)
        earlier = previous_visitor_message(tracker)
        if policy_follow_up(text, earlier, [name or "" for name in given]) is not None:
            return ACTION_RESPOND  # "like 20 mins" right after the late-arrival policy (stop 45)
        if day_after_hours(text, given) or todays_hours_after_hours(text, given):
            return ACTION_RESPOND  # "what about thurs after work" right after the hours: that day's (stop 47)
        if consultation_format_asked(text, earlier_messages(tracker), given):
            return ACTION_RESPOND  # "and is it in person or online" about the consultation (stop 48)
        if no_asked_after_not_told(text, given) is not None or no_asked_after_policy(text, earlier, given):
            return ACTION_RESPOND  # "ok so no then?" after "I haven't been told": not a no (stop 48)
        if policy_exception_asked(text, earlier, [name or "" for name in given]) is not None:
            return ACTION_RESPOND  # "what if its an emergency" after the cancellation policy (stop 47)
        if gift_follow_up(text, earlier, [name or "" for name in given]) is not None:
            return ACTION_RESPOND  # "$100" right after a gift card question: a voucher, not the price list (stop 45)
        if messaging_asked(text) and not tracker.get_slot(HANDOFF_SLOT):
            return ACTION_RESPOND  # "can i text u": no such channel in clinic.yml, not a ticket (stop 46)
        if price_scope_asked(text, given) and not reading.get("findings"):
            return ACTION_RESPOND  # "is that per area" right after the price: what it covers (stop 46)
        if (one_session_asked(text, given) or discount_follow_up(text, given) or price_pressed(text, given)
                or price_objected(text, given)
                or number_corrected_after_price(text, given)) and not reading.get("findings"):
            return ACTION_RESPOND  # "what if i just do 1" right after the sessions: one session (stop 47)
        if other_treatment_asked(text, given):
            return ACTION_RESPOND  # "do you do botox?": not microneedling's topics
        classified = tracker.latest_message.intent.get("name") or ""
        intent = heard_intent(classified, text, treated, today)
        if latest_asked(text, given) or timing_given(text, intent, given, tracker.latest_message.metadata):
            # "it's on the 20th of december" after the timing before a day that
            # matters; "wedding on the 19th, can i get it done before?"; "when's the latest then?"
            return ACTION_RESPOND
        if topic_not_covered(text, intent) and not reading.get("general"):
            return ACTION_RESPOND  # "can you do microneedling over a tattoo?": no answer to guess
        if asks_for_recommendation(text, classified):
            return ACTION_RESPOND  # "what would you recommend then?": the practitioner's, at the consultation
        if intent != classified:
            # "do you sell gift cards", out of scope to the classifier, or "tomorrow
            # after 5?" heard as goodbye: heard as what it asks
            return ACTION_RESPOND
        if classified in CLOSING_INTENTS + ("deny",) and asks_something(text):
            # "ok great, can i come tomorrow?" heard as goodbye, "is that normal?"
            # as a no: a question gets "did you mean...?" from the classifier's
            # next guesses, never "Take care!" or "No problem.".
            return ACTION_CLARIFY
        if f"utter_{intent}" in responses_of_previous_turn(tracker):
            return ACTION_RESPOND  # "is it safe?", then "what are the risks?": the answer just above pointed to
        if part_to_answer(intent, tracker.latest_message.text or "", given, treated or tells_of_treatment(text)):
            return ACTION_RESPOND  # "any deals?" after the price: that part, not the whole answer again
        if part_beside_whole(f"utter_{intent}", text):
            return ACTION_RESPOND  # "whats the price and is it worth it": the price, then the worth (stop 46)
        if intent == "ask_policy" and policy_parts_without_topic(parse, treated, today):
            return ACTION_RESPOND  # "whats ur cancellation policy and can i bring my friend": both (stop 48)
        if asks_beside(intent, tracker.latest_message.text or "") or further_questions(
                parse, [intent], lambda heard, question: heard_intent(heard, question, treated, today)):
            return ACTION_RESPOND  # "how much is it, and does it hurt?": both answered
        return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class ActionFailurePolicy(_GuardPolicy):
    """A custom action that failed or timed out never leaves the turn silent.

    Rasa logs a failed remote action as executed with no events (and drops the
    error), so "a custom action, then nothing" is the failure signature; every
    action of ours returns at least one event. The reply is a static response
    (docs/design.md §4.5); an emergency still gets the emergency message.
    """

    own_utterances = (UTTER_ACTION_FAILED, UTTER_EMERGENCY)

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"priority": 8}

    def choose(self, tracker: DialogueStateTracker, domain: Domain) -> Optional[str]:
        last = tracker.events[-1] if tracker.events else None
        if not isinstance(last, ActionExecuted):
            return None
        # user_actions also lists responses; those run inside the Rasa server.
        custom = (set(domain.user_actions) - set(domain.responses)) | set(domain.form_names)
        if last.action_name not in custom:
            return None
        text = tracker.latest_message.text if tracker.latest_message else ""
        return UTTER_EMERGENCY if assess(text or "").level is Level.URGENT else UTTER_ACTION_FAILED
