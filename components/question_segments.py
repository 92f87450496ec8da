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

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, METADATA, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic_assistant.questions import QUESTIONS, question_beside_statement, split_questions
from components.disclosures import DISCLOSURES, names_anything
from components.input_guard import FULL_TEXT
from components.stateless import StatelessComponent

# Marks a message that is one question of the visitor's message before it.
PART_OF_PREVIOUS = "question_part"
# Marks the one question of a message that also says something else.
BESIDE_STATEMENT = "beside_statement"


def _findings(message: Message) -> List[str]:
    return [finding["item"] for finding in (message.get(DISCLOSURES) or {}).get("findings") or []]


def _disclosed_beside(message: Message, question: Message) -> bool:
    """"im on accutane. how long is the downtime?": the statement discloses
    something the question does not, so the question is asked apart from it
    (answered beside the clinician review). Otherwise the message's own
    intent already covers it ("I have acne scars. How many sessions?")."""
    return bool(set(_findings(message)) - set(_findings(question)))


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
            if beside and not names_anything(text.replace(beside, "", 1)):
                # "Thanks! How much is it?": the rest discloses nothing, so the
                # question would be dropped below; not classified a second time.
                beside = None
            for question in questions or ([beside] if beside else []):
                part = Message(data={TEXT: question, FULL_TEXT: question, PART_OF_PREVIOUS: True})
                if beside:
                    part.set(BESIDE_STATEMENT, True)
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
            if message.get(BESIDE_STATEMENT) and not _disclosed_beside(out[-1], message):
                continue
            intent = message.get(INTENT) or {}
            part = {
                "text": message.get(TEXT),
                "intent": intent.get(INTENT_NAME_KEY),
                "confidence": intent.get(PREDICTED_CONFIDENCE_KEY),
                "medicine_question": bool((message.get(DISCLOSURES) or {}).get("medicine_question")),
            }
            out[-1].set(QUESTIONS, [*(out[-1].get(QUESTIONS) or []), part], add_to_output=True)
        return out
