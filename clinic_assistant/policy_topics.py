"""Which booking-policy topics a visitor's words ask about (clinic.yml
`policies:`): cancelling or moving, deposits and refunds, arriving late,
walk-ins, a consultation first (also "I had it elsewhere"), insurance or HSA,
gift cards and packages. Read by the dialogue policy (components/policies.py)
and the answers (actions/booking_policy.py)."""
from __future__ import annotations

import re
from typing import List, Optional, Pattern, Sequence, Tuple

# "i cant make my appointment tomorrow", "we wont make it on friday": an appointment
# the visitor cannot keep (stop 45: it had started a new booking's checklist).
CANT_MAKE_IT = (r"\b(?:can'?t|cannot|won'?t|wont|not (?:going to|gonna|able to)) (?:make|attend|come to) "
                r"(?:it|my|our|the|tomorrow|today|tonight|thursday|friday|monday|tuesday|wednesday|saturday|sunday)\b"
                r"(?! (?:hurt|worse|better))")
# "ok can u move it to next week", "can you push it back": the visitor's own
# appointment, to be moved, once it was talked about.
MOVE_IT = (r"\b(?:can|could|will|would)\s+(?:u|you|ya|someone|the team)\s+(?:pls\s+|please\s+|just\s+)?"
           r"(?:move|change|cancel|reschedule|rebook|push)\s+(?:it|that|this|them)\s+(?:to|back|forward|till|until|for|off|on)\b")
CHANGES_OWN_BOOKING = re.compile(CANT_MAKE_IT + "|" + MOVE_IT, re.IGNORECASE)
# "what if im sick on the day", "if i'm ill on the day of my appointment":
# moving an appointment for illness, asked ahead (stop 45: the list of what
# rules the treatment out). Whether to go ahead when unwell stays a clinician's.
ILL_ON_THE_DAY = re.compile(
    r"\b(?:what if|what happens if|if)\s+(?:i'?m|im|i am|i get|i fall|i feel|i'?m feeling|i wake up)\s+(?:\w+\s+)?"
    r"(?:sick|ill|unwell|poorly)\b[^.?!]{0,20}\b(?:on the day|that day|day of|the morning of|before (?:my|the) (?:appointment|appt|session))",
    re.IGNORECASE,
)
# "a gift voucher for my mum", "microneedling as a present for my wife".
GIFT = re.compile(r"\bgift|\bvoucher|\b(?:a|as a|birthday|christmas|xmas|anniversary|mother'?s day) present\b")
# "i have aetna", "im with blue cross": a health insurer named (h67-15).
INSURER = re.compile(
    r"\b(?:aetna|cigna|humana|kaiser|anthem|blue ?cross|blue ?shield|bcbs|united ?health(?:care)?|uhc|oscar health|tricare"
    r"|medicare|medicaid|bupa|axa|vitality|aviva|allianz|obamacare)\b", re.IGNORECASE)
# "can i use my fsa card", "do you take hsa": a health account, the insurance policy's word on it.
# Stop 46: "do i pay on the day", "when do i pay" (the whole price list again): the
# deposit policy says what is paid ahead and that it counts towards the price.
WHEN_TO_PAY = re.compile(
    r"\bwhen (?:do|would|will|should) (?:i|we) (?:have to |need to )?pay\b"
    # "do i pay it now" after the deposit (stop 48: the whole price list)
    r"|\b(?:do|would|should|can|will) (?:i|we) (?:have to |need to )?pay (?:it|that|the deposit|for it )?\s*"
    r"(?:now|today|upfront|up front|in advance|beforehand|when i book|at the (?:clinic|appointment))\b"
    r"|\bpay (?:on the day|on the day of|at the (?:appointment|clinic|end|time)|before or after|on arrival"
    r"|(?:before|after) (?:the|my|each) (?:treatment|session|appointment|appt))\b")
PAYS_BY_HEALTH_ACCOUNT = re.compile(r"\b(?:hsa|fsa|health savings|flexible spending)\b", re.IGNORECASE)
# "if i buy the 3 pack and stop after 1 session do i get a refund for the rest": the
# sessions of a course left unused, not the deposit (h67-11).
_UNUSED_SESSIONS = re.compile(
    r"\b(?:packs?|packages?|courses?|bundles?|3 sessions|three sessions)\b"
    r".*\b(?:refund|money back|the rest|left ?over|remaining|unused|stop|quit)\b"
    r"|\b(?:refund|money back)\b.*\b(?:packs?|packages?|courses?|bundles?|the rest|remaining|unused|sessions? left)\b"
)
# "can i get my money back if it doesnt work": no deposit in it, and the
# deposit's refund rules would read as the answer (none is configured).
_REFUND_FOR_RESULTS = re.compile(
    r"\b(?:refund|money back)\b.*\b(?:results?|happy|work|works|worked|satisfied|like it)\b"
    r"|\b(?:results?|happy|work|works|worked|satisfied|like it)\b.*\b(?:refund|money back)\b"
)

# "can you hold it for me" on the way: the appointment kept for a late visitor (helper-61).
_HOLD_IT = r"\bhold (?:it|my (?:slot|appointment|spot|booking))\b"
# Stop 48: "pls just hold it ill pay the deposit", "do i have to pay a deposit to hold my
# slot?": a time reserved with a deposit, not a late arrival; no late word beside the hold.
_LATE_ITSELF = re.compile(r"\blate\b|\brunning behind|\bdelayed\b|\bstuck in traffic|\b(?:be|get) there in\b|\bon my way\b")
# Walk-ins named as such, not only a "same day".
_WALK_IN_ITSELF = re.compile(r"\bwalk[- ]?ins?\b|\bdrop[- ]?ins?\b|\bwalk in\b|\bdrop in\b|\bwithout (?:an? )?(?:appointment|booking)"
                             r"|\b(?:turn|show) up\b")
# "do u have a waitlist", "can i go on a cancellation list", "can u put me on the waiting list"
WAITLIST = re.compile(r"\bwait(?:ing)?[- ]?lists?\b|\bcancell?ation lists?\b|\bstandby lists?\b|\bon standby\b")
# (clinic.yml policies key, how the topic is named to the visitor, keywords)
TOPICS: Tuple[Tuple[str, str, Pattern[str]], ...] = (
    (
        "cancellation",
        "cancelling or moving an appointment",
        re.compile(
            r"\bcancel|\bre-?schedul|\bpostpon|\bre-?book|\bmov(?:e|ing)\b|\bno[- ]?show"
            # "how much notice" after the cancellation policy (stop 48: the whole price list)
            r"|\bhow much notice\b|\bnotice (?:do|would|should) (?:i|you|u) need\b|\bnotice period\b"
            # "what if i only give 1 days notice" after the cancellation and deposit policies (stop 48)
            r"|\b(?:days?|hours?|hrs?|weeks?|day'?s|hour'?s|week'?s)'? notice\b|\bshort notice\b|\bgive (?:you |u |the clinic )?(?:\w+ )?notice\b"
            r"|\bchange (?:my|the|an|our) (?:appointment|booking|date|time|slot)|\bcan'?t make it"
            # "i cant make my appointment tomorrow", "wont make it friday" (stop 45: it started a booking)
            r"|" + CANT_MAKE_IT + r"|" + ILL_ON_THE_DAY.pattern
        ),
    ),
    (
        "deposit",
        "deposits and refunds",
        re.compile(r"\bdeposit|\brefund|\bmoney back|\bnon-?refundable|\bpay (?:up ?front|in advance)|\bupfront|" + WHEN_TO_PAY.pattern),
    ),
    (
        "late_arrival",
        "arriving late",
        # "ill be there in 25 minutes", "can you hold it for me" (helper-61: "I don't have the clinic's answer")
        re.compile(r"\blate\b|\brunning behind|\bdelayed\b|\bstuck in traffic|\b(?:be|get) there in (?:\d+|a few|ten|fifteen|twenty)\b"
                   r"|" + _HOLD_IT + r"|\bon my way\b"),
    ),
    (
        "walk_ins",
        "walk-ins",
        re.compile(
            r"\bwalk[- ]?ins?\b|\bdrop[- ]?ins?\b|\bwalk in\b|\bdrop in\b|\bwithout (?:an? )?(?:appointment|booking)"
            r"|\bsame[- ]day\b|\b(?:just )?(?:turn|show) up\b"
            # "what about tmrw can i just come in", "can i just pop in" (stop 47: heard as a request for a person)
            r"|\bjust (?:come|pop|swing|stop|rock|roll) (?:in|by|round|over)\b|\bpop (?:in|by)\b"
        ),
    ),
    (
        "consultation",
        "having a consultation first",
        re.compile(
            r"\bconsult|\belsewhere\b|\banother (?:clinic|place|spa)|\bsomewhere else|\bdifferent (?:clinic|place|spa)"
            r"|\bbefore (?:my|the) (?:first )?treatment|\bstraight (?:in|to)|\bskip the"
        ),
    ),
    (
        "insurance",
        "insurance",
        re.compile(r"\binsur|\bhsa\b|\bfsa\b|\bhealth savings|\bflexible spending|\bcover(?:ed|s)?\b|" + INSURER.pattern),
    ),
    (
        # Stop 48: "do u have a waitlist" got the free times and the checklist; clinic.yml may
        # give the clinic's own words, and says "" where it has none (then: not told, a person offered).
        "waitlist",
        "a waiting list",
        WAITLIST,
    ),
    (
        "gift_cards",
        "gift cards, packages and unused sessions",
        re.compile(r"\bexpir|\btransfer|\bunused\b|\b(?:session|store) credit|" + GIFT.pattern + "|" + _UNUSED_SESSIONS.pattern),
    ),
)


# "pls just hold it", "can you reserve me a slot": a time held from the chat, which
# sees no diary; the time is picked on the booking page once the check is done (stop 48).
_HOLDS_A_TIME = re.compile(
    r"\b(?:hold|reserve|save|keep)\s+(?:it|that|one|(?:me\s+)?(?:a|the|my|that)\s+(?:slot|spot|time|space|place|appointment|appt|booking))\b"
    r"(?!\s+(?:in mind|off|back|down))", re.IGNORECASE)


def holds_a_time(text: str) -> bool:
    """"pls just hold it ill pay the deposit": a time asked to be held (stop 48)."""
    return bool(_HOLDS_A_TIME.search(text or ""))


# Words that name a booking policy and nothing else: a question that has them is
# that policy's, however unsure the classifier is of it (components/question_segments.py).
_NAMES_A_POLICY = re.compile(
    WAITLIST.pattern + r"|\bdeposits?\b|\brefunds?\b|\bwalk[- ]?ins?\b|\bcancell?ation (?:policy|fees?|charges?)\b"
    r"|\bgift (?:cards?|vouchers?|certificates?)\b")


def names_a_policy(text: str) -> bool:
    """"do u have a waitlist", "is the deposit refundable": a policy named plainly (stop 48)."""
    return bool(_NAMES_A_POLICY.search((text or "").lower())) and bool(topics_asked(text))


def topics_asked(text: str) -> List[str]:
    """The policy keys a visitor's message asks about, in TOPICS order."""
    lowered = (text or "").lower()
    # A refund for results, or for a course's sessions left, is not the deposit's refund.
    not_the_deposit = (_REFUND_FOR_RESULTS.search(lowered) or _UNUSED_SESSIONS.search(lowered)) and "deposit" not in lowered
    asked = [key for key, _, pattern in TOPICS if pattern.search(lowered) and not (key == "deposit" and not_the_deposit)]
    if "late_arrival" in asked and "deposit" in asked and not _LATE_ITSELF.search(lowered):
        asked.remove("late_arrival")  # "pls just hold it ill pay the deposit": a slot held by the deposit (stop 48)
    if "walk_ins" in asked and "cancellation" in asked and not _WALK_IN_ITSELF.search(lowered):
        asked.remove("walk_ins")  # "if i cancel same day": the day of the cancelling, no walk-in (stop 45)
    if "waitlist" in asked and "cancellation" in asked and not TOPICS[0][2].search(WAITLIST.sub(" ", lowered)):
        asked.remove("cancellation")  # "can i go on a cancellation list": a waiting list, no cancelling (stop 48)
    return asked


def topic_label(key: str) -> str:
    return next(label for topic, label, _ in TOPICS if topic == key)


def policies_beside_price(text: str) -> List[str]:
    """"How much is it, and is there a deposit?": the topics asked beside a
    price question. Insurance is left out: the price answer covers it."""
    return [key for key in topics_asked(text) if key != "insurance"]


# "How much" alone asks about pain, downtime or notice as often as money.
# A bare "how much" ending its question ("how much and does it hurt?") is the price.
_PRICE = re.compile(
    r"\b(?:prices?|pricing|costs?|how much (?:is|for|are) (?:it|one|a|an|each|the (?:session|treatment|course)))\b"
    # Stop 46: "how much is microneedling and how long does it take and do i need to book a consult first"
    # (the consultation policy, the procedure and no price).
    r"|\bhow much (?:is|for|are|does|do) (?:micro[- ]?needling|the (?:microneedling|micro needling)|you charge|u charge)\b"
    r"|\bhow much (?:do|does) (?:you|u|it|micro[- ]?needling|a session|a treatment|one) (?:charge|cost)\b"
    r"|\bhow much(?=\s*(?:$|[?.,;!&]|and\b|also\b|plus\b))"
)
# What the policies themselves measure: "how much is the deposit?", "how much
# notice?" ask no price.
_NOT_A_PRICE = re.compile(r"\b(?:deposits?|fees?|charge[sd]?|refund\w*|penalty|lose|cancel\w*|no[- ]?show|notice|time|warning)\b")


def asks_price(text: str) -> bool:
    """"Do I need a deposit, and how much is a session?", "how much is it and
    does it hurt?": a price asked beside another question, not a policy's own
    money ("how much is the deposit?")."""
    lowered = (text or "").lower()
    return any(not _NOT_A_PRICE.search(" ".join(lowered[match.end():].split()[:4]))
               for match in _PRICE.finditer(lowered))


def asks_beside(intent: str, text: str) -> bool:
    """The message asks a price or a policy that its intent's answer does not
    give, so the dialogue's own action answers both."""
    if intent == "ask_cost":
        return bool(policies_beside_price(text))
    return intent.startswith("ask_") and intent != "ask_policy" and asks_price(text)


# "can u do it for me", right after "I can't see or change appointments from
# this chat": a request for the team to move or cancel it.
_ASKS_US_TO_DO_IT = re.compile(
    r"\b(?:can|could|will|would)\s+(?:u|you|ya|someone|somebody|the team|they)\s+(?:pls\s+|please\s+|just\s+)?"
    r"(?:do|move|change|cancel|sort|fix|handle|reschedule)\s+(?:it|that|this|them)\b"
    r"|\bdo it for me\b|\b(?:just\s+)?(?:pls|please)\s+(?:do|move|change|cancel|sort)\s+(?:it|that)\b",
    re.IGNORECASE,
)


# "its booked under Sam Lee", "it's under the name Sam Lee": the existing
# booking named, for the team to find (h67-10), never a new booking.
_BOOKED_UNDER = re.compile(
    r"\b(?:it'?s|its|it is|it was|booked|booking is|appointment is|appt is|i'?m|im)\s+(?:booked\s+|all\s+)?under\s+"
    r"(?:the\s+name\s+(?:of\s+)?)?\w"
    r"|^\W*under\s+(?:the\s+name\s+(?:of\s+)?)?\w|\b(?:the )?name (?:on it |on the booking )?is\s+\w",
    re.IGNORECASE,
)
# "can u tell them", "let them know": a message for the clinic after a policy was
# quoted ("please call us if you're running late"), which the chat cannot pass on now.
_TELL_THEM = re.compile(
    r"\b(?:can|could|will|would)\s+(?:u|you|ya)\s+(?:pls\s+|please\s+|just\s+)?"
    r"(?:tell|let|message|text|call|ring|inform|warn|notify)\s+(?:them|the (?:team|clinic|staff|nurse)|someone)\b"
    r"|^\W*(?:pls\s+|please\s+)?(?:tell|let)\s+(?:them|the (?:team|clinic|staff))\b|\bpass (?:it|that|this) on\b",
    re.IGNORECASE,
)


def asks_us_to_change_booking(text: str, given: Sequence[str]) -> bool:
    """`given`: the responses sent so far. After "I can't change bookings from
    this chat": "can u do it for me", or the name the booking is under. After a
    policy was quoted: "can u tell them"."""
    recent = list(given)[-3:]
    if "utter_cannot_change_booking" in recent and (_ASKS_US_TO_DO_IT.search(text or "") or _BOOKED_UNDER.search(text or "")):
        return True
    return bool(recent) and recent[-1] == "utter_policy_answer" and bool(_TELL_THEM.search(text or ""))


# "i paid for 3 sessions and saw no difference at all. i want a refund": a
# complaint asking for money back, for the team, not a policy to quote.
_DEMANDS_REFUND = re.compile(
    r"\b(?:i want|i'?d like|i would like|i need|i demand|give me|can i (?:get|have)|i expect)\b[^?]*\b(?:a refund|my money back|refunded)\b"
    r"|\b(?:refund me|money back)\b[^?]*\b(?:paid|sessions?|no difference|didn'?t work|not working|same)\b",
    re.IGNORECASE,
)
_ALREADY_TREATED = re.compile(
    r"\b(?:paid|had|after|did)\b[^?]*\b(?:sessions?|treatments?|course)\b|\bno difference\b|\blook(?:s)? the same\b"
    r"|\bdidn'?t (?:work|help|do anything)\b|\bnot (?:working|worked)\b"
    # "i had it done last week and im not happy with the results"
    r"|\bhad it done\b|\b(?:not|un) ?happy\b|\bdisappointed\b|\bno (?:results?|change|improvement)\b|\bwaste of money\b",
    re.IGNORECASE,
)
# "what if im not happy with the results, can i get a refund": a policy question.
_HYPOTHETICAL = re.compile(r"\b(?:what if|what happens if|if i'?m|if i am|if it doesn'?t|in case)\b", re.IGNORECASE)


def demands_refund(text: str) -> bool:
    """A refund asked for after treatments that did not help (no hypothetical "what if")."""
    text = text or ""
    return bool(_DEMANDS_REFUND.search(text)) and bool(_ALREADY_TREATED.search(text)) and not _HYPOTHETICAL.search(text)


# A sum of money: "$100", "£50", "100 dollars", "50 quid", "a hundred pounds".
AMOUNT = re.compile(
    r"[$£€]\s?\d[\d,.]*k?\b|\b\d[\d,.]*\s?(?:dollars?|bucks|pounds?|quid|euros?|usd|gbp|eur)\b"
    r"|\b(?:a|one|two|three|five|fifty|twenty|hundred)\s?(?:hundred|fifty|twenty)?\s?(?:dollars?|bucks|pounds?|quid|euros?)\b",
    re.IGNORECASE,
)
# "how much are they", "can i get one for £50", "what amounts do they come in",
# "can i put 200 on it": the gift card just asked about, no new topic.
_ASKS_OF_IT = re.compile(
    r"\b(?:one|ones|them|they|it|those|that|a card|a voucher)\b|\bhow much\b|\bwhat (?:amounts?|values?)\b|\bany amount\b"
    r"|\bcan i (?:get|buy|put|do|load)\b",
    re.IGNORECASE,
)
# The answers a gift card question gets (actions/booking_policy.py, actions/dialogue/respond.py).
GIFT_ANSWERS = ("utter_policy_answer", "utter_policy_unknown", "utter_gift_amount_unknown", "utter_gift_price_unknown")
GIFT_FOLLOW_UP_WORDS = 12
# "how much is a session then": the treatment's own price, asked after all.
_THE_TREATMENT = re.compile(r"\b(?:sessions?|treatments?|microneedling|course|consult\w*|facial|appointment|full face)\b")


def gift_follow_up(text: str, earlier: Sequence[str], given: Sequence[str]) -> Optional[str]:
    """Right after a gift card was asked about and answered: "$100", "can i
    get one for £50", "how much are they" ask about a voucher (stop 45: they
    got the treatment's price list). Returns the amount named ("$100"), ""
    for a price or amount asked without one, None when it is no such
    follow-up. `earlier`: the visitor's messages before this one; `given`:
    the responses so far."""
    lowered = (text or "").lower().strip()
    answers = [name for name in given if name]
    if not lowered or not answers or answers[-1] not in GIFT_ANSWERS or not earlier:
        return None
    if answers[-1] in ("utter_policy_answer", "utter_policy_unknown") and not GIFT.search(earlier[-1].lower()):
        return None
    if _THE_TREATMENT.search(lowered) and not GIFT.search(lowered):
        return None
    if len(lowered.split()) > GIFT_FOLLOW_UP_WORDS or [key for key in topics_asked(lowered) if key != "gift_cards"]:
        return None
    amount = AMOUNT.search(lowered)
    if amount is not None:
        return amount.group(0).strip()
    return "" if _ASKS_OF_IT.search(lowered) and ("how much" in lowered or "amount" in lowered or "cost" in lowered
                                                  or "price" in lowered or "value" in lowered) else None


# "like 20 mins" after the late-arrival policy, "what about 24 hours" after the
# cancellation one: the same topic asked of an amount of time (stop 45: the
# first got how the treatment is done).
_AN_AMOUNT_OF_TIME = re.compile(
    r"\d|\b(?:an?|one|two|three|half an?|a few|ten|fifteen|twenty|thirty)\s+(?:hours?|hrs?|minutes?|mins?|days?|weeks?)\b"
    r"|\bthe (?:day|night|morning) before\b|\bsame day\b|\bon the day\b"
    # "its tomorrow" after how to cancel (stop 48: "Take care!", heard as goodbye)
    r"|^\W*(?:(?:but|and|well|so|ok|its|it'?s|it is|its on|it'?s on|mine is|my appointment is|appt is)\W+)*(?:tomorrow|tmrw|tmr|today|tonight|later today)\W*$",
    re.IGNORECASE,
)
POLICY_FOLLOW_UP_WORDS = 7
# A question of its own: "how much is it for 3 sessions", "how long does it take".
_OWN_TOPIC = re.compile(r"\bhow (?:much|many|long|often)\b|\bsessions?\b|\btreatments?\b|\bprices?\b|\bcosts?\b|\bresults?\b")


def policy_follow_up(text: str, earlier: Sequence[str], given: Sequence[str]) -> Optional[str]:
    """The policy topic a short message naming an amount of time asks again,
    right after that policy was answered (`earlier`: the visitor's messages
    before this one; `given`: the responses so far), or None."""
    lowered = (text or "").lower()
    answers = [name for name in given if name]
    if not answers or answers[-1] not in ("utter_policy_answer", "utter_policy_unknown") or not earlier:
        return None
    before = [key for key in topics_asked(earlier[-1]) if key != "gift_cards"]
    if len(before) != 1 or topics_asked(lowered) or len(lowered.split()) > POLICY_FOLLOW_UP_WORDS:
        return None
    if _OWN_TOPIC.search(lowered) or AMOUNT.search(lowered):
        return None
    return before[0] if _AN_AMOUNT_OF_TIME.search(lowered) else None


# Stop 47: "what if its an emergency", "what if something comes up" right after
# the cancellation, deposit or late-arrival policy: an exception to it, which
# clinic.yml does not give (it had got "did you mean risks, or a person?").
_EXCEPTION = re.compile(
    r"\bemergenc\w*|\bsomething (?:comes|came|come) up\b|\bhospital\b|\bcar (?:breaks|broke)|\bexceptions?\b"
    r"|\b(?:my )?(?:kid|child|son|daughter|baby) (?:is|gets|got) (?:sick|ill)\b|\bbereave\w*|\bfuneral\b"
    r"|\bno (?:childcare|babysitter)\b|\bsnow\w*|\bweather\b",
    re.IGNORECASE,
)
EXCEPTION_TOPICS = ("cancellation", "deposit", "late_arrival")
EXCEPTION_WORDS = 10


def policy_exception_asked(text: str, earlier: Sequence[str], given: Sequence[str]) -> Optional[str]:
    """The policy topic whose exception a short message asks right after it
    was answered ("what if its an emergency" after the cancellation policy), or None."""
    lowered = (text or "").lower()
    answers = [name for name in given if name]
    if not answers or answers[-1] != "utter_policy_answer" or not earlier or len(lowered.split()) > EXCEPTION_WORDS:
        return None
    before = [key for key in topics_asked(earlier[-1]) if key in EXCEPTION_TOPICS]
    if len(before) != 1 or not _EXCEPTION.search(lowered):
        return None
    return before[0]
