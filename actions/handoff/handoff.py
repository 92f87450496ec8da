"""Opening a handoff: the ticket, the clinic's notification, the visitor's reply.

Every action that hands a conversation to a person goes through `hand_off`,
so each such turn carries the docs/design.md §3 payload with a real ticket.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from clinic_assistant import clinic_config, clock
from clinic_assistant.contact_note import contact_note, with_note
from clinic_assistant.notify import notify_in_background
from clinic_assistant.pii import find_contact
from clinic_assistant.tickets import Ticket, TicketStore

HANDOFF_SLOT = "handoff_ticket"
URGENT_SLOT = "handoff_urgent"
# The contact prompt asked after a handoff: "consent" (may I take...?) or
# "contact" (please type it); the next message answers it only if it can.
CONTACT_PROMPT_SLOT = "contact_prompt"
CONTACT_NOTE_SLOT = "contact_note"
CONTACT_CHARS = 255  # the ticket's contact column


@lru_cache(maxsize=1)
def ticket_store() -> TicketStore:
    return TicketStore()


def channel_of(tracker: Tracker) -> str:
    return tracker.get_latest_input_channel() or "unknown"


def tell_what_happens_next(
    dispatcher: CollectingDispatcher, now: Optional[dt.datetime] = None, reason: str = ""
) -> None:
    """Open now: a person replies here. Closed: when the team will be back,
    and for a symptom, where to reach a clinician today instead."""
    hours = clinic_config.current().hours
    now = now or clock.now()
    if hours.is_open(now):
        closes = hours.ranges[now.astimezone(hours.timezone).weekday()][1]
        dispatcher.utter_message(response="utter_handoff_open", closes_at=f"{closes:%H:%M}")
        return
    opening = hours.next_opening(now)
    when = f"{clock.day_of(opening, now.astimezone(hours.timezone).date())} at {opening:%H:%M}" if opening else "as soon as we can"
    closed = "utter_handoff_closed_symptom" if reason == "symptom" else "utter_handoff_closed"
    dispatcher.utter_message(response=closed, opens_at=when)


def channel_hides_visitor(tracker: Tracker) -> bool:
    """The channel gives staff no way back to the visitor (web chat)."""
    return channel_of(tracker) in clinic_config.current().handoff.get("ask_contact_on_channels", [])


def should_ask_for_contact(tracker: Tracker, urgent: bool) -> bool:
    asked_before = tracker.get_slot("contact_consent") is not None
    return not urgent and not asked_before and channel_hides_visitor(tracker)


def hand_off(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    reason: str,
    urgent: bool = False,
    flags: Optional[Dict[str, str]] = None,
    crisis: Optional[str] = None,
) -> List[EventType]:
    """Open (or escalate) the ticket, notify the clinic, tell the visitor.

    The reason-specific message is the caller's; this adds what happens next
    (not for urgent handoffs: the emergency message stands alone), the payload,
    and asks for contact details where the channel does not identify them,
    unless the message gives them ("can someone email me? sara@example.com"):
    they go on the ticket, with a name or when to reach them.
    `crisis` (the crisis classifier's kind) only words the clinic's
    notification ("crisis (self-harm or suicide risk)"); the reason stays.
    With a ticket already open, a non-urgent handoff adds nothing: the team
    has the conversation and the visitor has been told what happens next.
    """
    store = ticket_store()
    clinic = clinic_config.current()
    existing = tracker.get_slot(HANDOFF_SLOT)
    ticket: Optional[Ticket] = store.get(existing) if existing else None
    if ticket is not None and ticket.status != "closed":
        if not urgent:
            return [SlotSet(HANDOFF_SLOT, ticket.id)]
        if not ticket.urgent:
            ticket = store.escalate(ticket.id)
            notify_in_background(ticket, clinic, "handoff.escalated", crisis=crisis)
    else:
        ticket = store.create(
            tracker.sender_id, channel_of(tracker), reason, urgent=urgent, flags=flags
        )
        notify_in_background(ticket, clinic, crisis=crisis)

    if not urgent:
        tell_what_happens_next(dispatcher, clock.now(tracker.latest_message.get("metadata")), reason)
    dispatcher.utter_message(json_message=ticket.payload())
    events: List[EventType] = [
        SlotSet(HANDOFF_SLOT, ticket.id),
        SlotSet(URGENT_SLOT, bool(ticket.urgent)),
        SlotSet("handoff_offer", None),
    ]
    text = tracker.latest_message.get("text") or ""
    contact = find_contact(text)
    if contact:
        note = contact_note(text)
        store.set_contact(ticket.id, with_note(contact, note)[:CONTACT_CHARS])
        events += [SlotSet("contact", contact), SlotSet("contact_consent", True), SlotSet(CONTACT_NOTE_SLOT, note)]
    elif should_ask_for_contact(tracker, urgent):
        dispatcher.utter_message(response="utter_ask_contact_consent")
        events += [SlotSet(CONTACT_PROMPT_SLOT, "consent"), SlotSet("contact_consent", False)]
    return events


# Tickets a problem after treatment makes a symptom ticket.
RAISED_BY_A_SYMPTOM = ("visitor_request", "low_confidence", "action_failure", "medical_advice", "contraindication")


def raise_to_symptom(dispatcher: CollectingDispatcher, ticket: Ticket) -> List[EventType]:
    """"can someone call me", then "theres pus now": the open ticket becomes a
    symptom ticket, with its payload and a notification ("handoff.raised")."""
    raised = ticket_store().raise_reason(ticket.id, "symptom")
    notify_in_background(raised, clinic_config.current(), "handoff.raised")
    dispatcher.utter_message(json_message=raised.payload())
    return [SlotSet(HANDOFF_SLOT, raised.id)]


def open_ticket(tracker: Tracker) -> Optional[Ticket]:
    """The conversation's ticket while it is not closed."""
    ticket_id = tracker.get_slot(HANDOFF_SLOT)
    ticket = ticket_store().get(ticket_id) if ticket_id else None
    return ticket if ticket is not None and ticket.status != "closed" else None
