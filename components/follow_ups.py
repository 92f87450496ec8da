"""A reply that names nothing, read with the question before it
(clinic_assistant/screening/follow_ups.py).

"can you have it while breastfeeding?" gets the general rule; "well I am"
next is a disclosure of breastfeeding. The NLU reads one message alone, so
this is done where the Rasa server has both the message and the
conversation: as it parses a visitor's message, before the turn is logged.
Only the disclosure reading changes; the dialogue then treats it as any
other disclosure (actions/dialogue/respond.py). After a question about two
or three things ("blood thinners or Accutane?") the reply cannot say which:
the reading says so, and the dialogue asks.

The same for what a visitor notices after the treatment, told in the
message after "what can I help with? ... tell me what's happening": the
intent changes, to the downtime answer or to a problem after treatment.
And a dose or stopping asked right after a medicine ("how many can I take?"
after "can I take ibuprofen after?"): a medicine question, not the number
of sessions. An emergency told over several messages: marked as one.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from clinic_assistant.safety.after_treatment import tells_of_treatment
from clinic_assistant.safety.expected_effects import names_an_effect, only_expected_effects
from clinic_assistant.safety.medicine_follow_ups import asks_dose_or_stopping
from clinic_assistant.safety.over_messages import EARLIER_MESSAGES, EMERGENCY_OVER_MESSAGES, emergency_over_messages
from clinic_assistant.safety.red_flags import Level, assess
from clinic_assistant.screening.follow_ups import (
    AFTER_BIRTH_QUESTION,
    REFERS_TO_ONE_OF,
    refers_back,
    with_referent,
    yes_or_no_to_question,
)
from components.conversation_index import latest_messages
from components.disclosures import CONTRAINDICATION_INTENT, DISCLOSURES, names_a_medicine, read_disclosures
from components.safety_override import MEDICAL_INTENT, SYMPTOM_INTENT

# What the classifier makes of "well I am", "yeah I take one", "mine is well
# controlled", "I had mine 3 weeks ago" (a time word reads like a symptom's):
# a task of its own ("I want to book it") is not a reply.
REPLY_INTENTS = ("affirm", "deny", "thank", "out_of_scope", "nlu_fallback", "ask_contraindication", "report_symptom",
                 # "same here haha" heard as a greeting; "my gp said its fine for me" as a medical question.
                 "greet", "medical_advice", "ask_safety", "ask_suitability", "start_screening")


MAX_ASKED = 3
_AS_BREASTFEEDING = {"yes": "i am breastfeeding", "no": "i am not breastfeeding", "unsure": "not sure if i am breastfeeding"}


def asked_in_general(tracker: DialogueStateTracker) -> List[str]:
    """The visitor's words for the conditions or medicines their previous
    message asked about in general, if it told nothing of their own."""
    previous = tracker.latest_message  # the new message is not logged yet
    reading = (previous.parse_data.get(DISCLOSURES) if previous else None) or {}
    if reading.get("findings"):
        return []
    said = reading.get("general_said") or {}
    return [said[item] for item in reading.get("general") or [] if said.get(item)]


def read_as_follow_up(parse: Dict[Text, Any], tracker: DialogueStateTracker, metadata: Optional[Dict]) -> None:
    reading = parse.get(DISCLOSURES) or {}
    if reading.get("findings") or reading.get("general"):
        # it names something itself; "i took that for acne, finished in october" after
        # "whats isotretinoin?" still tells of what was asked (stop 45: the course in
        # its window had been lost, and "none" next ended the checklist clear)
        read_as_referred_back(parse, tracker, metadata)
        return
    if (parse.get("intent") or {}).get("name") not in REPLY_INTENTS:
        return
    if AFTER_BIRTH_QUESTION in _last_turn_responses(tracker):
        # "Are you breastfeeding at the moment?" "ya" / "👍" / "nope"
        said = yes_or_no_to_question(parse.get("text") or "")
        if said is not None:
            parse[DISCLOSURES] = read_disclosures(_AS_BREASTFEEDING[said], metadata)
            parse["intent"] = {"name": CONTRAINDICATION_INTENT, "confidence": (parse.get("intent") or {}).get("confidence")}
            return
    asked = asked_in_general(tracker)
    if len(asked) == 1:
        text = with_referent(parse.get("text") or "", asked[0])
        reread = read_disclosures(text, metadata) if text else None
        if reread and reread["findings"]:
            parse[DISCLOSURES] = reread
            if (parse.get("intent") or {}).get("name") == SYMPTOM_INTENT and assess(parse.get("text") or "").level is Level.NONE:
                # "I had mine 3 weeks ago" names no symptom: an answer, not a problem after treatment.
                parse["intent"] = {"name": CONTRAINDICATION_INTENT, "confidence": parse["intent"].get("confidence")}
    elif 1 < len(asked) <= MAX_ASKED and with_referent(parse.get("text") or "", "it"):
        parse[DISCLOSURES] = {**reading, REFERS_TO_ONE_OF: asked}  # which one? the dialogue asks


def read_as_referred_back(parse: Dict[Text, Any], tracker: DialogueStateTracker, metadata: Optional[Dict]) -> None:
    """A reply that names something else and refers back to the one thing
    asked about in the message before ("i took that for acne"): read with
    it, when that adds what was asked about to the reading."""
    text = parse.get("text") or ""
    asked = asked_in_general(tracker)
    if len(asked) != 1 or not refers_back(text):
        return
    reread = read_disclosures(with_referent(text, asked[0]) or "", metadata)
    before = {finding["item"] for finding in (parse.get(DISCLOSURES) or {}).get("findings") or []}
    if any(finding["item"] not in before for finding in reread["findings"]):
        parse[DISCLOSURES] = reread


# After "What can I help with? If you're noticing something with your skin,
# tell me" (actions/symptoms.py), what the classifier makes of "kinda tight
# and dry now" alone: a goodbye, out of scope, a no.
NOTICED_HEARD_AS = REPLY_INTENTS + ("goodbye", "greet", "ask_suitability")


def _last_turn_responses(tracker: DialogueStateTracker) -> List[str]:
    """The responses sent since the visitor's last message, last first."""
    sent = []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered):
            sent.append((event.metadata or {}).get("utter_action") or "")
    return sent


def _last_response(tracker: DialogueStateTracker) -> Optional[str]:
    return next(iter(_last_turn_responses(tracker)), None)


def read_as_what_they_notice(parse: Dict[Text, Any], tracker: DialogueStateTracker) -> None:
    """"had microneedling yesterday", the question what they notice, then
    "kinda tight and dry now": what the first days bring (the downtime
    answer, safety/expected_effects.py), read with the message before it;
    anything else they notice is a problem after the treatment."""
    text = parse.get("text") or ""
    if (parse.get("intent") or {}).get("name") not in NOTICED_HEARD_AS or not names_an_effect(text):
        return
    if _last_response(tracker) != "utter_symptom_what":
        return
    told = tracker.latest_message.text if tracker.latest_message else ""
    heard = "ask_downtime" if only_expected_effects(f"{told}. {text}") else SYMPTOM_INTENT
    parse["intent"] = {"name": heard, "confidence": (parse.get("intent") or {}).get("confidence")}


def _a_medicine_was_the_topic(tracker: DialogueStateTracker) -> bool:
    """The visitor's message before this one asked about a medicine or told one."""
    previous = tracker.latest_message  # the new message is not logged yet
    if previous is None:
        return False
    reading = (previous.parse_data or {}).get(DISCLOSURES) or {}
    told = any(finding.get("generic") for finding in reading.get("findings") or [])
    # "my dad takes warfarin, would he be able to have it": someone's, asked in general
    told = told or any(names_a_medicine(said) for said in (reading.get("general_said") or {}).values())
    return (previous.intent or {}).get("name") == MEDICAL_INTENT or bool(reading.get("medicine_question")) or told


def read_as_medicine_follow_up(parse: Dict[Text, Any], tracker: DialogueStateTracker) -> None:
    """"how many can I take?" right after "can I take ibuprofen after?": the
    medicine question it is (clinic_assistant/safety/medicine_follow_ups.py)."""
    if not asks_dose_or_stopping(parse.get("text") or "") or not _a_medicine_was_the_topic(tracker):
        return
    parse["intent"] = {"name": MEDICAL_INTENT, "confidence": (parse.get("intent") or {}).get("confidence")}
    parse[DISCLOSURES] = {**(parse.get(DISCLOSURES) or {}), "medicine_question": True}


def read_as_emergency_over_messages(parse: Dict[Text, Any], tracker: DialogueStateTracker) -> None:
    """"it's still bleeding and won't stop", then "I'm on apixaban"; a headache,
    then "and a stiff neck": an emergency told over several messages
    (clinic_assistant/safety/over_messages.py), marked for the policy and
    the symptom action."""
    earlier = [(event.text or "", (event.parse_data or {}).get(DISCLOSURES) or {}) for event in latest_messages(tracker, EARLIER_MESSAGES)]
    emergency = emergency_over_messages((parse.get("text") or "", parse.get(DISCLOSURES) or {}), earlier)
    if emergency:
        parse["intent"] = {"name": SYMPTOM_INTENT, "confidence": (parse.get("intent") or {}).get("confidence")}
        parse[EMERGENCY_OVER_MESSAGES] = emergency


def read_as_checklist_lines(parse: Dict[Text, Any], tracker: DialogueStateTracker) -> None:
    """"1 no 2 no 3 no 4 yes but only on my elbows" under the checklist: lines
    answered, which the classifier heard as a problem after treatment (stop 45:
    a symptom ticket and "get this checked today" instead of line 4's review).
    Only when the rules see no problem in it and no treatment is told."""
    if (parse.get("intent") or {}).get("name") != SYMPTOM_INTENT or tracker.get_slot("screening_outcome") != "in_progress":
        return
    reading = parse.get(DISCLOSURES) or {}
    text = parse.get("text") or ""
    if not (reading.get("numbers") or reading.get("numbers_denied")) or tells_of_treatment(text):
        return
    if assess(text).level is Level.NONE:
        parse["intent"] = {"name": CONTRAINDICATION_INTENT, "confidence": parse["intent"].get("confidence")}


class FollowUpReading(MessageProcessor):
    async def parse_message(
        self, message: UserMessage, tracker: Optional[DialogueStateTracker] = None, only_output_properties: bool = True
    ) -> Dict[Text, Any]:
        parse = await super().parse_message(message, tracker, only_output_properties)
        if tracker is not None:  # /model/parse has no conversation
            read_as_follow_up(parse, tracker, message.metadata)
            read_as_checklist_lines(parse, tracker)
            read_as_what_they_notice(parse, tracker)
            read_as_medicine_follow_up(parse, tracker)
            read_as_emergency_over_messages(parse, tracker)
        return parse
