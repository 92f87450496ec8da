"""The part of an answer a follow-up asks about.

Once an answer with several parts was given (the price with its course
saving and payment plan; how it feels, with the numbing; how long results
last; aftercare's make-up, exercise, sun and skincare; the clinic's
address, hours and parking), "any deals?", "do you do payment plans?", "is
it worth it?", "would numbing help?", "do you have parking?" or "are you
open sundays?" ask for one part of it, and get that part, not the whole
answer again. Some parts no whole answer says, so they are answered the
first time too: "can you do my neck too?" gets the areas this clinic
treats, "how much for neck and chest?" or "how much for just under the
eyes?" what the clinic says about pricing them, "can i pay by card?" the
ways to pay, "wedding in 10 days, enough time?" or "what if i have a
zoom call?" how long to leave before the day, "do i need someone to drive
me home?" what the numbing does to driving, "what if i only do one
session?" what one session does, "do you do it with prp?" what PRP is
and whether this clinic adds it, and "are they a nurse or a doctor?" who
treats here (`practitioners` in clinic.yml). Right after the price, "and
for just under eyes?" asks the price there; right after the areas, "how
much for that" too. Read by the dialogue
policy (components/policies.py) and the answers
(actions/dialogue/respond.py).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Dict, Iterable, List, NamedTuple, Optional, Pattern, Tuple

from clinic_assistant.availability import asks_availability, names_a_time
from clinic_assistant.check_requests import asks_if_they_suit, resumes
from clinic_assistant.concerns import treated_concern
from clinic_assistant.consultation_format import consultation_details_asked
from clinic_assistant.hours_asked import DAY_HOURS, HOLIDAY, OPEN_NOW, asks_holiday_hours
from clinic_assistant.policy_topics import (
    CHANGES_OWN_BOOKING,
    GIFT,
    ILL_ON_THE_DAY,
    INSURER,
    PAYS_BY_HEALTH_ACCOUNT,
    WAITLIST,
    WHEN_TO_PAY,
    asks_price,
    topics_asked,
)
from clinic_assistant.pressure import asks_to_book
from clinic_assistant.questions import asks_something, follow_up, question_beside_statement, question_parts
from clinic_assistant.safety.after_treatment import treated_already
from clinic_assistant.safety.expected_effects import asks_if_normal, names_an_effect, only_expected_effects
from clinic_assistant.safety.no_problem import names_no_problem
from clinic_assistant.safety.red_flags import Level, assess
from clinic_assistant.two_people import both_booking

_DAYS = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?s?"
# Beyond the face: the suitability and procedure answers do not say which.
_BODY_AREAS = re.compile(
    r"\b(?:necks?|chest|d[eé]collet\w*|hands?|arms?|legs?|thighs?|knees?|tummy|stomach|belly|abdomen|bum|butt"
    r"|body|scalp|areas?|(?:my|the|upper|lower) back)\b"  # not "put my make-up back on"
)
# Part of the face: the price list has the full face only.
_FACE_AREAS = re.compile(
    r"\b(?:under ?(?:my |the )?eyes?|eye area|around (?:my |the )?(?:eyes?|mouth)|forehead|cheeks?|chin|nose"
    r"|upper lip|jaw ?line|jaw|temples?|crow'?s feet|smile lines)\b"
)

# Where it is done, the whole face or any part of face or body.
_AREAS_TO_TREAT = re.compile(r"\bwhole face\b|\bfull face\b|" + _FACE_AREAS.pattern + "|" + _BODY_AREAS.pattern)

# "im so nervous about needles tbh": what helps with the fear (the pain answer's part).
NEEDLE_FEAR = re.compile(
    r"\b(?:scared|afraid|terrified|frightened|nervous|anxious|phobi\w*|fear)\b.*\bneedles?\b|\bneedle ?phobi|\bhate needles"
    # "i faint when i see needles": tell the practitioner first, as for fear.
    r"|\b(?:faint\w*|pass(?:ed|es)? out|passing out|woozy|light ?headed|queasy)\b.*\b(?:needles?|injections?|jabs?|blood)\b"
    r"|\b(?:needles?|injections?|jabs?)\b.*\b(?:faint\w*|pass(?:ed|es)? out|passing out|woozy|light ?headed)\b"
    # "what if i have a low pain tolerance", "im a wimp with pain": the same help as for fear.
    r"|\b(?:low|no|zero) pain (?:tolerance|threshold)|\bpain (?:tolerance|threshold) is (?:low|bad|rubbish|terrible|zero)"
    r"|\b(?:can'?t|cannot|don'?t) (?:handle|take|stand|cope with|deal with) pain|\b(?:really |very )?sensitive to pain"
    r"|\b(?:wimp|wuss|baby|coward)\b.{0,20}\bpain\b")
# "do you do payment plans?", "can i split it": the clinic's instalments.
FINANCING = re.compile(
    r"\bpayment plans?|\binstal+ments?|\bfinanc\w*|\bsplit (?:the )?pay|\bsplit (?:it|the (?:cost|price|bill|payments?))\b"
    r"|\bpay (?:it )?(?:monthly|over time|in (?:parts|stages|chunks))|\bmonthly\b"
    # "how many payments" after the instalments (stop 47: the whole price list again)
    r"|\bhow many (?:payments|instal+ments|months)\b"
    # "ok wat about paying in 3" (stop 45: the whole price list again)
    r"|\bpay(?:ing|ment)? (?:it )?in (?:2|3|4|two|three|four|installments|instalments|parts)\b")
# Heard as the check, the sessions or a booking: "can i split it" (stop 41: the checklist).
_FINANCING_HEARD_AS = ("start_screening", "ask_sessions", "book_appointment", "nlu_fallback", "ask_policy")
# Free times heard as the hours, a policy, out of scope or unclear (clinic_assistant/availability.py).
# "and can i come sat" heard as the check alone (stop 47): a booking, its link after a clear check.
_AVAILABILITY_HEARD_AS = ("ask_clinic_info", "ask_policy", "out_of_scope", "nlu_fallback", "ask_procedure", "start_screening")
# A day or time alone ("tomorrow after 5 then", "saturday morning", "thursday then"),
# heard as a goodbye, a greeting, aftercare, out of scope or the list of what
# rules it out (h67-01, 02): a booking, whose day is picked on the booking page.
_TIME_HEARD_AS = _AVAILABILITY_HEARD_AS + (
    "goodbye", "greet", "thank", "affirm", "deny", "ask_aftercare", "ask_contraindication", "ask_capabilities", "ask_preparation")
# Opening on a holiday, heard as the list of what rules it out (h67-07) or unclear:
# the hours' holiday part, never the checklist's rules.
_HOLIDAY_HEARD_AS = ("ask_contraindication", "out_of_scope", "nlu_fallback", "ask_policy", "book_appointment", "goodbye", "greet",
                     "ask_capabilities", "affirm", "deny")
# "is there a lift", "do you have wheelchair access": the building, which clinic.yml does not describe.
_ACCESS = re.compile(
    r"\bwheel ?chairs?\b|\bstep[- ]?free\b|\baccessib\w*|\bdisabled (?:access|parking|toilet|bathroom)|\bdisabilit\w*"
    # Not "does it lift my skin", nor "what are the steps".
    r"|\bis there (?:a |an )?(?:lift|elevator)\b|\b(?:lift|elevator) (?:access|in the building|up)\b|\belevators?\b"
    r"|\b(?:any|lots of|many|flight of) stairs\b|\bstairs to\b|\bramps?\b|\bmobility (?:scooter|aid|issues?|problems?)\b|\bcrutches\b"
)
# Stop 47: "do u have wifi", "is there a toilet": the clinic's facilities, which
# clinic.yml does not give (the contact block, or "outside what I can help with").
_FACILITIES = re.compile(
    r"\bwi-?fi\b|\binternet\b|\btoilets?\b|\bbathrooms?\b|\brestrooms?\b|\bloo\b|\bwashrooms?\b"
    r"|\bbaby chang\w*|\bchanging (?:room|facilities|table)|\bcharg(?:e|ing) my phone\b|\bphone charger\b"
    r"|\b(?:coffee|tea|water) (?:machine|while i wait)\b|\bair ?con\w*")
_FACILITIES_HEARD_AS = ("out_of_scope", "nlu_fallback", "ask_policy", "ask_capabilities")
_ACCESS_HEARD_AS = ("out_of_scope", "nlu_fallback", "ask_procedure", "ask_suitability", "ask_policy")
# "how early should i get there": when to arrive, which clinic.yml does not give (h67-21).
_ARRIVAL = re.compile(
    r"\bhow (?:early|soon|long before)\b.*\b(?:get there|arrive|be there|come in|turn up|show up|check in)\b"
    r"|\b(?:arrive|get there|be there|come in|turn up|show up)\s+(?:\w+\s+)?"
    r"(?:early|beforehand|before (?:my|the) (?:appointment|appt|time))\b"
    r"|\bwhat time should i (?:arrive|get there|be there|come in|turn up|show up)\b"
)
_ARRIVAL_HEARD_AS = ("ask_clinic_info", "ask_policy", "ask_procedure", "out_of_scope", "nlu_fallback")
# "whats the interest on the monthly payments", "do i need a credit check": the
# plan's terms, which clinic.yml does not give (h67-16).
_FINANCE_TERMS = re.compile(
    r"\binterest\b|\bapr\b|\bcredit (?:check|score|history|rating|search)\b|\b(?:soft|hard) (?:check|pull|search)\b"
    r"|\blate (?:payment )?fees?\b|\bmissed? (?:a )?payments?\b"
)
_FINANCE_TERMS_HEARD_AS = ("start_screening", "out_of_scope", "nlu_fallback", "ask_policy", "ask_contraindication", "book_appointment")
# "i have aetna" (the list of what rules it out), "can i use my fsa card" (the ways to pay).
# "do you accept insurance", "is it covered by my insurance": the clinic's insurance policy (stop 47: the whole price list).
_INSURANCE = re.compile(r"\binsur\w*|\bhealth ?plan\b")
# A discount asked in so many words.
_DEALS = re.compile(r"\bdeals?\b|\bdiscount|\bspecial offers?\b|\bpromo|\bcoupon|\bmoney off\b")
# Stop 47: "how long is the consult" got the treatment's 90 minutes; "is the
# consult free" the whole price list. clinic.yml's `prices.consultation` says both.
_CONSULT_DETAILS = re.compile(
    r"\bconsult(?:ation)?s?\W+(?:\w+\W+){0,2}?(?:free|cost|costs|long|take|takes|last|lasts|charged?|minutes|mins)\b"
    r"|\b(?:how long|how much)\s+(?:is|does|will|would|are)?\s*(?:the|a|my|your|ur)?\s*(?:free\s+)?consult(?:ation)?s?\b"
    r"|\b(?:do i (?:have to )?pay for|is there a (?:fee|charge) for|what does) (?:the|a) consult(?:ation)?\b")
CONSULT_DETAILS = "utter_consultation_details"
# Stop 48: the hours and nothing else asked, the first time too.
_HOURS_ONLY = re.compile(
    r"\b(?:what|wat|wot) time (?:do|does|are|r|will) (?:u|you|ya|you guys|the clinic|it|ur|your) (?:close|shut|open|finish|clos)"
    r"|\bhow late (?:are|r|do|is) (?:u|you|ya|the clinic|it)\b|\bhow late (?:u|you) open\b|\b(?:open|opening) (?:late|early)\b"
    r"|\b(?:evening|late|early|after ?work|before ?work|weekend|saturday|sunday) (?:appointments?|appts?|slots?|sessions?|hours|opening)\b"
    r"|\b(?:closing|opening) (?:time|hours)\b|\bwhen do (?:u|you|ya) (?:close|open|shut)\b|\btill what time\b|\buntil what time\b")
_INSURER_HEARD_AS = ("ask_contraindication", "out_of_scope", "nlu_fallback", "ask_cost", "medical_advice", "ask_suitability")
# Heard as the list of what rules it out, or the check: a fear of needles is no condition.
_NEEDLE_FEAR_HEARD_AS = ("ask_contraindication", "start_screening", "ask_safety", "ask_preparation", "nlu_fallback")
# "when should i book my next session", "had my session tuesday, when is my next one due": the spacing
# (helper-61: the new client's checklist, or the list of what rules it out).
NEXT_SESSION = re.compile(
    r"\bwhen\b.*\bnext (?:session|one|treatment|appointment|round)\b|\bnext (?:session|one|treatment)\b.*\b(?:due|when|how (?:long|soon))\b"
    r"|\bhow (?:long|soon) (?:until|till|before|after)\b.*\b(?:next|second|another) (?:session|one|treatment)\b")
_NEXT_SESSION_HEARD_AS = ("book_appointment", "start_screening", "ask_contraindication", "ask_downtime", "ask_aftercare", "nlu_fallback")

# Days that matter, by name: the timing answer's, the timing asked as
# preparation's, and a day named with its date (clinic_assistant/event_timing.py).
DAYS_THAT_MATTER = (
    r"weddings?|married|honeymoon|holidays?|vacation|party|event|photos?|photo ?shoots?|prom|birthday|graduation|big day|interview"
)
# "wedding in 10 days, enough time?": when to have it before a day that matters.
EVENT = _EVENT = re.compile(
    rf"\b(?:{DAYS_THAT_MATTER}|parties|events|christmas|enough time|in time for|meetings?|presentations?|on camera"
    r"|(?:video|zoom|teams|facetime|skype|work|conference|client|business) calls?)\b"
)
# "what if i have a zoom call", "i have a video call the next day": the
# visitor's own call, which the classifier, hearing "call", takes for a
# request for a person. "can someone call me" or "can i talk to a person
# about my zoom call" still is one.
_OWN_CALL = re.compile(r"\b(?:video|zoom|teams|facetime|skype|work|conference|client|business) calls?\b")
# "ok can i do it the week before my wedding?": having it done before a day
# that matters, which the classifier hears as how to prepare. "what should
# i stop before my holiday?" still is preparation.
_DONE_BEFORE_EVENT = re.compile(
    r"\b(?:do|have|get|book|schedule|fit)\s+(?:it|this|one|a session|the treatment|microneedling|in)\b"
    r"[^.?!]{0,30}\b(?:before|ahead of|in time for|prior to)\b[^.?!]{0,25}?"
    rf"\b(?:{DAYS_THAT_MATTER}|christmas)\b"
    # "my wedding is in 10 days, can i get microneedling before"
    rf"|\b(?:{DAYS_THAT_MATTER})\b[^.?!]{{0,40}}\b(?:do|have|get|book|fit)\s+(?:it|this|one|a session|the treatment|microneedling|in)\b"
    r"[^.?!]{0,15}\b(?:before|beforehand|first|in time)\b"
)
# "would you do my whole face or just the cheeks": where it is done, which
# the classifier can place nowhere (out_of_scope).
_TREATS_AN_AREA = re.compile(
    r"\b(?:do|treat|needle|work on)\s+(?:it on\s+)?(?:(?:my|the|both|just|only)\s+){1,2}(?:" + _AREAS_TO_TREAT.pattern + ")"
)
# "do i need someone to drive me home", "can i drive after": the numbing is
# what they ask about, whichever topic the classifier heard (a policy, the downtime).
_DRIVING = re.compile(
    r"\bdriv(?:e|ing)\b.*\b(?:home|back|after|afterwards)\b|\bdrive myself\b"
    r"|\bsomeone to (?:drive|take|pick) me\b|\b(?:get|need) a (?:lift|ride) home\b")
# "im flying to spain 3 days after my session is that ok": a plan after the
# treatment, which the classifier hears as a problem after it. Only when
# nothing in it could be one.
_PLANS = re.compile(r"\b(?:fly|flying|flight|plane|travel\w*|trip|drive|driving|road trip|cruise)\b")
_COULD_BE_A_PROBLEM = re.compile(
    r"\b(?:face|skin|lips?|eyes?|red\w*|pink|swell\w*|swollen|puff\w*|pain\w*|sore|hurt\w*|itch\w*|rash|bumps?|spots?|pus"
    r"|crust\w*|bleed\w*|blister\w*|hot|warm|burn\w*|fever|sick|ill|dizzy|breath\w*)\b"
)
_ASKS_IF_OK = re.compile(r"\b(?:is (?:that|it|this) (?:ok|okay|fine|alright|safe|a problem)|ok to|okay to|can i|should i|will (?:it|that) be)\b")
# "what happens after the treatment?", heard as how it is done.
_WHAT_AFTER = re.compile(r"\b(?:what happens|what (?:should|can|do) i expect|what to expect)\b.{0,25}\bafter(?:wards)?\b")
# PRP named: what it is and whether this clinic adds it, whichever
# microneedling topic the classifier heard (a comparison, the price, the procedure).
_PRP = re.compile(r"\bprp\b|\bvampire facials?\b|\bplatelet[- ]rich plasma\b")
_PRP_HEARD_AS = {"ask_comparison", "ask_procedure", "ask_cost", "ask_results", "ask_suitability", "out_of_scope"}
# What a question about buying the treatment as a gift is heard as.
_GIFT_HEARD_AS = frozenset(
    "ask_cost out_of_scope ask_comparison ask_contraindication ask_procedure ask_suitability book_appointment nlu_fallback".split())
# "how much is a dermaroller for home use, can i just do it myself?", "what
# needle length should i buy", "i bought a dermapen on amazon, what depth
# should i use": needling at home, whatever topic the classifier heard (the
# price, the depth, a medical question): never the clinic's price or depths.
_HOME_NEEDLING = re.compile(
    r"\bderma ?rollers?\b|\bhome (?:rollers?|use|kits?|pens?|devices?)\b|\bat ?-?home\b|\bdiy\b"
    r"|\bdo (?:it|this) (?:my ?self|at home|on my own)\b|\b(?:should|do|can) i buy\b|\bbuy (?:a|one|my own)\b"
    r"|\b(?:bought|ordered|got) (?:a|an|my own|one of those|this) (?:derma ?pen|(?:micro-?)?needling pen|derma ?stamp)"
    r"|\bmy (?:own )?(?:derma ?pen|(?:micro-?)?needling pen|derma ?stamp)\b|\b(?:on|from|off) amazon\b"
)
_HOME_NEEDLING_HEARD_AS = _PRP_HEARD_AS | {"ask_safety", "medical_advice"}
# A medical question is home needling only where it names the device ("how often can i
# use my dermapen at home"), never for "can i take ibuprofen at home after".
_DEVICE = re.compile(r"\bderma ?(?:pens?|rollers?|stamps?)\b|\bneedling pens?\b|\brollers?\b")
_ASKS_TO_TALK = re.compile(r"\b(?:call|ring|phone|text|contact)\s+(?:me|us|back)\b|\b(?:speak|talk|chat)\w*\s+(?:to|with)\b")
_ASKS_FOR_PERSON = re.compile(
    _ASKS_TO_TALK.pattern + r"|\b(?:human|person|someone|somebody|staff|nurse|doctor|agent|receptionist|team)\b")
# "is the person doing it a nurse or a doctor?", "are your staff qualified?":
# who treats, which "nurse" or "doctor" makes a request for a person to the classifier.
_PRACTITIONER = re.compile(
    r"\bwho(?:'ll|'s)?\s+(?:\w+\s+){0,3}?(?:doing|performing|treating|carrying out)\b"
    r"|\bwho (?:\w+ )?(?:does|performs|treats|will do|would do|will treat|would treat)\b"
    r"|\b(?:is it|is that|will it be|would it be) (?:a |done by a |with a )?(?:nurse|doctor|dermatologist)\b"
    r"|\b(?:qualif\w*|trained|training|experienced?)\b"
    r"|\b(?:is|are)\s+(?:the (?:person|practitioner|staff)|they|your (?:staff|practitioners?|team))\b.*\b(?:nurses?|doctors?|dermatologists?)\b"
)


# One day's hours, filled by the dialogue from the clock (actions/dialogue/respond.py).
DAY_HOURS_PART = "utter_booking_day_hours"


# How to get here by other means than a car: clinic.yml's `directions`, or
# that it gives none (the dialogue chooses, actions/dialogue/respond.py).
TRANSPORT_PART = "utter_ask_clinic_info_transport"
TRANSPORT = re.compile(
    r"\btrains?\b|\bstation\b|\bbus(?:es)?\b|\bbus ?stop|\btube\b|\bsubway\b|\bmetro\b|\btram\b|\bpublic transport"
    r"|\btransit\b|\bwalk(?:ing)? (?:from|distance)|\bwalkable\b|\bnear(?: to| the| a| any)\b|\bclose (?:to|by)\b"
    r"|\bhow (?:do|can|would|should) i get (?:there|to you|to the clinic|to u)\b|\bget there by\b"
    r"|\bubers?\b|\btaxis?\b|\bcabs?\b|\blyft\b|\bbike\b|\bcycle\b"
    # "thx. is it easy to find" after the address (stop 48: "did you mean the price, or our opening hours?")
    r"|" + r"\b(?:easy|hard|difficult|tricky) to find\b|\bfind (?:you|u|ya|the (?:place|clinic|building|entrance|door))\b")
# What "is it easy to find" is heard as: the thanks before it, or a guess.
_FIND_US = re.compile(r"\b(?:easy|hard|difficult|tricky) to find\b|\bfind (?:you|u|ya|the (?:place|clinic|building|entrance|door))\b")
_FIND_US_HEARD_AS = ("thank", "greet", "out_of_scope", "nlu_fallback", "ask_cost", "ask_procedure", "affirm", "goodbye")


class Part(NamedTuple):
    intent: str
    response: str
    asks: Pattern[str]
    # Only once the whole answer was given: asked first, the whole answer
    # holds it too. Otherwise the whole answer does not say it at all.
    after_whole: bool = True
    # Its words name its topic whatever was answered before ("what about the
    # gym?" after the downtime), unlike "how long" or "last".
    names_its_topic: bool = False
    # Parts its answer says too: asked together ("can i pay with klarna"),
    # this one answers both.
    holds: Tuple[str, ...] = ()


# "how long before i can wear makeup", "how soon can i go in the sun": after the treatment.
_UNTIL_I_CAN = re.compile(r"\bhow long (?:before|until|till|til) (?:i|you) can\b|\bhow soon (?:can|could) (?:i|you)\b")
_FEELS_AFTER = re.compile(r"\b(?:feel|feels|sting|stings|hurt|hurts)\b.*\b(?:afterwards?|after(?!\s+(?:the|numbing|cream|it starts))|the next day|the day after)\b")
_TO_THE_APPOINTMENT = re.compile(r"\b(?:to|at|for|before) (?:the|my) (?:appointment|appt|treatment|session)\b")
_CANCELS_AN_APPOINTMENT = re.compile(
    rf"\b(?:appointment|appt|booking|session|consultation|tomorrow|today|tonight|{_DAYS})\b"
    r"|\b(?:have|need|got|gotta) to cancel\b|\bcancel (?:pls|please|plz|it)\b|\b(?:wont|won'?t|can'?t|cant) make it\b"
)
# "cancel" alone: with nothing running, an appointment (h67-17); under the
# checklist, a contact prompt or a request for a person, the dialogue keeps it a
# "cancel" (actions/dialogue/respond.py).
_ONLY_CANCEL = re.compile(r"^\W*(?:cancel|cancel it|cancellation)\W*$")
_ASKS_OF_THE_TREATMENT = re.compile(r"^\W*(?:is|are|does|dose|do|will|would|can)\s+(?:there|it|you|microneedling|the treatment)\b(?!.*\b(?:my|mine|still)\b)")
_BLEEDING = re.compile(r"\bbleed(?:s|ing)?\b|\bblood\b(?!\s*(?:thinner|pressure|sugar|test|draw))")

# Whom to call out of hours: "whats your on call number", "is there an after hours number".
ON_CALL = re.compile(
    r"\bon[- ]?cal+\b|\bafter[- ]?hours?\b|\bout of hours\b|\bout-of-hours\b|\b(?:at|during the) night\b|\bovernight\b"
    r"|\bemergency (?:number|line|contact)\b|\bnurse line\b|\bweekend number\b|\bnumber for (?:the )?weekends?\b")
# Asks whom to call, not what to do: "who do i call at night", "is there an after hours number".
_ASKS_WHOM = re.compile(r"\bwho (?:do|should|can) i (?:call|ring|contact)\b|\b(?:number|numbr|line|contact)\b")
# Pay-later services, which clinic.yml does not name.
_PAY_LATER = re.compile(r"\bklarna\b|\bafter ?pay\b|\bclear ?pay\b|\baffirm\b|\bsezzle\b|\bzip ?pay\b|\bpaypal credit|\bpay later\b|\bcare ?credit\b")
# "is 65 too old", "im 67 is it too late for me": the clinic's one age rule.
# An age alone ("im 52, will it work on my wrinkles") is background, not the question.
_OLDER = re.compile(
    r"\btoo old\b|\btoo late\b|\bat my age\b|\bupper age|\bmaximum age|\bage cap\b|\bolder (?:skin|people|women|men|clients?)\b")

# Stop 45: bargaining over the price ("come on can u do $250", "the clinic down
# the road is $200", "can you match that"): the price list stands, and the
# assistant promises nothing; heard as any topic, it is the price's.
_BARGAIN = re.compile(
    r"\b(?:can|could|will|would)\s+(?:u|you|ya|you guys)\s+(?:just\s+|not\s+)?(?:do|make|go|give|let me have)\s+"
    r"(?:\S+\s+){0,4}?(?:for\s+[$£€]?\s?\d{2,}\b|[$£€]\s?\d|\d+\s*(?:dollars|bucks|quid|pounds))"
    r"|\bprice[- ]?match|\bmatch (?:that|it|this|the price|their|theirs|his|hers)\b|\bbeat (?:that|it|this|their|the price)\b"
    r"|\b(?:cheaper|less)\s+(?:elsewhere|somewhere else|down the road|round the corner|at (?:another|other|a different))"
    r"|\b(?:other|another|different|a|the)\s+(?:clinic|place|spa|salon)s?\b(?:\s+\w+){0,4}?\s+(?:charges?|is|are|only|does it for|do it for|for)"
    r"\s+(?:only\s+|just\s+)?[$£€]?\d"
    r"|\bdown the road\b[^?.!]*\d|\bknock\s+(?:\S+\s+)?off\b|\bnegotiat|\bhaggl|\b(?:best|lowest|final) price\b"
    r"|\bmates'? rates\b|\bdo me a deal\b"
    # Stop 46: "why are u more expensive than skin deep", "hows ur price compared to other clinics"
    # (how it is done, or the whole list again): the list stands, no other clinic's price is known.
    r"|\b(?:you|u|ur|your (?:prices?|clinic)|you guys|ur prices?)\s+(?:are\s+|r\s+|is\s+)?(?:so\s+|way\s+|much\s+|a lot\s+)?"
    r"(?:more expensive|pricier|dearer)\b"
    r"|\b(?:prices?|pricing|costs?)\b[^.?!]{0,20}\bcompare[ds]? (?:to|with)\b[^.?!]{0,20}\b(?:other|another|elsewhere)\b"
    # "$200?" alone: a sum offered (after a gift card question it is a voucher's, policy_topics.gift_follow_up)
    r"|^\W*(?:(?:would you do|will you do|what about|how about|for|ok|so)\s+)?[$£€]\s?\d+\W*$")
# The visitor's own appointment, not kept or to be moved (policy_topics.CHANGES_OWN_BOOKING).
_CHANGE_HEARD_AS = frozenset(
    "book_appointment start_screening ask_contraindication out_of_scope nlu_fallback ask_aftercare ask_sessions ask_clinic_info".split())
# "can she wait in the waiting room", "can my friend come with me": someone coming
# along, a booking question clinic.yml has no answer to (stop 45: the list of
# what rules the treatment out).
_COMPANION = re.compile(
    r"\bwaiting (?:room|area)\b|\b(?:can|could|may|is it ok (?:if|for)|is it okay (?:if|for))\s+(?:my|a|she|he|they|her|him)\b[^.?!]{0,25}"
    r"\b(?:come (?:with|in with|along)|wait (?:for|in|outside)|sit (?:in|with)|stay with|be in the room|accompany)\b"
    r"|\bbring (?:a|my) (?:friend|partner|husband|wife|mum|mom|sister|boyfriend|girlfriend|kid|child|baby|plus one)\b")
_COMPANION_HEARD_AS = frozenset(
    "ask_contraindication request_human out_of_scope nlu_fallback ask_preparation ask_suitability book_appointment".split())
# "great whats the link", "send me the link again".
_ASKS_FOR_LINK = re.compile(r"\b(?:booking |the |that |a |your )?link\b(?!\s+between)")
_LINK_HEARD_AS = frozenset("thank out_of_scope nlu_fallback ask_clinic_info greet affirm goodbye ask_capabilities".split())
_BARGAIN_HEARD_AS = frozenset(
    "out_of_scope nlu_fallback ask_capabilities thank affirm deny ask_comparison ask_clinic_info ask_policy ask_sessions"
    " ask_procedure ask_suitability greet".split())  # "why are u more expensive than ...": how it is done to the classifier (stop 46)
# Stop 46: "omg ok thats ok actually" after the price, heard as goodbye ("Take
# care!"): the answer taken, the conversation going on. A goodbye word, or
# thanks, still closes it.
_TAKES_THE_ANSWER = re.compile(
    r"\b(?:thats|that's|that is|its|it's|it is|thats actually|that's actually)\s+(?:(?!not\b)\w+\s+)?"
    r"(?:ok|okay|fine|alright|not (?:too )?bad|reasonable|doable|affordable|good|great|cheap|cheaper than i thought)\b"
    r"|\b(?:not as bad as i thought|cheaper than i thought|i can do that|i can afford that)\b")
# Stop 46: "hmm thats a lot" after the price, heard as a yes ("Great. What would you like
# to know next?"): the price is too high for them, which the offers part answers.
_PRICE_TOO_HIGH = re.compile(
    r"\b(?:that'?s|thats|its|it'?s|that is)\s+(?:\w+\s+)?(?:a lot(?! of\b)|loads(?! of\b)|quite a lot(?! of\b)|a bit much|so much|too much|a lot of money"
    r"|expensive|pricey|steep|dear)\b|\bbit much\b")
_WAITLIST_HEARD_AS = frozenset(
    "ask_policy ask_clinic_info book_appointment start_screening affirm out_of_scope nlu_fallback ask_cost ask_sessions ask_procedure".split())
_PRICE_TOO_HIGH_HEARD_AS = frozenset("affirm thank deny goodbye out_of_scope nlu_fallback".split())
_CLOSES = re.compile(
    r"\b(?:bye|goodbye|byee*|cya|see (?:ya|you|u)|later|ttyl|take care|good ?night|night|have a good|thanks?|thank you|thx|ty|cheers"
    r"|that'?s all|thats all|all i needed|nothing else|no more|i'?m done|im done|that'?s it)\b")
# "do u do student discount", "what about nhs staff or military": a discount
# for a group, which the price list does not name (the offers part says what
# saving there is and that the team knows of any other).
_GROUP_DISCOUNT = re.compile(
    r"\b(?:students?|uni discount|nhs|military|veterans?|armed forces|forces|seniors?|pensioners?|oaps?|teachers?|key ?workers?"
    r"|first[- ]time(?:rs)?|new (?:clients?|customers?|patients?)|referr(?:al|als|ing)|refer a friend|friends? and family"
    # "is there a discount if i bring a friend" (stop 47: "I don't have the clinic's answer")
    r"|bring(?:ing)? (?:a |my )?(?:friend|mate|sister|partner|mum|mom)|couples?"
    r"|loyalty|blue light|healthcare workers?|birthday discount"
    # an occasion: "what about black friday"
    r"|black friday|cyber monday|(?:january|new year|summer|christmas|xmas|boxing day) sales?)\b")
# "and 6?", "what about 5 sessions" once the price was given: a number of
# sessions the price list has no price for.
_SESSION_COUNT = re.compile(
    r"^\W*(?:(?:and|what about|how about|for|ok|so|or)\W+)*(?:\d{1,2}|two|four|five|six|seven|eight|nine|ten)"
    r"\s*(?:sessions?|treatments?|of them)?\W*$"
    # "actually yes how much for 3" (stop 46: the whole price list again); not "how much for 2 people"
    r"|\bhow much (?:for|is it for|would it be for|is|are)\s+(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\b"
    r"(?!\s*(?:areas?|people|persons|ppl|of us|[$£€]|dollars|bucks|pounds|quid|mins?|minutes|hours?|days?|weeks?|months?|ml|mm|%))"
    # "so how much total" after the number of sessions (stop 46: the whole price list again)
    r"|\bhow much (?:in )?(?:total|altogether|all together|overall|all in)\b|\b(?:total|overall) (?:cost|price)\b"
    r"|\b(?:\d{1,2}|two|four|five|six|seven|eight|nine|ten)\s+(?:sessions?|treatments?)\b")

# Stop 47: a skincare brand or product by name ("can i use cerave after", "is la
# roche posay ok", "aloe vera"): no product is recommended from the chat, and the aftercare's skincare
# says what kind of product the first days take (utter_aftercare_product).
_SKINCARE_BRAND = re.compile(
    r"\bcera ?ve\b|\bcetaphil\b|\bla roche(?:[- ]posay)?\b|\blrp\b|\bav[eè]ne\b|\beucerin\b|\baveeno\b|\bneutrogena\b"
    r"|\bbioderma\b|\bvanicream\b|\baquaphor\b|\bthe ordinary\b|\bpaula'?s choice\b|\bskinceuticals\b|\bdrunk elephant\b"
    r"|\bclinique\b|\bolay\b|\bnivea\b|\belta ?md\b|\bisdin\b|\bzo skin\b|\bobagi\b|\bmedik8\b|\bcosrx\b|\bbeauty of joseon\b"
    r"|\bsimple (?:face|moisturi[sz]er|cleanser|wash)\b|\bcicaplast\b"
    # A product by kind, not a medicine: "is it ok to put aloe vera on" (the whole aftercare).
    r"|\baloe(?: vera)?\b|\bvaseline\b|\bpetroleum jelly\b|\bpetrolatum\b|\bcoconut oil\b|\btea tree\b|\bbio[- ]?oil\b"
    r"|\brose ?hip\b|\bwitch hazel\b|\bmicellar\b")
# Stop 47: "can i get my brows waxed after", "when can i shave": hair removal on
# treated skin, which neither FACTS.md nor clinic.yml times (the skincare gist, and the team).
_HAIR_REMOVAL = re.compile(
    r"\bwax(?:ed|ing|es)?\b|\bthread(?:ed|ing)\b|\bshav(?:e|ed|es|ing)\b|\bepilat\w*|\bdermaplan\w*|\bpluck\w*"
    r"|\btweez\w*|\blaser hair\b|\bhair removal\b|\bnair\b|\bveet\b|\bdepilator\w*|\bbrows? (?:done|tint\w*|lamination)\b")
# Stop 47: "day 4 and its itchy and flaky", "how long does the peeling last": what
# the flaking of the first days is, and when to call (FACTS.md 20, 33).
_FLAKING = re.compile(r"\bflak\w*|\bpeel(?:s|ing|y|ed)?\b(?!\s+(?:before|last week|recently))|\bdry(?:ness)?\b(?! needling)|\bsand ?paper\w*|\bscal(?:y|ing)\b")

# "offer" alone is "do you offer...".
PARTS: Tuple[Part, ...] = (
    # Stop 40: "do u do klarna" got the clinic's own instalments, read as a yes.
    # "can i pay for it online", "can i pay upfront": clinic.yml says how, not where or when (stop 47: the whole price list).
    Part("ask_cost", "utter_ask_cost_pay_online", re.compile(
        r"\bpay\w*\b.{0,20}\b(?:online|on the website|on your website|through the website|on the booking page|by bank transfer|bank transfer)\b"
        r"|\b(?:online|bank transfer) payments?\b"), after_whole=False,
         holds=("utter_ask_cost_payment_methods", "utter_ask_cost_financing")),
    Part("ask_cost", "utter_ask_cost_pay_later", _PAY_LATER, after_whole=False,
         holds=("utter_ask_cost_financing", "utter_ask_cost_payment_methods")),
    # The plan's interest or credit check: not in clinic.yml (h67-16), whatever words of the plan come with it.
    Part("ask_cost", "utter_ask_cost_financing_terms", _FINANCE_TERMS, after_whole=False, names_its_topic=True,
         holds=("utter_ask_cost_financing", "utter_ask_cost_payment_methods")),
    Part("ask_cost", "utter_ask_cost_financing", FINANCING),
    Part("ask_cost", "utter_ask_cost_offers", re.compile(
        r"\bdeals?\b|\bdiscount|\boffers\b|\bspecial offer|\bpromo|\bcoupon|\bon sale\b|\bcheaper"
        r"|\bmoney off|\bexpensive|\bpricey|\bafford"
    # "thats a rip off", "bit steep" (stop 45: the price list again)
    r"|\brip ?-?off|\boverpriced|\bsteep\b|\btoo (?:much|dear)\b"
    # "hmm thats a lot" (stop 46); beside "is it worth it" the worth is asked, not a deal
    r"|^(?!.*\bworth\b).*?(?:\b(?:that'?s|thats|its|it'?s) (?:\w+ )?(?:a lot(?! of\b)|loads(?! of\b)|a bit much|so much)\b|\bbit much\b)"), holds=("utter_ask_cost_sessions_count",)),
    Part("ask_cost", "utter_ask_cost_offers", _GROUP_DISCOUNT, after_whole=False, holds=("utter_ask_cost_sessions_count",)),
    Part("ask_cost", "utter_ask_cost_bargain", _BARGAIN, after_whole=False, names_its_topic=True,
         holds=("utter_ask_cost_offers", "utter_ask_cost_sessions_count")),
    Part("ask_cost", "utter_ask_cost_sessions_count", _SESSION_COUNT),
    # "thats quite a lot tbh, is it actually worth it?"
    Part("ask_cost", "utter_ask_cost_value", re.compile(
        r"\bworth\b|\bvalue for money|\bwaste of money")),
    # "how much for neck and chest?": the whole price answer is the face's.
    Part("ask_cost", "utter_ask_cost_areas", _BODY_AREAS, after_whole=False),
    Part("ask_cost", "utter_ask_cost_face_area", _FACE_AREAS, after_whole=False),
    # "can i pay with card": which ways, which the price list does not say. Gift cards are a policy.
    Part("ask_cost", "utter_ask_cost_payment_methods", re.compile(
        r"(?<!gift )\b(?:credit |debit )?cards?\b|\bcash\b|\bapple ?pay|\bgoogle ?pay|\bpaypal|\bvenmo|\bzelle|\bamex\b"
        r"|\bmastercard|\bpay (?:with|by|using|via)\b|\bpayment (?:methods?|options)|\bways? to pay|\bforms? of payment"
        # "how do i pay it" after the deposit (stop 47: the whole price list)
        r"|\bhow (?:do|can|would|should) (?:i|we|you) pay\b"),
        after_whole=False, holds=("utter_ask_cost_financing",)),
    Part("ask_comparison", "utter_ask_prp", _PRP, after_whole=False),
    Part("ask_comparison", "utter_home_needling", _HOME_NEEDLING, after_whole=False),
    Part("ask_downtime", "utter_ask_downtime_event", _EVENT, after_whole=False),
    Part("ask_downtime", "utter_ask_downtime_driving", _DRIVING, after_whole=False),
    Part("ask_downtime", "utter_ask_downtime_work", re.compile(
        r"\b(?:back to |go to |at )?work\b(?! ?-?outs?)|\bjob\b|\boffice\b|\bschool\b|\buni\b|\bcollege\b")),
    # "what if i only do 1 session": what one does, which the course answer does not say.
    Part("ask_sessions", "utter_ask_sessions_one", re.compile(
        r"\b(?:only|just) (?:do |have |get |book |try )?(?:1|one|a single) (?:session|treatment)s?\b"
        r"|\b(?:1|one|a single) (?:session|treatment) (?:be )?enough\b|\bsingle (?:session|treatment)\b"),
        after_whole=False),
    Part("ask_safety", "utter_ask_safety_scarring", re.compile(r"\bscar(?:s|ring|red)?\b")),
    Part("ask_safety", "utter_ask_safety_infection", re.compile(r"\binfect")),
    # Stop 47: "my friend had microneedling and got an infection, how common is that"
    # got the rule for an active infection (the friend's, read as a condition asked about).
    Part("ask_safety", "utter_ask_safety_infection", re.compile(
        r"^(?=.*\binfect)(?=.*\b(?:how (?:common|likely|often|rare)|chances?|odds|(?:is|are) (?:it|that|they) (?:common|rare))\b)"),
        after_whole=False),
    Part("ask_aftercare", "utter_ask_aftercare_makeup", re.compile(
        r"\bmake ?-?ups?\b|\bfoundation|\bconcealer|\bmascara|\blipstick|\bblush|\bbb cream"), names_its_topic=True),
    Part("ask_aftercare", "utter_ask_aftercare_exercise", re.compile(
        r"\bgym\b|\bwork ?-?outs?\b|\bexercis|\brun(?:ning)?\b|\bswim|\bsauna|\bsteam|\bhot tub|\byoga|\bsweat"),
        names_its_topic=True),
    # "can i go on a sunbed" (stop 46: after a treatment it had got the list's line on a fresh tan, before).
    Part("ask_aftercare", "utter_ask_aftercare_sun", re.compile(
        r"\bsun\b|\bsunscreen|\bspf\b|\bsunbath|\btann?(?:ing)?\b|\bbeach|\bsun ?beds?\b|\bsun ?lamps?\b|\bsolarium"),
         names_its_topic=True),
    Part("ask_aftercare", "utter_aftercare_product", _SKINCARE_BRAND, after_whole=False, names_its_topic=True,
         holds=("utter_ask_aftercare_skincare", "utter_ask_aftercare_sun")),
    Part("ask_aftercare", "utter_ask_aftercare_hair_removal", _HAIR_REMOVAL, after_whole=False, names_its_topic=True),
    Part("ask_downtime", "utter_ask_downtime_flaking", _FLAKING, after_whole=False),
    Part("ask_aftercare", "utter_ask_aftercare_skincare", re.compile(
        r"\bretin|\bacids?\b|\bvit(?:amin)? c\b|\bscrubs?\b|\bexfoliat|\bmoisturi[sz]|\bcleanser|\bserums?\b|\bskin ?care|\bproducts?\b"
        r"|\bwash(?:ing)? (?:my |your |the )?face\b|\bface wash")),
    Part("ask_results", "utter_ask_results_lasting", re.compile(
        r"\blast(?:s|ing)?\b|\bpermanent|\bforever\b|\bmaintenance|\btop ?-?ups?\b|\bwears? off|\bfade")),
    Part("ask_pain", "utter_ask_pain_numbing", re.compile(r"\bnumb|\banaesthe|\banesthe|\blidocaine"), names_its_topic=True),
    # "what about the upper lip" after how it feels: how it feels there. Not
    # "and the hands?", which asks first whether this clinic treats them.
    Part("ask_pain", "utter_ask_pain_area", _FACE_AREAS),
    # "im really scared of needles tbh": the pain answer with what helps.
    Part("ask_pain", "utter_ask_pain_needle_fear", NEEDLE_FEAR,
        after_whole=False),
    Part("ask_procedure", "utter_ask_procedure_duration", re.compile(r"\bhow long\b|\bminutes\b|\bhours?\b")),
    Part("ask_procedure", "utter_treatment_areas", _AREAS_TO_TREAT, after_whole=False),
    Part("ask_procedure", "utter_practitioner", _PRACTITIONER, after_whole=False),
    Part("ask_suitability", "utter_treatment_areas", _BODY_AREAS, after_whole=False),
    # Stop 39: "whats the minimum age", "can i do it at 16", "will it fix my pigmentation"
    # got the whole suitability paragraph, the age in its last sentence.
    Part("ask_suitability", "utter_ask_suitability_age", re.compile(
        r"\bage (?:limit|requirement|restriction)|\bminimum age|\bhow old\b|\btoo young|\bunder 18\b|\bteens?\b|\bteenager"
        r"|\b(?:at|aged?)\s+1[0-9]\b|\bminors?\b|\b1[0-9] (?:year old|yo)\b"), after_whole=False),
    Part("ask_suitability", "utter_ask_suitability_older", _OLDER, after_whole=False),
    # "can guys get it too", "is it for men": yes, with what it treats (not "you guys", who are the clinic).
    Part("ask_suitability", "utter_ask_suitability_men", re.compile(
        r"\b(?:men|males?|blokes?|dudes?|husband|hubby|boyfriend)\b|(?<!you )(?<!u )(?<!ya )\bguys\b|\b(?:a|for) (?:man|guy)\b"),
        after_whole=False),
    Part("ask_suitability", "utter_ask_suitability_pigmentation", re.compile(
        r"pigment|\bdark (?:spots?|patches|marks)|\bsun ?spots?|\bage spots?|\b(?:uneven )?skin tone\b|\bdiscolou?r"
        r"|\bmelasma|\bchloasma|\bpregnancy mask"),
        after_whole=False),
    Part("ask_results", "utter_ask_suitability_pigmentation", re.compile(r"pigment|\bdark (?:spots?|patches)|\bsun ?spots?|\bmelasma"),
         after_whole=False),
    # "will i bleed", "does it bleed": the pain or how it is done, heard as either.
    *(Part(intent, "utter_ask_procedure_bleeding", _BLEEDING, after_whole=False, names_its_topic=True)
      for intent in ("ask_procedure", "ask_pain", "ask_safety")),
    Part("ask_clinic_info", "utter_ask_clinic_info_on_call", ON_CALL, after_whole=False, names_its_topic=True,
         holds=("utter_ask_clinic_info_contact", "utter_ask_clinic_info_hours")),
    Part("ask_clinic_info", "utter_ask_clinic_info_parking", re.compile(r"\bpark"), names_its_topic=True),
    # Holidays and dates: no hours for them in clinic.yml, and the regular ones must not stand in (h67-08).
    Part("ask_clinic_info", "utter_ask_clinic_info_holiday", HOLIDAY, after_whole=False,
         holds=("utter_ask_clinic_info_hours", "utter_ask_clinic_info_open_now", DAY_HOURS_PART)),
    # "are u open now": open or closed at this moment (actions/dialogue/respond.py fills it, h67-20).
    Part("ask_clinic_info", "utter_ask_clinic_info_open_now", OPEN_NOW, after_whole=False, holds=("utter_ask_clinic_info_hours",)),
    # "r u open tmrw", "wat time u close on wed": that day's hours (stop 47: the whole contact block had come).
    Part("ask_clinic_info", DAY_HOURS_PART, DAY_HOURS, after_whole=False, holds=("utter_ask_clinic_info_hours",)),
    Part("ask_clinic_info", "utter_ask_clinic_info_facilities", _FACILITIES, after_whole=False, names_its_topic=True),
    *(Part(intent, CONSULT_DETAILS, _CONSULT_DETAILS, after_whole=False, names_its_topic=True, holds=("utter_ask_procedure_duration",))
      for intent in ("ask_procedure", "ask_cost")),
    Part("ask_clinic_info", "utter_ask_clinic_info_access", _ACCESS, after_whole=False, names_its_topic=True,
         holds=("utter_ask_clinic_info_parking", "utter_ask_clinic_info_address")),
    Part("ask_preparation", "utter_arrival_time", _ARRIVAL, after_whole=False),
    # "is it near the train station", "can i get the bus there" (stop 47: the address alone).
    Part("ask_clinic_info", TRANSPORT_PART, TRANSPORT, after_whole=False, names_its_topic=True,
         holds=("utter_ask_clinic_info_parking", "utter_ask_clinic_info_address")),
    Part("ask_clinic_info", "utter_ask_clinic_info_hours", re.compile(
        rf"\bopen|\bhours\b|\bclos(?:e|es|ed|ing)\b(?! (?:to|by)\b)|\bweekends?\b|\bevenings?\b|\b{_DAYS}\b|\bwhat time")),
    # Stop 48: "what time do u close", "how late r u open", "do u do evening appointments" asked
    # first got the whole contact block (address, phone, e-mail, parking): the hours alone.
    Part("ask_clinic_info", "utter_ask_clinic_info_hours", _HOURS_ONLY, after_whole=False, names_its_topic=True),
    Part("ask_clinic_info", "utter_ask_clinic_info_address", re.compile(
        r"\baddress|\bwhere\b|\blocat|\bdirections?\b|\bpost ?code|\bzip\b")),
    Part("ask_clinic_info", "utter_ask_clinic_info_contact", re.compile(r"\bphone|\bnumber\b|\be-?mail|\bcall you|\bring you")),
)


# Stop 46: "is that per area", "is that per session", "is that for the full
# face" right after the price: what a listed price covers. The classifier
# heard out of scope, "did you mean...?" or the whole price pasted again; the
# answer is the prices as clinic.yml words them (each says what it is for),
# and that the team prices anything they do not say.
PRICE_SCOPE = "utter_ask_cost_what_it_covers"
_PRICE_SCOPE = re.compile(
    r"\b(?:per|a|each|every|for one|for 1|for a single)\s+(?:area|zone|part|session|sesh|treatment|visit|appointment|appt)\b"
    r"|\b(?:full|whole|entire)[- ]face\b|\b(?:all|both) (?:of )?(?:the|my) face\b"
    r"|\b(?:include|includes|including|incl|cover|covers)\b"
    # "and whats included", "what do i get for that"
    r"|\bwhat'?s (?:included|in it|in the (?:price|package|course))\b|\bwhat (?:do|would) (?:i|you) get (?:for|with)\b")
# It asks of the price just given: "is that...", "does it...", "thats for...".
_OF_THE_PRICE = re.compile(
    r"^\W*(?:(?:ok|okay|so|and|oh|wait|sorry|hmm+|but)\W+)*(?:is|does|do|are|thats|that's|that is|its|it's|it is|and|so)\b"
    r"(?:\W+\w+){0,3}?\W+(?:that|it|this|those|the price|the prices|\$?\d+)\b|^\W*(?:(?:and|or|so|ok|okay|just)\W+)?(?:thats|that's|is that|its|it's|per)\b"
    r"|^\W*(?:(?:and|so|ok|okay)\W+)?(?:what'?s (?:included|in it)|what (?:do|would) (?:i|you) get (?:for|with))\b"
    # "full face?", "for the whole face?": the scope alone
    r"|^\W*(?:(?:and|or|just|only|so)\W+)?(?:for (?:the |my )?)?(?:full|whole|entire)[- ]face\W*$")


# Stop 47: "what if i just do 1", "can i only do one", "is 1 enough" right
# after the sessions answer: one session, with no "session" word (the
# classifier heard the booking policies, "I don't have the clinic's answer").
ONE_SESSION = "utter_ask_sessions_one"
_ONE_OF_THEM = re.compile(
    r"\b(?:only|just|jus|juss)\s+(?:do|have|get|book|try|go for|pay for|want)?\s*(?:1|one|a single)\b(?!\s*(?:more|of|day|week|month|area|zone|side|person|friend|at a time|thing|question|sec|min))"
    r"|\b(?:1|one|a single)\s+(?:is|be|would be|will be|gonna be)?\s*(?:enough|ok|okay|fine|worth it|do anything|make a difference|work|help)\b")


# Stop 47: "what about for nhs staff", "what about students" right after the
# offers answer: that answer's group discounts (it had got "did you mean...?").
_AFTER_OFFERS = ("utter_ask_cost", "utter_ask_cost_offers", "utter_ask_cost_bargain")
OFFERS = "utter_ask_cost_offers"


def discount_follow_up(question: str, given: Iterable[Optional[str]]) -> bool:
    """"what about students" right after the offers: a discount for them."""
    lowered = (question or "").lower()
    return last_answer(given) in _AFTER_OFFERS and follow_up(lowered) and bool(_GROUP_DISCOUNT.search(lowered))


# Stop 47: "pls its my bday", "go on pls" right after the prices were said to
# stand: the same answer (it had been "Hi again!").
_PLEA = re.compile(
    r"^\W*(?:(?:pl(?:ea)?se?|pls|plz|pleeease+|go on|come on|aw+|but|oh|ah+|ugh|its|it'?s|my|for)\W+)*"
    r"(?:pl(?:ea)?se?|pls|plz|go on|come on|birthday|bday|b'?day|special occasion|pretty please|just this once)\b.{0,25}$")
BARGAIN = "utter_ask_cost_bargain"


def price_pressed(question: str, given: Iterable[Optional[str]]) -> bool:
    """"pls its my bday" right after the prices were said to stand."""
    return last_answer(given) == BARGAIN and bool(_PLEA.match((question or "").lower()))


# Stop 48: the price complained of, not asked ("ur prices are too high", "way too
# expensive tbh", "i cant afford that"): it had got the whole price list, as if
# asked. The complaint is acknowledged, the prices stand as listed, and what
# clinic.yml says of the course's saving and the instalments is said, with no
# argument and no offer made up.
_PRICE_COMPLAINT = re.compile(
    r"\b(?:prices?|pricing|costs?|fees?)\s+"
    r"(?:(?:are|is|r|seem|seems|look|looks|feel|feels|a|bit|just|way|so|really|kinda|kind of|pretty|rly|sooo*|far)\s+){0,3}"
    r"too\s+(?:high|expensive|pricey|steep|dear|much)\b"
    r"|\b(?:it|its|it'?s|that|thats|that'?s|this|u|you|ur|your|you guys|microneedling)\s+"
    r"(?:(?:are|is|r|seem|seems|look|looks|a|bit|just|way|so|really|kinda|kind of|pretty|rly|sooo*|far)\s+){0,3}"
    r"too\s+(?:expensive|pricey|steep|dear)\b"
    r"|\b(?:way|far|much|bit|little|lil|kinda|really|rly|sooo*)\s+too\s+(?:expensive|pricey|steep|dear)\b"
    r"|^\W*(?:(?:hmm+|um+|ok|okay|omg|ugh|tbh|honestly|well|wow|nah|no)\W+)*too\s+(?:expensive|pricey|steep|dear)\b"
    r"|\b(?:overpriced|extortionate|daylight robbery|highway robbery|rip ?-?off)\b"
    r"|\b(?:i\s+)?(?:can'?t|cant|cannot|can not|couldn'?t|couldnt)\s+(?:really\s+|possibly\s+)?afford\b"
    r"|\b(?:out of|over|above|beyond)\s+(?:my|our)\s+(?:budget|price range)\b")
# Right after the price: "thats ridiculous", "are u serious", "lol no way".
_PUSHBACK = re.compile(
    r"^\W*(?:(?:wow|omg|lol|um+|uh+|erm|jeez|geez|seriously|honestly|tbh|ok|okay|what|wtf|bruh|damn|yikes|ugh|come on|no way)\W+)*"
    r"(?:(?:thats|that'?s|that is|its|it'?s|this is|ur|you'?re|youre|u r|are u|are you)\s+(?:\w+\s+)?"
    r"(?:ridiculous|insane|crazy|mad|nuts|outrageous|absurd|a joke|joking|kidding|serious|having a laugh|taking the piss|too much)"
    r"|(?:seriously|no way|wtf|are you serious|r u serious|u serious|you'?re joking|ur joking)\b)[^?]{0,20}\W*$")
PRICE_TOO_HIGH = "utter_ask_cost_too_high"


def price_objected(question: str, given: Iterable[Optional[str]]) -> bool:
    """"ur prices are too high", or "thats ridiculous" right after the price:
    the price complained of, not asked again (stop 48)."""
    lowered = (question or "").lower()
    if _BARGAIN.search(lowered) or _GROUP_DISCOUNT.search(lowered) or re.search(r"\bworth\b", lowered):
        return False  # a price offered, a discount for a group, the worth: answered as they were
    if _PRICE_COMPLAINT.search(lowered):
        return True
    return last_answer(given).startswith("utter_ask_cost") and bool(_PUSHBACK.match(lowered))


def price_objected_first(question: str, given: Iterable[Optional[str]]) -> bool:
    """A price complained of before the price list was given, or pushed back
    on right after it: acknowledged, the prices as listed. Once the list was
    given, its offers part answers a complaint ("thats a rip off", stop 45)."""
    given = [name or "" for name in given]
    if not price_objected(question, given):
        return False
    listed = any(name.startswith("utter_ask_cost") and name != PRICE_TOO_HIGH for name in given)
    return not (listed and _PRICE_COMPLAINT.search((question or "").lower()))


# Stop 47: "sorry i meant 6 sessions" right after the price: the price of 6 (it
# had got how many sessions people need).
_MEANT = re.compile(r"^\W*(?:(?:sorry|soz|oops|no|nope|actually|wait)\W+)*(?:i meant|i mean|meant)\W+(?:for\W+)?")


def number_corrected_after_price(question: str, given: Iterable[Optional[str]]) -> bool:
    lowered = (question or "").lower()
    found = _MEANT.match(lowered)
    return (found is not None and last_answer(given).startswith("utter_ask_cost")
            and bool(_SESSION_COUNT.match(lowered[found.end():])))


def one_session_asked(question: str, given: Iterable[Optional[str]]) -> bool:
    """"what if i just do 1" right after the sessions answer: what one session does."""
    lowered = (question or "").lower()
    return (len(lowered.split()) <= 10 and last_answer(given).startswith("utter_ask_sessions")
            and bool(_ONE_OF_THEM.search(lowered)))


def price_scope_asked(question: str, given: Iterable[Optional[str]]) -> bool:
    """"is that per area" right after a price answer: what the price covers."""
    lowered = (question or "").lower()
    if len(lowered.split()) > 10 or not last_answer(given).startswith("utter_ask_cost"):
        return False
    return bool(_PRICE_SCOPE.search(lowered) and _OF_THE_PRICE.search(lowered))


# Stop 46: a part no whole answer says, asked in the same message as the
# whole ("whats the price and is it worth it"): the whole, then the part
# (the "worth it" half had been lost).
_BESIDE_WHOLE = {"utter_ask_cost": "utter_ask_cost_value"}


def price_part_beside_policy(question: str) -> Optional[str]:
    """"do u do payment plans and can i use my hsa": heard as the insurance
    policy, the instalments asked beside it had been lost (stop 46)."""
    return "utter_ask_cost_financing" if FINANCING.search((question or "").lower()) else None


def part_beside_whole(response: str, question: str) -> Optional[str]:
    """The part `question` asks beside the whole answer `response` given now."""
    extra = _BESIDE_WHOLE.get(response)
    lowered = (question or "").lower()
    if extra is None or not any(part.response == extra and part.asks.search(lowered) for part in PARTS):
        return None
    return extra


# The price part a bare "how much is that one?" asks for right after these answers.
PRICE_OF_LAST_ANSWER = {"utter_treatment_areas": "utter_ask_cost_areas", "utter_ask_prp": "utter_ask_cost_prp"}


def part_to_answer(intent: str, question: str, given: Iterable[Optional[str]], treated: bool = False) -> Optional[str]:
    """The response of the part `question` asks about, if it is answered on
    its own now: `given` holds the responses sent so far in the conversation.
    Once the visitor told of a treatment had (`treated`), "what about spray
    tan" or "can i wear makeup tmrw" asks about the days they are in: the
    aftercare's part, the first time too (stop 47: the whole aftercare)."""
    given = list(given)
    if consultation_details_asked(question, given):
        return CONSULT_DETAILS  # "how long is it" right after the consultation's format (stop 48)
    if intent == "ask_cost" and price_scope_asked(question, given):
        return PRICE_SCOPE  # "is that per area" right after the price (stop 46)
    if one_session_asked(question, given):
        return ONE_SESSION  # "what if i just do 1" right after the sessions (stop 47)
    if discount_follow_up(question, given):
        return OFFERS  # "what about for nhs staff" right after the offers (stop 47)
    if price_objected_first(question, given):
        return PRICE_TOO_HIGH  # "ur prices are too high": acknowledged, the prices stand (stop 48)
    if price_pressed(question, given):
        return BARGAIN  # "pls its my bday" right after the prices were said to stand (stop 47)
    if number_corrected_after_price(question, given):
        question = question[_MEANT.match(question.lower()).end():]  # "sorry i meant 6 sessions": the price of 6 (stop 47)
        intent = "ask_cost"
    if asks_after_a_product(question, given):
        return AFTERCARE_PRODUCT
    helps = what_helps_after(question, given)
    if helps is not None:
        return helps
    intent = follows_answer(question, given) or intent
    part = answer_part(intent, question)
    if part is None and intent == "ask_cost" and last_answer(given) in PRICE_OF_LAST_ANSWER:
        # "do u do stretch marks on the tummy", or PRP, then "how much for that"
        return PRICE_OF_LAST_ANSWER[last_answer(given)]
    if part is None and (follow_up(question) or f"utter_{intent}" in given):
        # "what about the gym?" after the downtime, whatever the classifier
        # made of it; "and when can i wear makeup again" heard as the downtime
        # already given.
        part = _topic_named(question)
        return part.response if part is not None else None
    first_time = f"utter_{intent}" not in set(given) and not (treated and intent == "ask_aftercare")
    if part is None or (part.after_whole and first_time):
        return None
    return part.response


# Topics a question about driving home is heard as; never a request for a
# person or a health matter, which keep their handling.
_NOT_ABOUT_DRIVING = {"ask_policy", "ask_aftercare", "ask_procedure", "ask_pain", "ask_preparation", "out_of_scope"}


def heard_intent(intent: str, question: str, treated: bool = False, today: dt.date | None = None) -> str:
    """The classifier's `intent`, or what the question asks where the
    classifier's reading would answer something else:
    - the downtime for a request for a person that only names the visitor's
      own call, for preparation asked as having it done before a day that
      matters, and for driving home heard as another topic;
    - how it is done for a request for a person that asks who treats, and
      for an area to treat placed nowhere;
    - the comparison, which holds PRP and home rollers, for either heard as
      another topic;
    - the price for instalments asked ("can i split it") heard as the
      check, the sessions or a booking;
    - a booking for free times asked ("anything tomorrow?") heard as the
      hours, a policy, out of scope or unclear;
    - the pain for a fear of needles heard as a condition or the check;
    - the policy for a booking policy placed nowhere, and for a gift
      voucher heard as a price or a home roller;
    - aftercare, or the downtime, for what to do or expect after a treatment
      already had, heard as a contraindication or a medical question; the
      downtime for "what happens after the treatment?", for a report of
      nothing but what the first days bring (safety/expected_effects.py)
      and for a plan after it heard as a problem ("flying 3 days after my
      session, is that ok?"); aftercare for a question about it beside
      a statement that tells of the treatment and of nothing else, heard as
      a problem; aftercare, too, for what to do asked as
      preparation once the visitor has told of the treatment (`treated`:
      "had microneedling yesterday", then "can i wear makeup tmrw?").
    `today` counts a weekday back ("had mn on monday, my face is dry");
    the clinic's clock when not given."""
    lowered = (question or "").lower()
    if intent in _WAITLIST_HEARD_AS and WAITLIST.search(lowered):
        return "ask_policy"  # "do u have a waitlist": clinic.yml's word on it, or none (stop 48: the free times and the checklist)
    if intent == "request_human" and both_booking(lowered) and not _ASKS_FOR_PERSON.search(lowered):
        return "book_appointment"  # "me and my bf want to come together": a booking, not a person (stop 46)
    if intent == "request_human" and "walk_ins" in topics_asked(lowered) and not _ASKS_FOR_PERSON.search(lowered):
        return "ask_policy"  # "what about tmrw can i just come in": the walk-in policy, not a ticket (stop 47)
    if intent in ("ask_policy", "nlu_fallback", "out_of_scope") and _DEALS.search(lowered) and not topics_asked(lowered):
        return "ask_cost"  # "is there a discount if i bring a friend": the offers, not "no policy" (stop 47)
    if intent == "ask_cost" and WHEN_TO_PAY.search(lowered) and not asks_price(lowered):
        return "ask_policy"  # "do i pay on the day": the deposit policy, not the price list again (stop 46)
    if (intent == "ask_cost" and [key for key in topics_asked(lowered) if key in ("cancellation", "deposit", "late_arrival")]
            and not asks_price(lowered) and not FINANCING.search(lowered)):
        return "ask_policy"  # "how much notice", "how much is the deposit": the policy, not the price list (stop 48)
    if intent in _PRICE_TOO_HIGH_HEARD_AS and _PRICE_TOO_HIGH.search(lowered) and not _CLOSES.search(lowered):
        return "ask_cost"  # "hmm thats a lot": the saving there is and the instalments (stop 46)
    if intent in ("goodbye", "deny") and _TAKES_THE_ANSWER.search(lowered) and not _CLOSES.search(lowered):
        return "affirm"  # "omg ok thats ok actually", "omg thats not bad": the answer taken, no goodbye nor a no (stop 46)
    if intent in _FINANCING_HEARD_AS and FINANCING.search(lowered):
        return "ask_cost"  # "can i split it": the instalments, not the checklist
    if intent in _AVAILABILITY_HEARD_AS and asks_availability(lowered):
        return "book_appointment"  # "anything tomorrow?", "any openings saturday": free times, then the booking
    if intent in _TIME_HEARD_AS and names_a_time(lowered) and not (treated and intent in ("ask_aftercare", "ask_preparation")):
        return "book_appointment"  # "tomorrow after 5 then", "saturday morning": a day for the booking
    if intent in _HOLIDAY_HEARD_AS and asks_holiday_hours(lowered):
        return "ask_clinic_info"  # "what about new years eve": the hours' holiday part
    if intent == "ask_policy" and _CONSULT_DETAILS.search(lowered) and topics_asked(lowered) in ([], ["consultation"]):
        return "ask_cost"  # "how long is the consult", "is the consult free": what it takes and costs (stop 47)
    if intent in _FACILITIES_HEARD_AS and _FACILITIES.search(lowered):
        return "ask_clinic_info"  # "is there a toilet": what clinic.yml does not say (stop 47)
    if intent in _FIND_US_HEARD_AS and _FIND_US.search(lowered):
        return "ask_clinic_info"  # "thx. is it easy to find": the address and how to get there (stop 48)
    if intent in _ACCESS_HEARD_AS and _ACCESS.search(lowered):
        return "ask_clinic_info"  # "is there a lift"
    if intent in _ARRIVAL_HEARD_AS and _ARRIVAL.search(lowered):
        return "ask_preparation"  # "how early should i get there"
    if intent in _FINANCE_TERMS_HEARD_AS and _FINANCE_TERMS.search(lowered):
        return "ask_cost"  # "do i need a credit check"
    if intent in ("out_of_scope", "nlu_fallback", "ask_suitability") and asks_if_they_suit(lowered) and not treated_concern(lowered):
        return "start_screening"  # "is my daughter suitable? she's 19": her check
    if intent == "cancel" and resumes(lowered):
        return "start_screening"  # "actually ok lets continue", after stopping the check: back into it
    if intent in _INSURER_HEARD_AS and (INSURER.search(lowered) or PAYS_BY_HEALTH_ACCOUNT.search(lowered) or _INSURANCE.search(lowered)) and not asks_price(lowered):
        return "ask_policy"  # "i have aetna", "can i use my fsa card": the insurance policy
    if intent in _NEEDLE_FEAR_HEARD_AS and NEEDLE_FEAR.search(lowered):
        return "ask_pain"  # "im so nervous about needles tbh": the pain answer's part on the fear
    if intent in _NEXT_SESSION_HEARD_AS and NEXT_SESSION.search(lowered):
        return "ask_sessions"  # "when is my next one due": how far apart the sessions are
    if intent in _CHANGE_HEARD_AS and CHANGES_OWN_BOOKING.search(lowered):
        return "ask_policy"  # "i cant make my appointment tomorrow", "can u move it to next week": not a new booking
    if intent in ("ask_contraindication", "medical_advice", "out_of_scope", "nlu_fallback") and ILL_ON_THE_DAY.search(lowered):
        return "ask_policy"  # "what if im sick on the day": moving it, asked ahead
    if (intent in ("nlu_fallback", "out_of_scope") or (intent == "ask_policy" and not topics_asked(lowered))) and asks_to_book(lowered):
        return "book_appointment"  # "im booking for my son hes 22": not "did you mean...?"
    if intent in ("nlu_fallback", "ask_aftercare", "out_of_scope") and _OWN_CALL.search(lowered):
        return "ask_downtime"  # "i have a zoom call the day after is that ok": how it looks by then
    if intent in _COMPANION_HEARD_AS and _COMPANION.search(lowered) and not asks_to_book(lowered):
        return "ask_policy"  # "can she wait in the waiting room": not what rules it out
    if intent in _LINK_HEARD_AS and _ASKS_FOR_LINK.search(lowered):
        return "book_appointment"  # "great whats the link": the booking link, not "You're welcome"
    if intent in _BARGAIN_HEARD_AS and _BARGAIN.search(lowered):
        return "ask_cost"  # "can you match that": the price list stands (stop 45)
    if intent in _GIFT_HEARD_AS and GIFT.search(lowered):
        return "ask_policy"  # "can i buy a gift voucher for my mum": not a home roller, nor the price list
    if intent == "request_human" and _OWN_CALL.search(lowered) and not _ASKS_FOR_PERSON.search(lowered):
        return "ask_downtime"
    if intent == "request_human" and _PRACTITIONER.search(lowered) and not _ASKS_TO_TALK.search(lowered):
        return "ask_procedure"  # "is the person doing it a nurse or a doctor?"
    if intent in ("ask_preparation", "medical_advice") and _DONE_BEFORE_EVENT.search(lowered):
        return "ask_downtime"  # "my wedding is in 10 days, can i get it before": the timing (a medicine named stays the reader's)
    if intent == "out_of_scope" and _TREATS_AN_AREA.search(lowered):
        return "ask_procedure"
    if intent in _NOT_ABOUT_DRIVING and _DRIVING.search(lowered):
        return "ask_downtime"
    if intent in _PRP_HEARD_AS and _PRP.search(lowered):
        return "ask_comparison"
    if intent in _HOME_NEEDLING_HEARD_AS and _HOME_NEEDLING.search(lowered) and (intent != "medical_advice" or _DEVICE.search(lowered)):
        return "ask_comparison"  # needling at home
    if (intent in ("medical_advice", "request_human", "nlu_fallback") and ON_CALL.search(lowered) and _ASKS_WHOM.search(lowered)
            and not names_an_effect(lowered) and assess(lowered).level is Level.NONE):
        return "ask_clinic_info"  # "is there an after hours number if something goes wrong": the on-call line, no problem told
    if intent == "out_of_scope" and topics_asked(lowered):
        return "ask_policy"  # "do you sell gift cards": the clinic's policy, known or not
    treated = treated or treated_already(lowered)
    if intent == "ask_preparation" and (treated or _UNTIL_I_CAN.search(lowered)) and answer_part("ask_aftercare", lowered) is not None:
        return "ask_aftercare"  # "how long before i can wear makeup": after it, not before
    if intent == "ask_pain" and _FEELS_AFTER.search(lowered):
        return "ask_downtime"  # "how does your skin feel afterwards": the days after, not the treatment
    if intent == "ask_aftercare" and _TO_THE_APPOINTMENT.search(lowered):
        return "ask_preparation"  # "can i wear makeup to the appointment": come with clean skin
    if intent == "cancel" and (_CANCELS_AN_APPOINTMENT.search(lowered) or only_cancel(lowered)):
        return "ask_policy"  # "i have to cancel", "i wont make it tomorrow, cancel pls": not "Okay, stopped."
    if intent == "nlu_fallback" and _BLEEDING.search(lowered):
        return "ask_procedure"  # "will i bleed", not the downtime or the pain
    if intent == "report_symptom" and _BLEEDING.search(lowered) and _ASKS_OF_THE_TREATMENT.match(lowered):
        return "ask_procedure"  # "is there bleeding", "does it bleed": no report
    if intent in ("ask_contraindication", "medical_advice") and treated:
        # "had it done yesterday, can i go gym tomorrow?", "day 3, can i put
        # moisturiser on?": what to do after it, not what rules it out nor a
        # medical question (a medicine named still is one: the reader's).
        if answer_part("ask_aftercare", lowered) is not None or _topic_named(lowered) is not None:
            return "ask_aftercare"
        if intent == "ask_contraindication":
            return "ask_downtime"  # "had it done yesterday, very dry and tight, is that normal?"
    if (intent == "request_human" and not _ASKS_FOR_PERSON.search(lowered) and (treated or treated_already(lowered))
            and answer_part("ask_aftercare", lowered) is not None):
        return "ask_aftercare"  # "had my 2nd session thurs, can i go to the gym tmrw": no person asked for (stop 48)
    if intent in ("nlu_fallback", "ask_suitability", "book_appointment", "out_of_scope") and treated and answer_part("ask_aftercare", lowered) is not None:
        # "3 days post microneedling, can i go in the sun": not what it treats;
        # "got it done earlier today. can i go for a run tomorrow": no booking;
        # "day 2 can i wear spf 50 la roche posay": not out of scope (stop 46)
        return "ask_aftercare"
    if intent == "ask_procedure" and _WHAT_AFTER.search(lowered):
        return "ask_downtime"
    if intent == "report_symptom" and not treated and (treated_concern(lowered) or _ASKS_IF_IT_HELPS.search(lowered)):
        # "my nose has really enlarged pores too", "my face is always red and flushed,
        # would this help": what it is used for, no problem after a treatment
        return "ask_suitability"
    if intent == "report_symptom" and _aftercare_asked_after_treatment(lowered):
        return "ask_aftercare"  # "i got microneedling 2 days ago can i wear makeup today"
    if intent == "report_symptom" and (only_expected_effects(lowered, today) or _expected_with_questions(lowered, today)):
        return "ask_downtime"  # "day 2 and a bit pink, normal?": what to expect, and what is not normal
    asks_if_ok = asks_something(lowered) or _ASKS_IF_OK.search(lowered)
    if intent == "report_symptom" and _PLANS.search(lowered) and asks_if_ok and not _COULD_BE_A_PROBLEM.search(lowered):
        return "ask_downtime"  # "flying 3 days after my session, is that ok?"
    if intent in _VACCINE_HEARD_AS and _A_VACCINE.search(lowered) and asks_if_ok:
        # "had my covid jab yesterday and feel achy, is it ok to come in on friday?":
        # whether to go ahead, for a clinician (stop 44: a problem for today, then the list)
        return "medical_advice"
    return intent


_A_VACCINE = re.compile(
    r"\b(?:had|got|getting|having|get|due)\b[^.?!]{0,20}\b(?:jabs?|vaccines?|vaccinations?|boosters?|flu shot|covid shot|shingles shot)\b")
_VACCINE_HEARD_AS = frozenset("ask_contraindication ask_safety ask_suitability report_symptom start_screening".split())


def _expected_with_questions(lowered: str, today: dt.date | None = None) -> bool:
    """"2 days after my session and my skin feels tight and dry. is that normal?
    also can i use my hyaluronic serum": what the first days bring, told, with
    "is that normal?" and a question about the aftercare; nothing else (stop 47:
    a symptom ticket). Each sentence is one of the three, and the rules see no problem."""
    chunks = [chunk.strip(" ,") for chunk in re.split(r"[.?!;]+|\balso\b", lowered) if chunk.strip(" ,")]
    told = [chunk for chunk in chunks if only_expected_effects(chunk, today)]
    if not told or len(chunks) < 2 or assess(lowered).level is not Level.NONE:
        return False
    return all(chunk in told or asks_if_normal(chunk) or answer_part("ask_aftercare", chunk) is not None for chunk in chunks)


# "what are your policies": the list of topics, not a question no policy covers (actions/booking_policy.py).
_ASKS_FOR_THE_POLICIES = re.compile(r"\b(?:polic(?:y|ies)|rules|terms|t&cs?|terms and conditions)\b")


def policy_parts_without_topic(parse: Dict[str, Any], treated: bool = False, today: dt.date | None = None) -> List[str]:
    """The message's booking questions that name no policy of the clinic's,
    no price and no list of the policies ("can i bring my friend"), where
    another of its questions names one ("whats ur cancellation policy and
    can i bring my friend"): no answer of the clinic's to give, said so
    rather than left out (stop 48)."""
    parts = question_parts(parse)
    if not any(topics_asked(text) for text, _ in parts):
        return []
    return [text for text, intent in parts
            if heard_intent(intent, text, treated, today) == "ask_policy" and not topics_asked(text)
            and not asks_price(text) and not _ASKS_FOR_THE_POLICIES.search(text.lower())]


def only_cancel(text: str) -> bool:
    """"cancel" and nothing else: an appointment, unless something is running."""
    return bool(_ONLY_CANCEL.match((text or "").lower()))


def _aftercare_asked_after_treatment(lowered: str) -> bool:
    """"back again lol. treatment was last thursday. when can i start my
    vitamin c serum again?": a question about the aftercare beside a
    statement that tells of the treatment and names nothing else
    (safety/no_problem.py), which the classifier hears as a problem."""
    question = question_beside_statement(lowered)
    if question is None or not treated_already(lowered):
        return False
    statement = lowered.replace(question, " ", 1)
    if not names_no_problem(statement):
        return False
    if answer_part("ask_aftercare", question) is not None or _topic_named(question) is not None:
        return True
    # "had microneedling yesterday, can i shave my face today": something to
    # do, asked of the days after, with no problem the rules can see.
    return bool(_MAY_I.search(question)) and assess(lowered).level is Level.NONE


# "can i shave", "when can i go swimming", "is it ok to fly tomorrow".
_MAY_I = re.compile(
    r"^\W*(?:so\s+|and\s+|ok\s+|also\s+)?(?:can|could|may)\s+i\b|\b(?:when|how soon)\s+(?:can|could)\s+i\b"
    r"|\bis\s+it\s+(?:ok|okay|fine|safe|alright)\s+(?:to|if\s+i)\b|\bhow\s+long\s+(?:before|until|till)\s+i\s+can\b"
)


def last_answer(given: Iterable[Optional[str]]) -> str:
    """The last response sent, of `given` (None or "" for other messages)."""
    answers = [name for name in given if name]
    return answers[-1] if answers else ""


# "what helps?", "anything i can do to make it hurt less?", "how can i speed
# it up": right after how it feels, the numbing; right after the downtime,
# the aftercare (stop 44: "what helps?" got "Sure, ask away", the menu).
_WHAT_HELPS = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|right|hmm)\W+)*(?:what|anything|is there anything|does anything|can i do anything|how (?:can|do) i)\b"
    r"[^?.!]{0,30}\b(?:helps?|make (?:it|that|them) (?:less|easier|better|hurt less|go)|speed (?:it|that|things|healing) up"
    r"|heal (?:faster|quicker)|reduce (?:it|that|them))\b", re.IGNORECASE)
_HELPS_AFTER = (("utter_ask_pain", "utter_ask_pain_numbing"), ("utter_ask_downtime", "utter_ask_aftercare"))


def what_helps_after(question: str, given: Iterable[Optional[str]]) -> Optional[str]:
    """The answer "what helps?" asks for right after the pain or downtime answer."""
    if not _WHAT_HELPS.search(question or ""):
        return None
    last = last_answer(given)
    return next((answer for topic, answer in _HELPS_AFTER if last.startswith(topic)), None)


# Answers after which "and for just under eyes?", "what about the upper
# lip" ask the same about an area.
_ASKED_OF_AN_AREA = ("ask_cost", "ask_pain")


def follows_answer(question: str, given: Iterable[Optional[str]]) -> Optional[str]:
    """The topic of the answer just given when `question` asks the same of
    an area: "and for just under eyes?" right after the price asks the price
    there, "what about the upper lip" right after how it feels how it feels
    there, whatever topic the classifier heard in them (the treatment areas,
    suitability)."""
    if not follow_up(question):
        return None
    last = last_answer(given)
    topic = next((t for t in _ASKED_OF_AN_AREA if last.startswith(f"utter_{t}")), None)
    return topic if topic is not None and answer_part(topic, question) is not None else None


# "would this help", "can microneedling help with it": whether it suits a concern.
_ASKS_IF_IT_HELPS = re.compile(
    r"\b(?:would|will|could|can|does|do|might)\s+(?:this|it|microneedling|that|the treatment|these)\s+(?:\w+\s+)?help\b(?!\s+to\b)"
)
AFTERCARE_PRODUCT = "utter_aftercare_product"


def asks_after_a_product(question: str, given: Iterable[Optional[str]]) -> bool:
    """"what about vaseline" right after the aftercare, or after another
    product ("and hyaluronic acid?"): a product after the treatment, whatever
    the classifier heard in it (the list of what rules it out). The aftercare
    answers it: its skincare part, or the product answer where no part names it."""
    return (
        follow_up(question) and last_answer(given).startswith(("utter_ask_aftercare", "utter_aftercare_product"))
        and not _WHEN.search(question)
        and getattr(_topic_named(question), "response", AFTERCARE_PRODUCT) == AFTERCARE_PRODUCT  # "and cerave?" names the product's
    )


# "and on day 3?", "what about tomorrow": when, not what.
_WHEN = re.compile(r"\b(?:day|days|tomorrow|tonight|today|week|weeks|morning|night|after|later)\b", re.IGNORECASE)


def _topic_named(text: str) -> Optional[Part]:
    """The one part, of any answer, whose topic `text` names."""
    lowered = (text or "").lower()
    named = [part for part in PARTS if part.names_its_topic and part.asks.search(lowered)]
    return named[0] if len(named) == 1 else None


def answer_part(intent: str, text: str) -> Optional[Part]:
    """The one part of `intent`'s answer that `text` asks about; None when it
    asks about none or several ("where are you and is there parking?")."""
    lowered = (text or "").lower()
    asked = [part for part in PARTS if part.intent == intent and part.asks.search(lowered)]
    asked = [part for part in asked if not any(part.response in other.holds for other in asked)]
    asked = list({part.response: part for part in asked}.values())  # two ways to ask for one part
    return asked[0] if len(asked) == 1 else None
