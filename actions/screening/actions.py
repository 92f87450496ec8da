"""The contraindication screening as one checklist (docs/design.md §4.3, §5).

One message lists the items; the visitor answers "none", numbers, words or
free text. A disclosure ends the screening at once with the clinician-review
outcome and a handoff; "none" ends it with the clear outcome (and the booking
link when the visitor asked to book). A follow-up question is asked only when
an answer needs a date ("I took Accutane": when?) or the message named some
items as not applying without saying the rest don't either.

The outcome is either "nothing in your answers to these questions rules it
out; the practitioner confirms" (offer booking) or "a clinician needs to
review this" (handoff, reason `contraindication`). Never "it is safe for
you". Only yes / no / unsure flags are kept, never the visitor's words.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff.handoff import hand_off, open_ticket, ticket_store
from actions.said_before import responses_given
from clinic_assistant import clinic_config, clock
from clinic_assistant.pressure import kind_of
from clinic_assistant.questions import asks_something
from clinic_assistant.screening.follow_ups import AFTER_BIRTH_QUESTION, corrects
from clinic_assistant.screening.items import FLAGGED, Answer, item_id, slot_name
from clinic_assistant.screening.line_words import LINE_WORD
from clinic_assistant.screening.timeframes import times_in, when_answer, window_answer
from clinic_assistant.two_people import both_booking

APPOINTMENT_SLOT = "appointment_date"
OUTCOME_SLOT = "screening_outcome"
STEP_SLOT = "screening_step"  # "checklist", "anything_else" or "when:<item id>"
WHEN_STEP = "when:"
RETRY_SLOT = "screening_retry"
BOOKING_SLOT = "booking_requested"
FOR_OTHER_SLOT = "screening_for_other"
# "can i book my mum in", "is my daughter ok to have it": the checklist is hers.
_SOMEONE_ELSE = re.compile(
    r"\bmy\s+(?:\w+\s+)?(?:mum|mom|mother|dad|father|daughter|son|sister|brother|wife|husband|partner|friend|girlfriend"
    r"|boyfriend|fianc[eé]e?|aunt|auntie|uncle|gran|granny|grandma|grandmother|nan|niece|nephew|cousin|colleague)s?\b",
    re.IGNORECASE)
# "me and my sister", "can we both have it": theirs and the visitor's.
_ME_TOO = re.compile(r"\b(?:me and|and me|and i|both of us|us both|we|us|me too|me as well)\b", re.IGNORECASE)
OTHER_ITEM = "other_health"  # what cannot be placed on another line
PREGNANCY_ITEM = "pregnancy"  # its related words ("I had a baby") leave breastfeeding to ask
MAX_GENERAL_ANSWERS = 2  # general rules sent for one message
# Words that share their first STEM letters name the same thing ("diabetic", "diabetes").
STEM = 5


def items() -> List[Dict[str, Any]]:
    return clinic_config.current().screening_items


def screening_slots() -> List[str]:
    return [slot_name(item["id"]) for item in items()]


def flags_of(tracker: Tracker) -> Dict[str, str]:
    """Flagged items (yes / unsure) by item id."""
    return {item_id(slot): tracker.get_slot(slot) for slot in screening_slots() if tracker.get_slot(slot) in FLAGGED}


def reading_of(tracker: Tracker) -> Dict[str, Any]:
    """What components/disclosures.py read in the latest message."""
    return tracker.latest_message.get("disclosures") or {}


# "4 months", "about 3 weeks": a span with no "ago", answering "when did you
# last…?" or correcting the date just given; "for 4 months" is how long, not when.
_BARE_SPAN = re.compile(r"(?<!\bfor )\b(?:\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|a couple(?: of)?)"
                        r"\s+(?:days?|weeks?|wks?|months?|mths?|years?|yrs?)\b(?!\s+(?:ago|back|before))")
_FEW_WORDS = 8


def with_bare_span(tracker: Tracker, reading: Dict[str, Any]) -> Dict[str, Any]:
    """The reading, with "4 months" read as 4 months ago where the message
    answers "when did you last…?" or corrects a date: it had been a
    question on the number of sessions, and "wait no sorry, 4 months" the
    "no" that cleared the checklist."""
    text = tracker.latest_message.get("text") or ""
    if reading.get("times") or len(text.split()) > _FEW_WORDS or asks_something(text):
        return reading
    if _dated_item(tracker.get_slot(STEP_SLOT) or "") is None and not corrects(text):
        return reading
    span = _BARE_SPAN.search(text.lower())
    if span is None:
        return reading
    today = clock.today(tracker.latest_message.get("metadata"))
    times = [(t.lo, t.hi) for t in times_in(span.group(0) + " ago", today, stopped=True)]
    return {**reading, "times": times} if times else reading


def _item_dated_before(tracker: Tracker) -> Optional[str]:
    """The item whose "when did you last…?" one of the visitor's last three
    messages before the latest answered ("8 months ago", or "none" after it)."""
    user_messages = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            user_messages += 1
            if user_messages > 4:
                return None
        elif event.get("event") == "slot" and event.get("name") == STEP_SLOT and user_messages >= 2:
            item = _dated_item(event.get("value") or "")
            if item is not None:
                return item
    return None


def with_date_correction(tracker: Tracker, reading: Dict[str, Any]) -> Dict[str, Any]:
    """The reading, with "sorry i meant 2 days ago" as a new answer for the
    item the visitor's previous message dated ("i had botox 2 weeks ago"), or
    whose "when did you last…?" they answered ("8 months ago", then "wait no
    sorry, 4 months"): that date had been kept, and the item cleared on it."""
    text = tracker.latest_message.get("text") or ""
    if reading.get("findings") or not reading.get("times") or not corrects(text):
        return reading
    dated = next((f for f in _previous_findings(tracker) if f.get("days_ago") and _has_window(f["item"])), None)
    asked = _item_dated_before(tracker) if dated is None else None
    if asked is not None:
        dated = {"item": asked, "said": _name_of(asked)}
    answer = when_answer(_window_days(dated["item"]), reading) if dated else None
    if answer is None:
        return reading
    return {**reading, "findings": [{**dated, "answer": answer, "days_ago": reading["times"]}]}


def with_lines_meant(tracker: Tracker, reading: Dict[str, Any]) -> Dict[str, Any]:
    """The reading, with "sorry i meant 5" after the checklist came out clear
    as that line told: the numbers of a correction, once the checklist has
    ended, were read as nothing and the clear outcome stood."""
    text = tracker.latest_message.get("text") or ""
    if (reading.get("findings") or not reading.get("numbers") or tracker.get_slot(OUTCOME_SLOT) != "clear"
            or not corrects(text) or not checklist_shown(tracker)):
        return reading
    return {**reading, "findings": [_line_finding(number) for number in reading["numbers"]]}


def with_their_lines(tracker: Tracker, reading: Dict[str, Any]) -> Dict[str, Any]:
    """The reading, with "my friend has 2" under (or after) the checklist as
    line 2 told of someone else, as "my friend is on accutane" is (stop 47:
    line 2 had been recorded as the visitor's). Before any checklist a
    number names no line."""
    theirs = [n for n in reading.get("numbers_theirs") or [] if 1 <= n <= len(items())]
    if not theirs or not checklist_shown(tracker):
        return reading
    general, said = list(reading.get("general") or []), dict(reading.get("general_said") or {})
    for number in theirs:
        item = items()[number - 1]["id"]
        if item not in general:
            general.append(item)
            said[item] = f"number {number} on the list"
    return {**reading, "general": general, "general_said": said, "lines_theirs": theirs}


def _line_finding(number: int) -> Dict[str, Any]:
    """A checklist line given by its number, as a finding."""
    item = items()[number - 1]["id"]
    return {"item": item, "answer": Answer.YES.value, "said": _name_of(item)}


def _earlier_readings(tracker: Tracker) -> List[Dict[str, Any]]:
    """The disclosure readings of the visitor's messages before the latest, latest first."""
    said = [event for event in reversed(tracker.events) if event.get("event") == "user"][1:]
    return [(event.get("parse_data") or {}).get("disclosures") or {} for event in said]


def _previous_findings(tracker: Tracker) -> List[Dict[str, Any]]:
    """What the reader found in the visitor's message before the latest."""
    earlier = _earlier_readings(tracker)
    return (earlier[0].get("findings") or []) if earlier else []


def _previous_numbers(tracker: Tracker) -> List[int]:
    """The checklist numbers of the visitor's last answer that gave some,
    among the three messages before the latest ("6", "no thanks", "oops
    wrong number, meant 5")."""
    return next((reading["numbers"] for reading in _earlier_readings(tracker)[:3] if reading.get("numbers")), [])


# "oops wrong number, meant 5", "sorry i meant 11": another line than the one just given.
_WRONG_PICK = re.compile(r"\bwrong (?:number|one|line|button|box)\b|\bmeant\s+(?:number\s+|no\.?\s*|#)?\d{1,2}\b", re.IGNORECASE)


def own_findings(reading: Dict[str, Any]) -> List[Dict[str, Any]]:
    return [f for f in reading.get("findings", []) if f["answer"] in FLAGGED + (Answer.NO.value,)]


def findings_outside_checklist(reading: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The own findings of a message outside the checklist. "I've had a chemical
    peel before, is it better?" tells of experience, not of a peel in the week
    before (the reader's `undated`): its rule is told and nothing recorded;
    the checklist asks that line, and its "when?", if they book (stop 45)."""
    findings = own_findings(reading)
    undated = [f["item"] for f in findings if f.get("undated")]
    if undated and len(undated) == len(findings):
        reading["general"] = list(dict.fromkeys(list(reading.get("general") or []) + undated))
        return []
    return findings


def tell_not_screened(dispatcher: CollectingDispatcher, reading: Dict[str, Any], beside_review: bool = False) -> bool:
    """"I'm on the pill": what no line of the checklist asks (clinic.yml
    screening.not_screened) is thanked for and named as not among the
    medicines a clinician reviews first (line 12 says "medicine you take regularly"),
    for the practitioner at the consultation; nothing flagged (stop 45).
    `beside_review`: a review follows in the turn, with its own thanks.
    Whether anything was said."""
    own, asked = reading.get("not_screened") or [], reading.get("not_screened_asked") or []
    said = own or asked
    if not said:
        return False
    named = " and ".join(said[:2])
    response = "utter_not_screened_asked" if not own else "utter_not_screened_beside" if beside_review else "utter_not_screened"
    dispatcher.utter_message(response=response, said=named)  # mid-sentence: "doesn't count the pill among..."
    return True


def count_from_appointment(tracker: Tracker, reading: Dict[str, Any]) -> List[EventType]:
    """Windows count back from the appointment date when the visitor gives
    one, in this message or earlier (slot appointment_date): "I had a peel 5
    days ago, my appointment is in 2 weeks" is outside the week before it.
    The reading's dated answers are decided again with that lead."""
    today = clock.today(tracker.latest_message.get("metadata"))
    events: List[EventType] = []
    if reading.get("appointment_in_days") is not None:
        date = today + dt.timedelta(days=int(reading["appointment_in_days"]))
        events.append(SlotSet(APPOINTMENT_SLOT, date.isoformat()))
    elif tracker.get_slot(APPOINTMENT_SLOT):
        date = dt.date.fromisoformat(tracker.get_slot(APPOINTMENT_SLOT))
    else:
        return events
    lead = max(0, (date - today).days)
    reading["lead_days"] = lead
    windows = {item["id"]: item.get("within_days") for item in items()}
    for finding in reading.get("findings", []):
        window = windows.get(finding["item"])
        if window is not None and finding.get("days_ago"):
            finding["answer"] = window_answer(window - lead, [tuple(t) for t in finding["days_ago"]])
    return events


def noted(findings: List[Dict[str, Any]]) -> str:
    """Each disclosure by name: "Xarelto (rivaroxaban) is a blood thinner"."""
    names = {item["id"]: item.get("name") or item["label"] for item in items()}
    classes = clinic_config.current().raw["screening"].get("medicine_classes") or {}
    allergy_classes = {spec["called"] for spec in classes.values() if spec.get("only_allergy")}
    parts = []
    for finding in findings:
        said, called, generic = finding["said"], finding.get("called"), finding.get("generic")
        if finding.get("noted_as"):  # "not sure about …": no condition of theirs to name
            parts.append(finding["noted_as"])
        elif finding.get("allergy"):  # "im allergic to penicillin" had been "Penicillin (penicillins) is a medicine"
            parts.append(f"an allergy to {said}")
        elif called in allergy_classes:
            parts.append(f"an allergy to {said} ({called})")
        elif called and generic and said.lower() != generic.lower() and said.lower() in names.get(finding["item"], "").lower():
            # "diabetes, well controlled with metformin": the condition, then the medicine.
            parts.append(f"{said.lower()} and {generic} ({called})")
        elif called:
            # "Statin (hydroxymethylglutaryl-coa reductase inhibitors)", "Penicillin (penicillins)": a
            # class's plural name tells the visitor nothing more
            also = f" ({generic})" if generic and generic.lower() != said.lower() and not generic.lower().endswith("s") else ""
            named = f"{said[:1].upper()}{said[1:]}{also}"
            # "Accutane (isotretinoin) is isotretinoin" would tell nothing.
            if _kind_of(called) in (_kind_of(said), _kind_of(generic or "")):
                parts.append(named)
            elif generic and generic.lower().endswith("s") and said.lower().endswith("s"):
                parts.append(f"{named} ({called})")  # "Antibiotics is a medicine" had been said (stop 48)
            else:
                parts.append(f"{named} is {called}")
        else:
            # What the visitor said when the item names it ("eczema", not the
            # whole "eczema, psoriasis, rosacea, vitiligo or lupus").
            name = names.get(finding["item"], said)
            if said and said.lower() in name.lower():
                parts.append(said.lower())
            elif finding["item"] == OTHER_ITEM and said:
                parts.append(said.lower())  # "asthma", "the pill": the catch-all's name would tell the clinician nothing
            else:
                parts.append(_part_named(said, name) or name)
    return "; ".join(dict.fromkeys(parts))


def _part_named(said: str, name: str) -> Optional[str]:
    """The one part of an item's name that the visitor's word names by its
    stem: "diabetic" -> "diabetes" in "diabetes, a weakened immune system or
    an autoimmune condition"."""
    def stems(text: str) -> set:
        return {word[:STEM] for word in re.findall(r"[a-z]+", text.lower()) if len(word) >= STEM}

    said_stems = stems(said or "")
    named = [part for part in re.split(r",\s*(?:or\s+)?|\s+or\s+", name) if stems(part) & said_stems]
    return named[0] if len(named) == 1 else None


def _kind_of(name: str) -> str:
    """"a blood thinner" and "blood thinners" name one kind."""
    return re.sub(r"^(?:an?|the)\s+|s$", "", name.strip().lower())


def record(findings: List[Dict[str, Any]]) -> List[EventType]:
    return [SlotSet(slot_name(f["item"]), f["answer"]) for f in findings]


def refer_to_clinician(
    dispatcher: CollectingDispatcher, tracker: Tracker, flagged: List[Dict[str, Any]], reason: str = "contraindication",
    answer_beside: Callable[[], None] = lambda: None,
) -> List[EventType]:
    """The clinician-review outcome, in the turn the disclosure is read.

    If a ticket is already open (a handoff earlier in the chat) the flags join
    it, and only what is new is named as added; otherwise a new one is
    opened with reason `contraindication` (or `medical_advice` for "should I
    stop my metformin?"). A question asked with the disclosure ("I'm
    pregnant, does that matter?") also gets the general rule for what was
    named, and `answer_beside` answers the message's other questions, before
    what happens next."""
    flags = {f["item"]: f["answer"] for f in flagged}
    events: List[EventType] = [
        SlotSet(OUTCOME_SLOT, "review"), SlotSet(STEP_SLOT, None), SlotSet(RETRY_SLOT, None), SlotSet(BOOKING_SLOT, None)
    ]
    ticket = open_ticket(tracker)
    text = tracker.latest_message.get("text") or ""
    # "wait its just 1 spot on my chin does that count": asked with no mark (stop 48: only "the clinician will see that")
    asked = asks_something(text) or kind_of(text, None) == "about_it"
    if ticket is not None:
        ticket_store().add_flags(ticket.id, flags)
        before = flags_of(tracker)
        new = [f for f in flagged if before.get(f["item"]) != f["answer"]]
        if new:
            dispatcher.utter_message(response="utter_disclosure_added", noted=noted(new))
        else:  # "its only a couple of spots on my chin": nothing new to add, the detail is in the chat
            dispatcher.utter_message(response="utter_disclosure_again")
        if asked:
            general_answers(dispatcher, [f["item"] for f in flagged])
        answer_beside()
        return events
    dispatcher.utter_message(response="utter_screening_review", noted=noted(flagged), medicine_note=medicine_note(flagged))
    if asked:
        general_answers(dispatcher, [f["item"] for f in flagged])
    answer_beside()
    return events + hand_off(dispatcher, tracker, reason, flags={**flags_of(tracker), **flags})


# After a medicine, or an item that medicines lead to (blood thinners): never
# a hint to stop one. Said after pregnancy or a keloid it read as a non sequitur.
MEDICINE_NOTE = " Please don't stop or change any medicine because of this chat."
COSMETIC_RETINOIDS = frozenset({"retinol", "retinal"})


def medicine_note(flagged: List[Dict[str, Any]]) -> str:
    """MEDICINE_NOTE when a medicine was named, or an item the clinic lists medicines for is flagged; else ""."""
    classes = ((clinic_config.current().raw.get("screening") or {}).get("medicine_classes") or {}).values()
    medicine_items = {c.get("item") for c in classes if not c.get("only_allergy")}
    # "not sure about the list" names no medicine; "allergic to penicillin" one not taken
    told = [f for f in flagged if not f.get("noted_as") and not f.get("allergy")]
    # Cosmetic retinol is paused before a treatment (the item's own rule): no note against it.
    told = [f for f in told if (f.get("generic") or "").lower() not in COSMETIC_RETINOIDS]
    return MEDICINE_NOTE if any(f.get("generic") or f["item"] in medicine_items for f in told) else ""


def general_answers(dispatcher: CollectingDispatcher, item_ids: List[str], related: Sequence[str] = ()) -> None:
    """The general rule for each item named (at most MAX_GENERAL_ANSWERS);
    for the pregnancy line named only by a word beside it ("I had a baby"),
    its open question: breastfeeding?"""
    for item in list(dict.fromkeys(item_ids))[:MAX_GENERAL_ANSWERS]:
        after_birth = item == PREGNANCY_ITEM and item in related
        dispatcher.utter_message(response=AFTER_BIRTH_QUESTION if after_birth else f"utter_general_{item}")


def checklist_text() -> str:
    return "\n".join(f"{number}. {item['label']}" for number, item in enumerate(items(), start=1))


def start_checklist(dispatcher: CollectingDispatcher, tracker: Tracker, booking: bool, other: bool = False) -> List[EventType]:
    """The one checklist message. Answers already recorded stay recorded.
    `other`: for someone else, whatever the message's words (start_for_another)."""
    text = tracker.latest_message.get("text") or ""
    for_other = other or (bool(_SOMEONE_ELSE.search(text)) and not _ME_TOO.search(text))
    # "book my mum in": the list asks about her, so that "she is on warfarin" answers it.
    named = _FOR_SOMEONE_ELSE.search(text) if for_other else None
    dispatcher.utter_message(
        response="utter_screening_checklist_booking" if booking else "utter_screening_checklist",
        checklist=checklist_text(),
        whom=f"your {named['who'].lower()}" if named else "them" if for_other else "you",
    )
    if both_booking(text) and not for_other:
        # "me and my sister both want it": one list is one person's (stop 46).
        dispatcher.utter_message(response="utter_checklist_one_person")
    return [
        SlotSet(OUTCOME_SLOT, "in_progress"),
        SlotSet(STEP_SLOT, "checklist"),
        SlotSet(RETRY_SLOT, None),
        SlotSet(BOOKING_SLOT, booking or bool(tracker.get_slot(BOOKING_SLOT))),
        SlotSet(FOR_OTHER_SLOT, for_other),
    ]


def start_for_another(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """"can i book my sister in too" once the visitor's own check was clear:
    her check, from an empty list. Only after a clear check, so no answer a
    clinician must see is cleared (stop 46: she had got the booking link)."""
    return [SlotSet(slot, None) for slot in screening_slots()] + start_checklist(dispatcher, tracker, True, other=True)


def finish_clear(
    dispatcher: CollectingDispatcher, tracker: Tracker, booking: bool,
    answer_question: Callable[[bool], None] = lambda beside_review: None,
) -> List[EventType]:
    """Nothing rules it out; the message's own question answered before the booking link."""
    dispatcher.utter_message(response="utter_screening_clear")
    answer_question(False)
    if booking:
        dispatcher.utter_message(response="utter_booking_link")
    return [SlotSet(OUTCOME_SLOT, "clear"), SlotSet(STEP_SLOT, None), SlotSet(RETRY_SLOT, None), SlotSet(BOOKING_SLOT, None)]


def _unanswered_as_no(tracker: Tracker, answered: Dict[str, str]) -> List[EventType]:
    return [
        SlotSet(slot, Answer.NO.value)
        for slot in screening_slots()
        if tracker.get_slot(slot) is None and item_id(slot) not in answered
    ]


def correct_numbers(dispatcher: CollectingDispatcher, tracker: Tracker, reading: Dict[str, Any]) -> Optional[List[EventType]]:
    """"sorry not 3, i meant 9" after the checklist's answer: the lines taken
    back come off the record and the ticket, the ones meant (by number or
    in words) go on, and the visitor is told both. The review stays: what
    else was told, and the change itself, are for the clinician."""
    flags = flags_of(tracker)
    withdrawn = reading.get("numbers_withdrawn") or []
    if not withdrawn and reading.get("numbers") and _WRONG_PICK.search(tracker.latest_message.get("text") or ""):
        # "oops wrong number, meant 5": the number of the answer before is the one taken back.
        # Of two ("6 and perhaps 12") it cannot say which: neither comes off, 5 goes on.
        before = [n for n in _previous_numbers(tracker) if n not in reading["numbers"]]
        withdrawn = before if len(before) == 1 else []
    taken_back = [items()[n - 1]["id"] for n in withdrawn]
    taken_back = [item for item in taken_back if item in flags]
    if not taken_back or not checklist_shown(tracker):
        return None
    told = [f for f in own_findings(reading) if f["answer"] in FLAGGED]
    by_number = [_line_finding(n) for n in reading.get("numbers") or []]
    added = list({f["item"]: f for f in by_number + told}.values())  # in words where told in words
    added = [f for f in added if f["item"] not in taken_back]
    return _taken_off(dispatcher, tracker, taken_back, added)


# Stop 48: "6 was years ago" after the lines "1 and 6" were noted: a line dated.
_DATED_LINE_WORDS = 12


def date_lines(dispatcher: CollectingDispatcher, tracker: Tracker, reading: Dict[str, Any]) -> Optional[List[EventType]]:
    """"1 and 6", then "wait actually 6 was years ago": a line already noted,
    dated in the past. The item's own rule decides (CONTRACT §5, clinic.yml):
    a line with a window ("isotretinoin in the last 6 months") is answered
    by the date as "when did you last...?" is; a line that counts however
    long ago ("keloids, ever", cold sores) stays; any other line may name a
    condition that lasts (a bleeding disorder beside a blood thinner; lupus
    beside eczema), so the date cannot clear it: it becomes "not sure" for
    the clinician. Either way the visitor is told what was done, the ticket
    shows it, and the review holds."""
    text = tracker.latest_message.get("text") or ""
    numbers = [n for n in reading.get("numbers") or [] if 1 <= n <= len(items())]
    times = reading.get("times") or []
    if (not numbers or not times or own_findings(reading) or asks_something(text) or len(text.split()) > _DATED_LINE_WORDS
            or not checklist_shown(tracker) or any(lo <= 0 for lo, _ in times)):
        return None
    flags = flags_of(tracker)
    dated = [items()[n - 1] for n in numbers]
    if any(flags.get(item["id"]) not in FLAGGED for item in dated):
        return None  # a line not noted: the checklist's answer, read as such
    changed: Dict[str, str] = {}
    said: List[str] = []
    for item in dated:
        name = f"line {numbers[dated.index(item)]} ({_name_of(item['id'])})"
        window = item.get("within_days")
        answer = window_answer(window, [tuple(t) for t in times]) if window else None
        if window and answer == "no":
            changed[item["id"]] = Answer.NO.value
            said.append(f"{name} was outside the time that counts, so I've taken it off")
        elif window and answer == "yes":
            said.append(f"{name} still falls in the time that counts, so it stays on")
        elif item.get("history_counts"):
            said.append(f"{name} counts however long ago it was, so it stays on")
        else:
            changed[item["id"]] = Answer.UNSURE.value
            said.append(f"{name} may still matter after that long, so I've marked it \"not sure\" for the clinician to ask you about")
    ticket = open_ticket(tracker)
    taken_off = [item for item, answer in changed.items() if answer == Answer.NO.value]
    if ticket is not None:
        ticket_store().remove_flags(ticket.id, taken_off)
        ticket_store().add_flags(ticket.id, {item: answer for item, answer in changed.items() if answer != Answer.NO.value})
    dispatcher.utter_message(response="utter_screening_corrected", correction="; ".join(said))
    return [SlotSet(slot_name(item), answer) for item, answer in changed.items()]


# "it's my sister who is, not me", "i meant my mum": someone else's after all.
# "does the pill count?", "not sure if eliquis counts", "which doesnt count right?".
_ASKS_IF_IT_COUNTS = re.compile(r"(?<!what )\bcounts?\b(?! as)|\bdoes(?:n'?t| not)? (?:that|it|this) matter\b", re.IGNORECASE)
# "6 and i have eczema", "keloids and number 6", "none except 5 and i take
# levothyroxine", "i have rosacea and 8": lines given by number beside something named. Elsewhere a
# number beside a name may be a dose or a count ("i take 2 a day").
_LINES_BESIDE_NAMES = re.compile(
    r"^\W*(?:(?:none|nothing|all no|no|nope)\W+(?:except|apart from|besides|but|other than)\W+)?(?:just\s+|only\s+)?"
    r"(?:number\s*|no\.?\s*|#)?\d{1,2}(?![\w.:])"
    r"|\b(?:number|no\.|#|line|item|except|apart from|besides|other than)\s*\d{1,2}(?![\w.:])"
    # "i have rosacea and 8", "eczema + 5", "im on warfarin, also 11", "my psoriasis and number three"
    r"|(?:\band|\balso|\bplus|&|\+)\s*(?:number\s*|no\.?\s*|#)?\d{1,2}(?![\w.:])(?:\s+(?:as well|too|also))?\W*$"
    r"|\b(?:number|line|item)\s+[a-z]+"
    # "eleven plus lupus", "the sixth one and im on sertraline", "number four n also ten"
    r"|^\W*(?:the\s+)?" + LINE_WORD + r"\b|(?:\band|\balso|\bplus|\bn|&|\+)\s+(?:the\s+)?" + LINE_WORD + r"\b",
    re.IGNORECASE)
_NOT_ME = re.compile(r"\bnot (?:me|mine|for me|myself)\b|\bi meant (?:my|our) (?!own\b)\w+", re.IGNORECASE)


def correct_in_words(
    dispatcher: CollectingDispatcher, tracker: Tracker, reading: Dict[str, Any], text: str
) -> Optional[List[EventType]]:
    """"oops typo, i meant im NOT pregnant", "sorry i meant my sister is
    pregnant, not me", once pregnancy was recorded: taken off the record and
    the ticket, as a line number corrected is (correct_numbers)."""
    someone_else = bool(_NOT_ME.search(text))
    if not corrects(text) and not someone_else:
        return None
    flags = flags_of(tracker)
    denied = [f["item"] for f in own_findings(reading) if f["answer"] == Answer.NO.value]
    someone_elses = list(reading.get("general") or []) if someone_else else []
    if someone_else and not (someone_elses or denied or reading.get("numbers") or own_findings(reading)):
        # "i take warfarin", then "sorry i meant my friend": what the message
        # before told is the friend's (stop 47); nothing named now to place.
        someone_elses = [f["item"] for f in _previous_findings(tracker) if f.get("answer") in FLAGGED]
    taken_back = [item for item in dict.fromkeys(denied + someone_elses) if item in flags]
    if not taken_back or any(f["answer"] in FLAGGED for f in own_findings(reading)):
        return None
    return _taken_off(dispatcher, tracker, taken_back, [])


def _taken_off(dispatcher: CollectingDispatcher, tracker: Tracker, taken_back: List[str],
               added: List[Dict[str, Any]]) -> List[EventType]:
    ticket = open_ticket(tracker)
    if ticket is not None:
        ticket_store().remove_flags(ticket.id, taken_back)
        ticket_store().add_flags(ticket.id, {f["item"]: f["answer"] for f in added})
    correction = "I've taken off " + "; ".join(_name_of(item) for item in taken_back)
    if added:
        correction += " and added " + noted(added)
    dispatcher.utter_message(response="utter_screening_corrected", correction=correction)
    return [SlotSet(slot_name(item), None) for item in taken_back] + record(added)


def checklist_shown(tracker: Tracker) -> bool:
    return any(response.startswith("utter_screening_checklist") for response in responses_given(tracker))


def rest_answered_no(tracker: Tracker) -> List[EventType]:
    """"the rest no" after the review: the checklist's other lines recorded as
    no, for the clinician who reviews it."""
    return _unanswered_as_no(tracker, {})


def answer_checklist(
    dispatcher: CollectingDispatcher, tracker: Tracker, reading: Dict[str, Any], asks_question: bool = False,
    answer_question: Callable[[bool], None] = lambda beside_review: None,
) -> Optional[List[EventType]]:
    """Events if the message answers the checklist (or its follow-up), else
    None: the message is something else (a question, a digression).
    `asks_question`: the message's intent is a question the assistant answers.
    `answer_question` answers the message's questions beside its answer
    ("none, but how long till I can wear make-up?"), told whether a
    clinician review came of it; called where those answers belong."""
    step = tracker.get_slot(STEP_SLOT) or "checklist"
    booking = bool(tracker.get_slot(BOOKING_SLOT))
    findings = own_findings(reading) or _told_of_them(tracker, reading)
    # "I'm on the pill", "none except the pill": told, on no line; thanked and the list goes on.
    review = any(f["answer"] in FLAGGED for f in findings) or bool(reading.get("numbers"))
    told_apart = tell_not_screened(dispatcher, {"not_screened": reading.get("not_screened")}, beside_review=review)
    flagged = [f for f in findings if f["answer"] in FLAGGED]
    events = record(findings)

    asked = _dated_item(step)
    # "the peel was like a month ago", asked when isotretinoin was last taken:
    # the date is the peel's, and the question is still open.
    dated_other = asked is not None and any(f["item"] != asked and f.get("days_ago") for f in findings)
    if asked is not None:
        # "3 no" while isotretinoin's date is asked: line 3, not the date.
        about_lines = bool(reading.get("numbers") or reading.get("numbers_denied"))
        answer = None if dated_other or about_lines else _answer_when(asked, reading)
        replied = findings or told_apart or any(reading.get(key) for key in ("yes", "no", "unsure", "none", "rest_none"))
        if answer is None and asks_question and not replied:
            return None  # "when did you last…?" "how long till I see results?": answered, then asked again
        if answer is not None and not any(f["item"] == asked for f in findings):
            findings.append({"item": asked, "answer": answer, "said": _name_of(asked)})
            events += [SlotSet(slot_name(asked), answer)]
            if answer in FLAGGED:
                flagged.append(findings[-1])
    elif step in ("checklist", "anything_else"):  # "not pregnant", then "6": a line of the list still
        if reading.get("numbers_asked") and not findings:
            # "what does number 7 mean?": that line explained, the list asked again; nothing recorded.
            general_answers(dispatcher, [items()[number - 1]["id"] for number in reading["numbers_asked"]])
            dispatcher.utter_message(response="utter_screening_reminder")
            return events
        unsure_numbers = reading.get("unsure") and not findings
        hedged = reading.get("numbers_unsure") or []  # "6 and maybe 9": only 9 is in doubt
        by_number = not findings or _LINES_BESIDE_NAMES.search(tracker.latest_message.get("text") or "")
        for number in reading.get("numbers", []) if by_number else []:
            number_item = items()[number - 1]["id"]
            if any(f["item"] == number_item for f in findings):
                continue  # "6, i take warfarin": the line and its name, once
            answer = Answer.UNSURE.value if unsure_numbers and (number in hedged or not hedged) else Answer.YES.value
            dated = _line_dated(number_item, reading)
            if dated == Answer.NO.value:
                # "2 but i stopped in april": the line's own window answers it (stop 48: noted as
                # isotretinoin in the last 6 months, for review, when April is eight months back).
                findings.append({"item": number_item, "answer": dated, "said": _name_of(number_item)})
                events.append(SlotSet(slot_name(number_item), dated))
                continue
            answer = dated or answer
            # "1" is the whole line (pregnancy, or breastfeeding...), not its id.
            flagged.append({"item": number_item, "answer": answer, "said": _name_of(number_item),
                            **({"noted_as": f"not sure about {_name_of(number_item)}"} if answer == Answer.UNSURE.value else {})})
            events.append(SlotSet(slot_name(number_item), answer))
        asks_if_it_counts = _ASKS_IF_IT_COUNTS.search(tracker.latest_message.get("text") or "")
        if not findings and reading.get("general") and asks_if_it_counts and (reading.get("none") or reading.get("rest_none")):
            # "does methotrexate count? if not then none": their own, and not sure it counts.
            said = reading.get("general_said") or {}
            for item in reading["general"]:
                flagged.append({"item": item, "answer": Answer.UNSURE.value, "said": said.get(item) or _name_of(item),
                                "noted_as": f"not sure whether {said.get(item) or _name_of(item)} counts"})
                events.append(SlotSet(slot_name(item), Answer.UNSURE.value))
        # "not sure": a clinician goes through the list with them; "idk if my inhaler
        # counts, otherwise none" and "does my inhaler count? otherwise nothing" too
        # (the doubt is about something unnamed, the rest is no).
        doubt = reading.get("unsure") or (asks_if_it_counts and not reading.get("general") and reading.get("rest_none"))
        if not flagged and doubt and (not reading.get("none") or reading.get("rest_none")):
            unsure = {"item": OTHER_ITEM, "answer": Answer.UNSURE.value, "said": "not sure about the list",
                      "noted_as": "you're not sure whether something on the list applies"}
            flagged.append(unsure)
            events.append(SlotSet(slot_name(OTHER_ITEM), Answer.UNSURE.value))
    said_none = reading.get("none") or reading.get("rest_none")
    if not findings and not flagged and reading.get("general") and not said_none and not told_apart:
        return None  # "what if I were pregnant?": a question, answered by the caller

    dated = [f for f in flagged if f["answer"] == Answer.UNSURE.value and _has_window(f["item"])]
    if dated and len(dated) == len(flagged) and asked is None:
        # "I took Accutane": when? The one question that can clear it.
        item = dated[0]["item"]
        answer_question(False)
        dispatcher.utter_message(response=f"utter_ask_{slot_name(item)}")
        return events + [SlotSet(OUTCOME_SLOT, "in_progress"), SlotSet(STEP_SLOT, WHEN_STEP + item)]
    answered = {f["item"]: f["answer"] for f in findings + flagged}
    # "possibly 9, and maybe 2": recorded as not sure while 9's "when?" was
    # asked. Never lost: the next "when?", or the clinician review.
    pending = {item: answer for item, answer in flags_of(tracker).items() if item not in answered}
    waiting = [item for item, answer in pending.items() if answer == Answer.UNSURE.value and _has_window(item) and (item != asked or dated_other)]
    if asked is not None and not flagged and waiting and not reading.get("none"):
        answer_question(False)
        dispatcher.utter_message(response=f"utter_ask_{slot_name(waiting[0])}")
        return events + [SlotSet(OUTCOME_SLOT, "in_progress"), SlotSet(STEP_SLOT, WHEN_STEP + waiting[0])]
    denied = [items()[number - 1]["id"] for number in reading.get("numbers_denied") or []]
    if denied and not said_none:
        # "1 no": that line answered, not the whole list (it had ended clear).
        answered_no = [{"item": item, "answer": Answer.NO.value, "said": _name_of(item)} for item in denied if item not in answered]
        events += record(answered_no)
        findings += answered_no
        answered.update({item: Answer.NO.value for item in denied})
    bare_no = reading.get("no") and not reading.get("yes") and not findings and not denied
    if pending and (flagged or said_none or bare_no):
        flagged += [{"item": item, "answer": answer, "said": _name_of(item)} for item, answer in pending.items()]
    if flagged:
        if reading.get("rest_none"):  # "7, rest no": the others are recorded too
            events += _unanswered_as_no(tracker, answered)
        return events + refer_to_clinician(dispatcher, tracker, flagged, answer_beside=lambda: answer_question(True))

    # A bare "no" answers the whole list; "not pregnant" answers one line.
    if said_none or bare_no:
        events += _unanswered_as_no(tracker, answered) + finish_clear(dispatcher, tracker, booking, answer_question)
        if reading.get("general"):
            # "my sister is on accutane, she wants to come too. none for me": hers is not in their check.
            dispatcher.utter_message(response="utter_screening_someone_else")
            general_answers(dispatcher, reading["general"], reading.get("related") or ())
        return events
    if findings or asked is not None or told_apart:
        # Some items ruled out ("not pregnant"), the rest not said yet.
        answer_question(False)
        outside = [f for f in findings if f["answer"] == Answer.NO.value and f.get("days_ago") and _has_window(f["item"])]
        if outside:  # "2 applies, i finished roaccutane in march": why it is not counted
            window = clinic_config.describe_days(int(_window_days(outside[0]["item"])))
            dispatcher.utter_message(response="utter_screening_outside_window", said=outside[0]["said"].capitalize(), window=window)
        else:
            dispatcher.utter_message(response="utter_screening_anything_else")
        return events + [SlotSet(STEP_SLOT, "anything_else"), SlotSet(RETRY_SLOT, None)]
    return None


def _told_of_them(tracker: Tracker, reading: Dict[str, Any]) -> List[Dict[str, Any]]:
    """In a checklist for someone else, what is told of them ("she takes
    blood thinners": read as about someone else, so in general) answers it;
    a question about them ("can she have it while breastfeeding?") does not."""
    if not tracker.get_slot(FOR_OTHER_SLOT) or asks_something(tracker.latest_message.get("text") or ""):
        return []
    said = reading.get("general_said") or {}
    return [{"item": item, "answer": Answer.YES.value, "said": said.get(item) or _name_of(item)} for item in reading.get("general") or []]


# "can i book my mum in? shes 70 and on blood thinners": a booking for someone else.
_FOR_SOMEONE_ELSE = re.compile(
    r"\b(?:my|our)\s+(?:\w+\s+)?(?P<who>mum|mom|mother|dad|father|daughter|son|sister|brother|husband|hubby|wife|partner|"
    r"friend|gran|grandma|nan|nana|aunt|auntie|uncle|cousin|niece|nephew|boyfriend|girlfriend|fiance|fiancee|kid|child)\b",
    re.IGNORECASE,
)


# "shes 70 and on blood thinners", "he takes warfarin", "is on accutane", "he had chemo last year": told of them.
_TOLD_OF_THEM = re.compile(r"\b(?:she|he|they)(?:'?s|'re| is| are| has| have| had| takes| take| gets| get| got| was| were)\b|\b(?:is|are|was|were) on\b"
                           r"|\b(?:takes|has|had)\b",
                           re.IGNORECASE)


def someone_elses_item(text: str, reading: Dict[str, Any]) -> Optional[str]:
    """Who ("mum") when a message names someone else and tells of a
    screening item of theirs, else None."""
    found = _FOR_SOMEONE_ELSE.search(text or "")
    told = found and _TOLD_OF_THEM.search(text[found.end():])  # "my friend said its fine while pregnant" tells nothing of her
    return found["who"].lower() if told and reading.get("general") and not own_findings(reading) else None


# "how do i book her in", "can they come thursday": the one told of before.
_REFERS_TO_THEM = re.compile(r"\b(?:her|him|them|she|he|they)\b", re.IGNORECASE)
# How many of the visitor's earlier messages a booking for "her" looks back on.
EARLIER_MESSAGES = 6


def someone_elses_item_before(tracker: Tracker, text: str) -> Optional[Tuple[str, Dict[str, Any]]]:
    """(who, that message's reading) when a booking for "her" follows a
    message that told of her screening item ("booking for my mum, she takes
    warfarin", then "how do i book her in"), else None."""
    if not _REFERS_TO_THEM.search(text or ""):
        return None
    said = [event for event in tracker.events if event.get("event") == "user"][:-1]
    for event in reversed(said[-EARLIER_MESSAGES:]):
        reading = (event.get("parse_data") or {}).get("disclosures") or {}
        who = someone_elses_item(event.get("text") or "", reading)
        if who is not None:
            return who, reading
    return None


def refer_someone_else(dispatcher: CollectingDispatcher, tracker: Tracker, who: str, reading: Dict[str, Any]) -> List[EventType]:
    """Their item needs a clinician before they are booked; the checklist here
    is the visitor's own, so the team takes it up with them (no flags: the
    visitor's own answers are not these)."""
    said = reading.get("general_said") or {}
    named = "; ".join(said.get(item) or _name_of(item) for item in reading["general"])
    dispatcher.utter_message(response="utter_booking_someone_else", who=who, named=named)
    return hand_off(dispatcher, tracker, "contraindication")


def _dated_item(step: str) -> Optional[str]:
    """The item whose "when did you last…?" is waiting for its answer, if any."""
    return step[len(WHEN_STEP):] if step.startswith(WHEN_STEP) else None


def _name_of(item: str) -> str:
    return next(i.get("name") or i["label"] for i in items() if i["id"] == item)


def _window_days(item: str) -> Optional[float]:
    """How far back the item asks (isotretinoin in the last 183 days), or None."""
    return next((i.get("within_days") for i in items() if i["id"] == item), None)


def counts_only_days_before(item: str) -> bool:
    """The item asks only of the days before an appointment (a retinoid or a tan
    in the last week), not of months: after a treatment it says nothing of it."""
    days = _window_days(item)
    return days is not None and days <= 31  # the reader's SHORT_WINDOW_DAYS (screening/reader.py)


def _line_dated(item: str, reading: Dict[str, Any]) -> Optional[str]:
    """The answer a date beside the one line number given gives an item with a
    window ("2 but i stopped in april"), or None (no window, no date, several lines)."""
    window, times = _window_days(item), reading.get("times") or []
    if window is None or not times or len(reading.get("numbers") or []) != 1 or any(lo <= 0 for lo, _ in times):
        return None
    answer = window_answer(window - (reading.get("lead_days") or 0), [tuple(t) for t in times])
    return None if answer == "unknown" else answer


# Medicines taken now and then ("took 2 ibuprofen"), on line 12 only as a regular medicine.
NOW_AND_THEN_CLASSES = ("painkiller",)


def taken_now_and_then(finding: Dict[str, Any]) -> bool:
    """The finding names a medicine of a class taken now and then (a painkiller)."""
    classes = (clinic_config.current().raw.get("screening") or {}).get("medicine_classes") or {}
    called = {classes[name]["called"] for name in NOW_AND_THEN_CLASSES if name in classes}
    return finding.get("called") in called and finding.get("answer") in FLAGGED


def _has_window(item: str) -> bool:
    return _window_days(item) is not None


def _answer_when(item: str, reading: Dict[str, Any]) -> Optional[str]:
    """The answer to "when did you last ...?" from the dates in the message."""
    return when_answer(_window_days(item), reading)


def not_read(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """An answer that could not be read: explain once, then count it as not
    sure (a clinician reviews it rather than the assistant guessing)."""
    if tracker.get_slot(RETRY_SLOT) != "asked":
        dispatcher.utter_message(response="utter_screening_not_read")
        return [SlotSet(RETRY_SLOT, "asked")]
    unsure = [{"item": OTHER_ITEM, "answer": Answer.UNSURE.value, "said": "an answer I could not read",
               "noted_as": "an answer I could not read, so the clinician goes through the list with you"}]
    return record(unsure) + refer_to_clinician(dispatcher, tracker, unsure)


def remind(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """After a question answered inside the checklist: the list, or the
    "when did you last…?" still waiting for its answer."""
    asked = _dated_item(tracker.get_slot(STEP_SLOT) or "")
    if asked is not None:
        dispatcher.utter_message(response=f"utter_ask_{slot_name(asked)}")
    else:
        dispatcher.utter_message(response="utter_screening_reminder")


def stop_quietly() -> List[EventType]:
    """Left for a person or a safety answer: the checklist ends unanswered."""
    return [SlotSet(OUTCOME_SLOT, "stopped"), SlotSet(STEP_SLOT, None), SlotSet(RETRY_SLOT, None)]


def stop(dispatcher: CollectingDispatcher) -> List[EventType]:
    dispatcher.utter_message(response="utter_screening_stopped")
    return [SlotSet(OUTCOME_SLOT, "stopped"), SlotSet(STEP_SLOT, None), SlotSet(RETRY_SLOT, None)]
