"""Several questions in one message: where a message is cut, what the NLU
graph adds, and which questions the dialogue still has to answer."""
import pytest
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic_assistant.questions import (
    QUESTIONS,
    asks_something,
    each_answerable,
    further_questions,
    question_beside_statement,
    split_questions,
)
from components.disclosures import DISCLOSURES
from components.question_segments import QuestionCollector, QuestionSplitter


@pytest.mark.parametrize(
    "text, questions",
    [
        ("does it hurt and how long is the downtime?", ["does it hurt", "how long is the downtime?"]),
        ("is it safe for dark skin? also can i wear makeup the next day",
         ["is it safe for dark skin?", "can i wear makeup the next day"]),
        ("Does it hurt, how much does it cost and how long does it take",
         ["Does it hurt", "how much does it cost", "how long does it take"]),
        ("can you tell me how long it takes and how much it costs",
         ["can you tell me how long it takes", "how much it costs"]),
        # A statement stays with the question after it.
        ("I had my first session yesterday. Is swelling normal? and when can I wear makeup",
         ["I had my first session yesterday. Is swelling normal?", "when can I wear makeup"]),
        # ... or, at the end, with the one before.
        ("how much is it? does it hurt? thanks so much", ["how much is it?", "does it hurt? thanks so much"]),
        ("i want to book but first does it hurt and is there parking",
         ["i want to book but first does it hurt", "is there parking"]),
        ("does it hurt but is it worth it?", ["does it hurt", "is it worth it?"]),
        # A dash or a colon before a question word starts a question too.
        # ... and a greeting or "2 questions" before it is no statement to keep.
        ("hey! 2 questions - do you do microneedling with PRP and is it more expensive",
         ["do you do microneedling with PRP", "is it more expensive"]),
        ("quick q: does it hurt and how long is the downtime", ["does it hurt", "how long is the downtime"]),
        ("I have acne scars: does it help? how long does it take", ["I have acne scars: does it help?", "how long does it take"]),
        ("does it hurt – how long is the downtime", ["does it hurt", "how long is the downtime"]),
        ("is it well-known - ok", []),
        # One question, however it is joined.
        ("is it safe and effective?", []),
        ("what should I do before and after?", []),
        ("I am pregnant, is it safe?", []),
        ("my skin is dry and is flaky, can I have it?", []),
        ("Hi! Does it hurt?", []),
        # "how much" is a question of its own (stop 39: "how much + does it hurt" lost the price).
        ("How many sessions? and how much", ["How many sessions?", "how much"]),
        ("", []),
    ],
)
def test_a_message_is_cut_where_a_new_question_starts(text, questions):
    assert split_questions(text) == questions


def test_a_message_of_many_questions_is_not_split():
    text = " ".join(["does it hurt?"] * 5)
    assert split_questions(text) == []
    assert len(split_questions(" ".join(["does it hurt?"] * 4))) == 4


@pytest.mark.parametrize(
    "text, question",
    [
        ("im on accutane. how long is the downtime?", "how long is the downtime?"),
        ("does it hurt? im pregnant btw", "does it hurt?"),
        ("I have eczema, can I have it?", "can I have it?"),
        # Typed on a phone: no stop or comma between them.
        ("im on accutane how long is the downtime", "how long is the downtime"),
        ("i take warfarin whats the recovery like", "whats the recovery like"),
        ("I take aspirin daily is that ok", None),
        # A clause, not a question.
        ("i get cold sores when im stressed", None),
        ("my rosacea is really bad at the moment", None),
        # About the statement: not a question of its own.
        ("I stopped accutane 2 years ago. does that matter?", None),
        ("I take aspirin daily, will they let me?", None),
        # Nothing else said, or several questions (split_questions' case).
        ("how long is the downtime?", None),
        ("does it hurt and how long is the downtime?", None),
        ("", None),
    ],
)
def test_the_one_question_beside_a_statement(text, question):
    assert question_beside_statement(text) == question


def test_a_question_beside_a_disclosure_is_kept_apart_and_beside_anything_else_is_not():
    splitter, collector = QuestionSplitter(), QuestionCollector()
    disclosure = Message(data={TEXT: "im on accutane. how long is the downtime?"})
    family = Message(data={TEXT: "my mum gets cold sores. How many sessions?"})
    thanks = Message(data={TEXT: "Thanks! How much is it?"})
    scars = Message(data={TEXT: "I have acne scars. How many sessions?"})
    batch = splitter.process([disclosure, family, thanks, scars])
    # Only a statement that names a health matter can disclose one; one that
    # only sets the scene ("Thanks!") has its question classified too, and one
    # about the skin ("I have acne scars") is read whole unless its question,
    # classified too, is the same for everyone (the price: stop 45).
    assert [m.get(TEXT) for m in batch] == [
        "im on accutane. how long is the downtime?", "how long is the downtime?",
        "my mum gets cold sores. How many sessions?", "How many sessions?",
        "Thanks! How much is it?", "How much is it?", "I have acne scars. How many sessions?", "How many sessions?",
    ]
    findings = [[{"item": "isotretinoin"}], [], [], [], [], [], [], []]
    intents = ["ask_contraindication", "ask_downtime", "ask_sessions", "ask_sessions", "ask_cost", "ask_cost", "ask_sessions",
               "ask_sessions"]
    for message, intent, found in zip(batch, intents, findings):
        message.set(INTENT, {"name": intent, "confidence": 0.8})
        message.set(DISCLOSURES, {"medicine_question": False, "findings": found})
    assert collector.process(batch) == [disclosure, family, thanks, scars]
    assert disclosure.get(QUESTIONS) == [part("ask_downtime", "how long is the downtime?", 0.8)]
    # Named, but about someone else: nothing disclosed beside the question.
    assert family.get(QUESTIONS) is None


def part(intent, text="a question", confidence=0.9, medicine=False):
    return {"text": text, "intent": intent, "confidence": confidence, "medicine_question": medicine}


def test_further_questions_are_the_answerable_intents_not_yet_answered():
    parse = {QUESTIONS: [
        part("ask_pain", "does it hurt"),
        part("ask_downtime", "how long is the downtime"),
        part("ask_downtime", "is swelling normal"),  # one answer per intent
        part("ask_policy", "is there a deposit"),
        part("request_human", "can someone call me"),  # the whole message's intent decides a handoff
        part("ask_results", "does it work", confidence=0.3),  # a guess
        part("ask_aftercare", "can i take advil after", medicine=True),  # the clinician's
    ]}
    assert further_questions(parse, ["ask_pain"]) == [
        ("ask_downtime", "how long is the downtime"), ("ask_policy", "is there a deposit"),
    ]
    assert further_questions({}, ["ask_pain"]) == []


def test_further_questions_count_what_each_part_asks():
    """Stop 44: "How much does it cost? Do you do PRP?", both heard as the price,
    are two questions once each part is read for what it asks."""
    parse = {QUESTIONS: [part("ask_cost", "how much does it cost?"), part("ask_cost", "do you do prp?")]}
    heard = lambda intent, text: "ask_comparison" if "prp" in text else intent  # noqa: E731
    assert further_questions(parse, ["ask_cost"]) == []
    assert further_questions(parse, ["ask_cost"], heard) == [("ask_comparison", "do you do prp?")]


def test_the_graph_classifies_each_question_and_the_visitor_message_keeps_its_own():
    splitter, collector = QuestionSplitter(), QuestionCollector()
    visitor = Message(data={TEXT: "does it hurt and how long is the downtime?"})
    single = Message(data={TEXT: "how much is it"})
    batch = splitter.process([visitor, single])
    assert [m.get(TEXT) for m in batch] == [
        "does it hurt and how long is the downtime?", "does it hurt", "how long is the downtime?", "how much is it",
    ]
    # What the classifier and the disclosure reading would have set.
    for message, intent in zip(batch, ["ask_downtime", "ask_pain", "ask_downtime", "ask_cost"]):
        message.set(INTENT, {"name": intent, "confidence": 0.8})
        message.set(DISCLOSURES, {"medicine_question": False})
    out = collector.process(batch)
    assert out == [visitor, single]
    assert visitor.get(INTENT)["name"] == "ask_downtime"
    assert visitor.get(QUESTIONS) == [
        part("ask_pain", "does it hurt", 0.8), part("ask_downtime", "how long is the downtime?", 0.8),
    ]
    assert QUESTIONS in visitor.as_dict(only_output_properties=True)
    assert single.get(QUESTIONS) is None


def test_training_examples_are_never_split():
    data = TrainingData([Message(data={TEXT: "does it hurt and how long is the downtime?", INTENT: "ask_pain"})])
    assert QuestionSplitter().process_training_data(data).training_examples == data.training_examples


def test_the_whole_message_intent_adds_nothing_when_each_question_has_its_own():
    parts = [part("ask_cost", "how much is it"), part("ask_suitability", "do you do it on the neck too?")]
    assert each_answerable({QUESTIONS: parts})
    assert not each_answerable({QUESTIONS: parts + [part("ask_results", "does it work", confidence=0.3)]})
    assert not each_answerable({QUESTIONS: parts + [part("request_human", "can someone call me")]})
    assert not each_answerable({})


@pytest.mark.parametrize(
    "text, asks",
    [
        ("i'm breastfeeding, is that ok", True),
        ("I take warfarin. does that matter", True),
        ("im on accutane?", True),
        ("I take metformin and have diabetes", False),
        ("im breastfeeding", False),
        ("", False),
    ],
)
def test_a_question_without_its_question_mark_still_asks(text, asks):
    assert asks_something(text) is asks


@pytest.mark.parametrize("text, questions", [
    # Stop 39: "+", "n" and "whens" join questions too; a bare "how much" is one.
    ("how much + does it hurt", ["how much", "does it hurt"]),
    ("how much n how long does it take", ["how much", "how long does it take"]),
    ("how many sessions do i need and whens the results", ["how many sessions do i need", "whens the results"]),
    ("i have acne n i want to know how much", []),
])
def test_joined_by_shorthand(text, questions):
    assert split_questions(text) == questions


def _classified(splitter, texts_and_intents):
    """The splitter's batch for the first text, each message given an intent in turn."""
    batch = splitter.process([Message(data={TEXT: texts_and_intents[0][0]})])
    for message, (_, intent, confidence) in zip(batch, texts_and_intents):
        message.set(INTENT, {"name": intent, "confidence": confidence})
        message.set(DISCLOSURES, {"medicine_question": False, "findings": []})
    return batch


@pytest.mark.parametrize("text, whole, question, decided", [
    # Stop 40: the statement pulled the whole message to a ticket or the fallback.
    ("my husband thinks im crazy. is it safe?", ("medical_advice", 0.66), ("ask_safety", 0.99), "ask_safety"),
    ("my sister had it last year, whats the downtime", ("nlu_fallback", 0.3), ("ask_downtime", 0.99), "ask_downtime"),
    # Not sure enough, or less sure than the whole.
    ("my sister had it last year, whats the downtime", ("ask_contraindication", 0.5), ("ask_downtime", 0.6), "ask_contraindication"),
    ("my sister had it last year, whats the downtime", ("ask_results", 0.95), ("ask_downtime", 0.9), "ask_results"),
    # The whole message sure of a handoff or the screening keeps it (stop 40: "on thinners
    # for my heart, how long does it take" lost the disclosure to how it is done).
    ("my sister had it last year, whats the downtime", ("ask_contraindication", 0.89), ("ask_downtime", 0.95), "ask_contraindication"),
    # A treatment had: a problem in the question may need a person.
    ("had microneedling yesterday, is swelling normal", ("report_symptom", 0.7), ("ask_downtime", 0.9), "report_symptom"),
])
def test_a_question_beside_scenery_decides_when_it_is_sure(text, whole, question, decided):
    splitter, collector = QuestionSplitter(), QuestionCollector()
    batch = _classified(splitter, [(text, *whole), (None, *question)])
    assert len(batch) == 2 and batch[1].get(TEXT) != text
    [message] = collector.process(batch)
    assert message.get(INTENT)["name"] == decided
    assert message.get(QUESTIONS) is None  # nothing to answer beside the message's own intent
