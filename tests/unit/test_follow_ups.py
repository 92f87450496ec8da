"""A reply that names nothing, read with the general question before it
(clinic_assistant/screening/follow_ups.py, components/follow_ups.py), with the
real disclosure reader."""
from __future__ import annotations

import pytest
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from clinic_assistant.screening.follow_ups import REFERS_TO_ONE_OF, own_after_question, with_referent
from components.disclosures import DISCLOSURES, read_disclosures
from components.follow_ups import read_as_follow_up


@pytest.mark.parametrize(
    "reply, said, read_as",
    [
        ("well i am", "breastfeeding", "well i am breastfeeding"),
        ("no I'm not", "pregnant", "no I'm not pregnant"),
        ("yeah i take one", "blood thinners", "yeah i take blood thinners"),
        ("i stopped it 3 months ago", "accutane", "i stopped accutane 3 months ago"),
        ("mine is well controlled", "diabetes", "my diabetes is well controlled"),
        ("ive got it on my elbows", "psoriasis", "ive got psoriasis on my elbows"),
        ("i get them too", "cold sores", "i get cold sores too"),
        ("i had mine 3 weeks ago", "botox", "i had my botox 3 weeks ago"),
        ("and i do", "blood thinners", "and i do blood thinners"),
        ("no, mine is mild", "rosacea", "no, my rosacea is mild"),
        # Stop 39: after someone else's ("my husband is on warfarin"), the visitor's own.
        ("me too", "warfarin", "me too warfarin"),
        ("i am too actually", "warfarin", "i am too actually warfarin"),
        ("same here", "lupus", "same here lupus"),
        ("i stopped taking it 6 weeks ago", "accutane", "i stopped taking accutane 6 weeks ago"),
        ("my doctor said it's fine for me", "blood thinners", "my blood thinners: my doctor said it's fine for me"),
        ("well my gp said its fine for me to have it", "lupus", "my lupus: well my gp said its fine for me to have it"),
        ("my doctor said to ask you", "lupus", None),
        # Stop 43: "is it safe with a pacemaker?", then "I have one fitted last year".
        ("I have one fitted last year", "pacemaker", "I have pacemaker fitted last year"),
        # About the treatment, or a new question: not about what was asked.
        ("can i have it done next week?", "accutane", None),
        ("i want to book it", "accutane", None),
        ("i have one more question", "blood thinners", None),
        ("ok thanks", "eczema", None),
        ("i take one " + "really " * 20, "aspirin", None),
    ],
)
def test_the_reply_is_read_with_what_it_refers_to(reply, said, read_as):
    assert with_referent(reply, said) == read_as


def _after(question: str) -> DialogueStateTracker:
    parse = {"text": question, "intent": {"name": "ask_contraindication", "confidence": 0.9},
             "entities": [], DISCLOSURES: read_disclosures(question)}
    return DialogueStateTracker.from_events("visitor", [
        ActionExecuted("action_listen"), UserUttered(question, parse["intent"], [], parse),
        ActionExecuted("action_respond"), ActionExecuted("action_listen"),
    ])


def _parse(text: str, intent: str) -> dict:
    return {"text": text, "intent": {"name": intent, "confidence": 0.7}, "entities": [], DISCLOSURES: read_disclosures(text)}


def _findings(parse: dict) -> dict:
    return {f["item"]: f["answer"] for f in parse[DISCLOSURES]["findings"]}


@pytest.mark.parametrize(
    "question, reply, intent, findings",
    [
        ("can you have it while breastfeeding?", "well i am", "affirm", {"pregnancy": "yes"}),
        ("what about people on blood thinners", "yeah i take one", "affirm", {"bleeding": "yes"}),
        ("does accutane matter?", "i stopped it 3 months ago", "ask_contraindication", {"isotretinoin": "yes"}),
        ("does accutane matter?", "i stopped it 3 years ago", "ask_contraindication", {"isotretinoin": "no"}),
        ("can you have it while pregnant?", "no i'm not", "deny", {"pregnancy": "no"}),
        ("can you have microneedling after botox?", "i had mine 5 days ago", "out_of_scope", {"recent_skin_stress": "yes"}),
    ],
)
def test_a_reply_after_a_general_question_is_a_disclosure(question, reply, intent, findings):
    parse = _parse(reply, intent)
    assert _findings(parse) == {}  # alone, it names nothing
    read_as_follow_up(parse, _after(question), None)
    assert _findings(parse) == findings


@pytest.mark.parametrize(
    "question, reply, intent",
    [
        ("does it hurt?", "well i am", "affirm"),  # nothing asked about before
        ("can you have it while pregnant?", "i want to book it", "book_appointment"),  # a task of its own
        ("what about blood thinners or accutane?", "ok thanks", "thank"),  # no answer about either
    ],
)
def test_a_reply_with_nothing_to_refer_to_is_left_as_it_is(question, reply, intent):
    parse = _parse(reply, intent)
    before = dict(parse[DISCLOSURES])
    read_as_follow_up(parse, _after(question), None)
    assert parse[DISCLOSURES] == before


def test_a_reply_after_a_question_about_several_asks_which():
    parse = _parse("yeah i take one", "affirm")
    read_as_follow_up(parse, _after("what about blood thinners or accutane?"), None)
    assert _findings(parse) == {}  # nothing recorded on a guess
    assert parse[DISCLOSURES][REFERS_TO_ONE_OF] == ["blood thinners", "accutane"]


def test_a_reply_read_as_a_symptom_for_its_time_word_is_an_answer():
    parse = _parse("i had mine 3 weeks ago", "report_symptom")
    read_as_follow_up(parse, _after("can you have microneedling after botox?"), None)
    assert _findings(parse) == {"recent_skin_stress": "no"}
    assert parse["intent"]["name"] == "ask_contraindication"
    swollen = _parse("mine is swollen", "report_symptom")  # a symptom word: stays a symptom
    read_as_follow_up(swollen, _after("can you have microneedling after botox?"), None)
    assert swollen["intent"]["name"] == "report_symptom"


@pytest.mark.parametrize("text, item", [
    ("is xarelto a blood thinner? i take it", "bleeding"),
    ("is eliquis a blood thinner? im on it", "bleeding"),
    ("does accutane rule it out? i finished it 2 months ago", "isotretinoin"),
])
def test_a_question_then_i_take_it_is_a_disclosure(text, item):
    # Stop 39: only the rule was given, and the checklist could end clear.
    assert [f["item"] for f in read_disclosures(text)["findings"]] == [item]


def test_a_question_alone_stays_a_question():
    assert own_after_question("is xarelto a blood thinner?", "xarelto") is None
    assert read_disclosures("is xarelto a blood thinner? just wondering")["findings"] == []
