"""Each question of a message classified on its own (clinic_assistant/questions.py).

`QuestionSplitter`, right after InputGuard, puts a message for each question
of a message that asks several, or for the one question of a message that
also says something else, into the list the NLU graph processes, just after
the visitor's own message. Every later step (featurizers, classifier,
fallback, safety override) handles them as it handles any message, in the
same batch: the sentence encoder embeds them together. `QuestionCollector`,
the last step, takes them out again and sends what each asks with the parse
result under "questions" (a lone question only when the rest of the message
discloses something). The visitor's message keeps its own intent, from
the whole message: the parts only add answers (actions/dialogue/respond.py).
Training examples are never split.
"""
from __future__ import annotations

from typing import List, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, METADATA, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic_assistant import clock
from clinic_assistant.questions import (
    ANSWERABLE, MIN_CONFIDENCE, QUESTIONS, READ_AS, question_beside_statement, split_questions, statements,
)
from clinic_assistant.policy_topics import names_a_policy
from clinic_assistant.safety.expected_effects import only_expected_effects
from clinic_assistant.safety.after_treatment import tells_of_treatment
from clinic_assistant.safety.red_flags import Level, assess
from clinic_assistant.scene_setting import SAME_FOR_EVERYONE, scenery_for_same_answer, sets_the_scene
from components.disclosures import DISCLOSURES, names_anything
from components.input_guard import FULL_TEXT
from components.stateless import StatelessComponent

# Marks a message that is one question of the visitor's message before it.
PART_OF_PREVIOUS = "question_part"
# Marks the one question of a message that also says something else.
BESIDE_STATEMENT = "beside_statement"
# Marks the one question of a message whose statement only sets the scene.
SETS_THE_SCENE = "sets_the_scene"
# Marks the one question of a message whose statement sets the scene only
# if the question's answer is the same for everyone (the price, the hours:
# clinic_assistant/scene_setting.py, stop 45).
SCENE_IF_SAME_ANSWER = "scene_if_same_answer"
# The parse result's record of that question, classified alone.
SCENE_QUESTION = "scene_question"
# The question alone decides the message's intent from this confidence on,
# when it is surer than the whole message (chosen by 5-fold cross-validation,
# docs/nlu-evaluation.md).
QUESTION_DECIDES = 0.7
# What the question alone may decide: what is answered here, booking, and
# the handoffs a question asks for itself ("is it safe to take antibiotics
# and have microneedling"); never a problem the statement beside it does not tell.
DECIDABLE = ANSWERABLE + ("book_appointment", "request_human", "medical_advice")
# Intents that reach a person, or the screening: left only where
# _safe_to_answer says so, and never when the whole message was sure of one
# ("on thinners for my heart, how long does it take": ask_contraindication 0.89).
HANDOFF_INTENTS = ("report_symptom", "medical_advice", "request_human", "ask_contraindication")
SURE_OF_A_HANDOFF = 0.8


def _findings(message: Message) -> List[str]:
    return [finding["item"] for finding in (message.get(DISCLOSURES) or {}).get("findings") or []]


def _disclosed_beside(message: Message, question: Message) -> bool:
    """"im on accutane. how long is the downtime?": the statement discloses
    something the question does not, so the question is asked apart from it
    (answered beside the clinician review). Otherwise the message's own
    intent already covers it ("I have acne scars. How many sessions?")."""
    return bool(set(_findings(message)) - set(_findings(question)))


def _safe_to_answer(message: Message, question: Message) -> bool:
    """A message heard as a problem, a medical question or a request for a
    person is answered as its question only when nothing in it may need a
    person: no treatment had (whatever the question says may be a problem
    after it), no problem and no medicine question in the question itself."""
    text = question.get(TEXT) or ""
    return (not tells_of_treatment(message.get(FULL_TEXT) or message.get(TEXT) or "")
            and assess(text).level is Level.NONE
            and not (question.get(DISCLOSURES) or {}).get("medicine_question"))


def _let_the_question_decide(message: Message, question: Message, same_answer: bool = False) -> None:
    """The message takes its question's intent when the question alone is
    surely one of the questions answered here and surer than the whole.
    `same_answer`: the question's answer is the same for everyone and the
    statement names no item, health or problem, so a whole message heard as
    a condition ("I've got acne scars on my cheeks, how much would it be?":
    the scars) is no reason to keep it."""
    asked, whole = question.get(INTENT) or {}, message.get(INTENT) or {}
    asked_confidence = asked.get(PREDICTED_CONFIDENCE_KEY) or 0.0
    whole_confidence = whole.get(PREDICTED_CONFIDENCE_KEY) or 0.0
    message.set(SCENE_QUESTION, {
        "text": question.get(TEXT), "intent": asked.get(INTENT_NAME_KEY), "confidence": asked_confidence,
        "message_intent": whole.get(INTENT_NAME_KEY), "message_confidence": whole_confidence,
    }, add_to_output=True)
    sure = whole_confidence >= SURE_OF_A_HANDOFF and not (same_answer and whole.get(INTENT_NAME_KEY) == "ask_contraindication")
    if whole.get(INTENT_NAME_KEY) in HANDOFF_INTENTS and (sure or not _safe_to_answer(message, question)):
        return
    if (asked.get(INTENT_NAME_KEY) in DECIDABLE and asked.get(INTENT_NAME_KEY) != whole.get(INTENT_NAME_KEY)
            and asked_confidence >= QUESTION_DECIDES and asked_confidence > whole_confidence):
        message.set(INTENT, asked, add_to_output=True)
        message.set(INTENT_RANKING_KEY, question.get(INTENT_RANKING_KEY), add_to_output=True)


def _read_as(message: Message, part: Message) -> Optional[str]:
    """What a part the classifier is unsure of asks, where a reader can tell
    (stop 48: "had mn 2 days ago, can i go to the gym tmrw and also is it
    normal my skin is a bit pink still" answered the gym only, the second
    part at 0.38). A part that, with the message's statements (the treatment
    and the day), tells of nothing but what the first days bring, and asks
    of it, is the downtime's question (safety/expected_effects.py, as narrow
    as for a whole message); a part that names a booking policy plainly
    (policy_topics.names_a_policy) is that policy's. The threshold stays for
    every other part."""
    confidence = (part.get(INTENT) or {}).get(PREDICTED_CONFIDENCE_KEY) or 0.0
    if confidence >= MIN_CONFIDENCE:
        return None
    text = part.get(TEXT) or ""
    whole = message.get(FULL_TEXT) or message.get(TEXT) or ""
    if assess(whole).level is not Level.NONE or assess(text).level is not Level.NONE:
        return None
    if (part.get(DISCLOSURES) or {}).get("findings") or (part.get(DISCLOSURES) or {}).get("medicine_question"):
        return None
    if names_a_policy(text):
        return "ask_policy"  # "whats the downtime btw do u have a waitlist": the waiting list at 0.37
    told = [piece for piece in statements(whole) if piece not in text]
    today = clock.today(message.get(METADATA))
    return "ask_downtime" if only_expected_effects(". ".join([*told, text]), today) else None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class QuestionSplitter(StatelessComponent):
    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        out = []
        for message in messages:
            out.append(message)
            text = message.get(TEXT) or ""
            questions = split_questions(text)
            beside = None if questions else question_beside_statement(text)
            scene = same_answer = False
            if beside and not names_anything(text.replace(beside, "", 1)):
                # "Thanks! How much is it?" asks what the whole message asks; "my
                # sister had it, whats the downtime" may ask what the question
                # alone asks; "i have acne scars on my cheeks, how much?" too,
                # if the question is the price. Otherwise (no disclosure) not
                # classified a second time.
                scene = sets_the_scene(text.replace(beside, "", 1))
                same_answer = not scene and scenery_for_same_answer(text.replace(beside, "", 1))
                beside = beside if scene or same_answer else None
            for question in questions or ([beside] if beside else []):
                part = Message(data={TEXT: question, FULL_TEXT: question, PART_OF_PREVIOUS: True})
                if beside:
                    part.set(SETS_THE_SCENE if scene else SCENE_IF_SAME_ANSWER if same_answer else BESIDE_STATEMENT, True)
                if message.get(METADATA) is not None:
                    part.set(METADATA, message.get(METADATA))  # the visitor's date, for time words
                out.append(part)
        return out


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class QuestionCollector(StatelessComponent):
    def process(self, messages: List[Message]) -> List[Message]:
        out: List[Message] = []
        for message in messages:
            if not message.get(PART_OF_PREVIOUS) or not out:
                out.append(message)
                continue
            if message.get(SETS_THE_SCENE):
                _let_the_question_decide(out[-1], message)
                continue
            if message.get(SCENE_IF_SAME_ANSWER):
                if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) in SAME_FOR_EVERYONE:
                    _let_the_question_decide(out[-1], message, same_answer=True)
                continue
            if message.get(BESIDE_STATEMENT) and not _disclosed_beside(out[-1], message):
                continue
            intent = message.get(INTENT) or {}
            read_as = _read_as(out[-1], message)
            if read_as is not None:
                intent = {INTENT_NAME_KEY: read_as, PREDICTED_CONFIDENCE_KEY: intent.get(PREDICTED_CONFIDENCE_KEY)}
            part = {
                "text": message.get(TEXT),
                "intent": intent.get(INTENT_NAME_KEY),
                "confidence": intent.get(PREDICTED_CONFIDENCE_KEY),
                "medicine_question": bool((message.get(DISCLOSURES) or {}).get("medicine_question")),
            }
            if read_as is not None:
                part[READ_AS] = True
            out[-1].set(QUESTIONS, [*(out[-1].get(QUESTIONS) or []), part], add_to_output=True)
        return out
