"""The contact prompt after a handoff, answered only by what answers it.

Asked on channels that do not identify the visitor (web chat): "may I take a
phone number or e-mail address?". The next message answers it only with yes,
no / no thanks / skip, or a phone number or e-mail address; anything else is
a new message and is handled as one (the prompt is dropped, never taken as a
"no"). A number or address given with a question or a disclosure beside it
("its jess, 555 201 8890, also do you have parking") is saved, and the rest
is answered too (actions/dialogue/respond.py). A name, or when and how to
reach them ("tom, best after 5pm", "text only pls"), given with the number,
before it or just after it, goes on the ticket beside it
(clinic_assistant/contact_note.py). Telegram, WhatsApp, SMS and Messenger
already give staff a way back.

While a person has the conversation, "how long will they take to reply?"
gets when the team replies again, and "why do you need my number?" why it
is asked; the prompt stays open.
"""
from __future__ import annotations

import re
from typing import List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff.handoff import (
    CONTACT_CHARS,
    CONTACT_NOTE_SLOT,
    CONTACT_PROMPT_SLOT,
    HANDOFF_SLOT,
    hand_off,
    tell_what_happens_next,
    ticket_store,
)
from clinic_assistant import clock
from clinic_assistant.contact_note import contact_note, with_note
from clinic_assistant.pii import REDACTED_EMAIL, REDACTED_PHONE, find_contact, number_part, redact
from clinic_assistant.questions import asks_something

# A bare refusal: the whole message says no and nothing else.
_DECLINE = re.compile(
    r"^\s*(no|nope|nah|none|no thanks?|no thank you|no ty|not now|skip|i'?d rather not|rather not|"
    r"no,? (?:that'?s|i'?m) (?:ok|okay|fine|good)|cancel|never ?mind)\W*$",
    re.IGNORECASE,
)
# "i'd rather not give my number tbh", "nah dont want to share that": no, in the visitor's words.
_DECLINES_IN_WORDS = re.compile(
    r"\b(?:rather not|prefer not|(?:don'?t|do not|dont) (?:want|wanna|like) to|not comfortable|no need to|not (?:giving|sharing))\b"
    r".*\b(?:give|share|leave|send|number|e-?mail|details|contact)\b",
    re.IGNORECASE,
)
# "my number is the one im texting from", "you have my number": the web chat
# shows no number to the team (h67-12); it is asked for again.
_NUMBER_NOT_SEEN = re.compile(
    r"\b(?:the|this|same)\s+(?:one|number|phone|mobile|cell)\s+(?:that\s+)?(?:i'?m|im|i am|i)\s+"
    r"(?:texting|messaging|writing|typing|chatting|using|on|contacting)"
    r"|\b(?:you|u)\s+(?:already\s+)?(?:have|got|can see|should have|should see)\s+"
    r"(?:it|my\s+(?:number|phone|mobile|cell|details|e-?mail))\b"
    r"|\b(?:use|reply to|text|call|ring)\s+(?:this|the same)\s+(?:number|one|phone)\b|\bfrom this (?:phone|number|mobile)\b"
    r"|\b(?:same|this) (?:number|one) as (?:i'?m|im|i am) (?:using|texting|on)\b",
    re.IGNORECASE,
)
# After the number: "best after 5pm", "text only pls" are added to it.
NOTE_PROMPT = "note"
# "yeah sure", "yh go on", "ok go ahead": a yes in a few words (helper-60: "yeah sure" was not asked for the number).
_ACCEPT = re.compile(
    r"^\s*(?:(?:yes|yeah|yea|yeh|yh|ye|ya|yah|yas|yep|yup|sure|ok|okay|k|kk|fine|alright|please|pls|go on|go ahead|sure thing|why not"
    r"|of course|that'?s fine|thats ok|that'?s ok|you can|u can)[\s,.!]*){1,4}$",
    re.IGNORECASE,
)


# "how long will they take to reply", "when will someone get back to me".
ASKS_WHEN_REPLY = re.compile(
    r"\bhow (?:long|soon)\b.*\b(?:reply|respond|answer|get back|contact|call|hear|text|message)"
    r"|\bwhen (?:will|do|does|can) (?:they|someone|somebody|a person|the team|anyone|a nurse|i hear)\b"
    r"|\bis (?:anyone|someone|somebody) (?:there|coming|going to (?:reply|answer))\b"
    # After the handoff (stop 39): "how long do i wait", "hello??", "anyone there", "???"
    # got the downtime, the opening greeting or "outside what I can help with".
    r"|\bhow long (?:do|will|should|must) i (?:have to |need to )?(?:wait|be waiting)(?: for (?:them|a reply|someone|an answer))?\W*$"
    r"|\bhow long (?:til|till|until|before) (?:someone|somebody|they|a person|the team|anyone) (?:replies|reply|answers|responds|gets back)\b"
    r"|\bis any ?(?:one|body) (?:there|here|reading)\b|\bany ?body there\b"
    r"|\bhow long (?:will|does|would) (?:it|this|that) take (?:them|for them|for a reply|to hear)\b"
    r"|\bhow long will (?:they|you|u|someone|the team) be\W*$"
    r"|\b(?:any ?one|someone|somebody) (?:there|here|reading (?:this|these))\b"
    r"|^\W*(?:hello+|hi+|hey+)\W*(?:any ?(?:one|body))?\W*$|^\W*\?+\W*$",
    re.IGNORECASE,
)
# "why do you need my number", "do i have to give my email".
ASKS_WHY_CONTACT = re.compile(
    r"\b(?:why|what for)\b.*\b(?:number|phone|e-?mail|contact|details)\b"
    r"|\bwhat (?:do|d'?|would) (?:you|u|ya) (?:need|want) (?:it|that|this|them|my \w+) for\b"
    r"|\bwhy (?:do|d'?|would) (?:you|u|ya) (?:need|want) (?:it|that|this|them)\b|^\W*(?:why|what for)\W*$"
    r"|\bdo i (?:have|need) to (?:give|share|leave)\b|\bwhat (?:will|do) you (?:do|use) (?:with )?my\b",
    re.IGNORECASE,
)


def about_the_handoff(dispatcher: CollectingDispatcher, tracker: Tracker, reason: str) -> bool:
    """Answers a question about the handoff itself, if the message asks one."""
    text = tracker.latest_message.get("text") or ""
    if tracker.get_slot(CONTACT_PROMPT_SLOT) and ASKS_WHY_CONTACT.search(text):
        dispatcher.utter_message(response="utter_contact_why")
        return True
    if ASKS_WHEN_REPLY.search(text):
        tell_what_happens_next(dispatcher, clock.now(tracker.latest_message.get("metadata")), reason)
        return True
    return False


def asks_beside_contact(text: str) -> bool:
    """A question in the message once its phone number or address is taken
    out; the words on each side read apart ("my number is 555 222 3333 whats
    the deposit": the question starts after the number)."""
    hidden = redact(text) or ""
    for token in (REDACTED_PHONE, REDACTED_EMAIL):
        hidden = hidden.replace(token, "\n")
    return any(asks_something(part) for part in hidden.split("\n"))


def answer_contact_prompt(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """Events when the latest message answers the pending prompt, else None."""
    prompt = tracker.get_slot(CONTACT_PROMPT_SLOT)
    text = tracker.latest_message.get("text") or ""
    contact = find_contact(text)
    # A number or address given later, once the prompt has passed, still counts.
    late = contact and tracker.get_slot(HANDOFF_SLOT) and not tracker.get_slot("contact")
    if prompt not in ("consent", "contact", NOTE_PROMPT) and not late:
        return None
    if not contact and prompt in ("consent", "contact"):
        contact = _number_in_parts(tracker, text)  # "07700", then "900 123"
        if not contact and number_part(text):
            dispatcher.utter_message(response="utter_contact_number_rest")
            return [SlotSet("contact_consent", True), SlotSet(CONTACT_PROMPT_SLOT, "contact")]
        if not contact and _NUMBER_NOT_SEEN.search(text):
            dispatcher.utter_message(response="utter_contact_not_seen")
            return [SlotSet("contact_consent", True), SlotSet(CONTACT_PROMPT_SLOT, "contact")]
    note = contact_note(text, after_contact=prompt == NOTE_PROMPT, asked_for_contact=prompt == "contact")
    if contact or (note and prompt == NOTE_PROMPT):
        # "tom, 07700 900123, best after 5pm", or "text only pls" just after the number.
        notes = _joined(tracker.get_slot(CONTACT_NOTE_SLOT), note)
        _save_on_ticket(tracker, with_note(contact or tracker.get_slot("contact"), notes))
        if not contact:
            dispatcher.utter_message(response="utter_contact_note_added", note=note)
        elif note:
            dispatcher.utter_message(response="utter_contact_saved_note", note=note)
        else:
            dispatcher.utter_message(response="utter_contact_saved")
        events = [SlotSet(CONTACT_NOTE_SLOT, notes), SlotSet(CONTACT_PROMPT_SLOT, NOTE_PROMPT)]
        return events + ([SlotSet("contact", contact), SlotSet("contact_consent", True)] if contact else [])
    if prompt == NOTE_PROMPT:
        return None
    if note:
        # "sure, its tom": kept, and the number still asked for.
        notes = _joined(tracker.get_slot(CONTACT_NOTE_SLOT), note)
        _save_on_ticket(tracker, with_note(None, notes))
        dispatcher.utter_message(response="utter_contact_note_ask", note=note)
        return [SlotSet(CONTACT_NOTE_SLOT, notes), SlotSet("contact_consent", True), SlotSet(CONTACT_PROMPT_SLOT, "contact")]
    if _DECLINE.match(text) or (_DECLINES_IN_WORDS.search(text) and not asks_something(text)):
        dispatcher.utter_message(response="utter_contact_declined")
        return [SlotSet(CONTACT_PROMPT_SLOT, None)]
    if prompt == "consent" and _ACCEPT.match(text):
        dispatcher.utter_message(response="utter_ask_contact")
        return [SlotSet("contact_consent", True), SlotSet(CONTACT_PROMPT_SLOT, "contact")]
    return None


def _number_in_parts(tracker: Tracker, text: str) -> Optional[str]:
    """A phone number sent in two messages: "my number is 555 010", then
    "sorry hit send too early, 9876"."""
    said = [event.get("text") or "" for event in tracker.events if event.get("event") == "user"]
    before = number_part(said[-2]) if len(said) >= 2 else None
    after = number_part(text)
    return find_contact(f"{before} {after}") if before and after else None


def take_unprompted(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """"my name is Sarah Lee and my number is 07700 900123", with nothing
    asked and nothing handed on yet: a request to be contacted. The team
    gets it on a ticket, the number and name on it (hand_off); no prompt."""
    text = tracker.latest_message.get("text") or ""
    contact = find_contact(text)
    if not contact or tracker.get_slot(HANDOFF_SLOT) or asks_beside_contact(text):
        return None
    dispatcher.utter_message(response="utter_contact_unprompted")
    return hand_off(dispatcher, tracker, "visitor_request") + [SlotSet(CONTACT_PROMPT_SLOT, NOTE_PROMPT)]


def _joined(notes: Optional[str], note: Optional[str]) -> Optional[str]:
    return "; ".join(part for part in (notes, note) if part) or None


def _save_on_ticket(tracker: Tracker, contact_line: Optional[str]) -> None:
    ticket_id = tracker.get_slot(HANDOFF_SLOT)
    if ticket_id and contact_line:
        ticket_store().set_contact(ticket_id, contact_line[:CONTACT_CHARS])
