"""The sentence of an earlier answer that a follow-up asks about (clinic_assistant/answer_recall.py)."""
import pytest

from clinic_assistant.answer_recall import sentence_answering

DOWNTIME = ("Most people are back to normal activities within a day or two. Expect redness like a mild sunburn and mild "
            "swelling, which usually settles within 24 to 72 hours, and maybe some flaking. Skip make-up for 24 to 48 hours. "
            "Not normal: pus, fever, spreading redness, swelling or pain that gets worse, or a new cold sore.")
PRICE = ("At Willow Skin Clinic: $300 for a full-face session, or $810 for a course of three full-face sessions (10% off). "
         "The consultation is free, about 20 minutes. You can pay in three monthly instalments.")


@pytest.mark.parametrize("question, starts", [
    ("how long will i be red for", "Expect redness"),  # "red" is the start of "redness"
    ("and the swelling?", "Expect redness"),  # the first sentence that says it
    ("what about pus and fever", "Not normal"),  # every word asked about in one sentence
    ("when can i wear makeup again", "Skip make-up"),  # "make-up" read as one word
    ("what if i get pus", "Not normal"),
    ("is the consultation free?", "The consultation is free"),
    ("can i pay monthly", "You can pay in three monthly"),
])
def test_the_sentence_that_says_what_was_asked(question, starts):
    answer = DOWNTIME if not any(word in question for word in ("consultation", "pay")) else PRICE
    assert sentence_answering(question, answer).startswith(starts)


@pytest.mark.parametrize("question", ["how much is it?", "is it safe?", "how long does it take", "what?", "",
                                      "is the consultation free on saturdays"])  # "saturdays" in no sentence
def test_nothing_when_only_words_of_asking_are_shared(question):
    assert sentence_answering(question, PRICE) is None


def test_short_words_match_only_close_forms():
    # A three-letter word matches a word it begins ("redness"), not one that merely shares letters.
    assert sentence_answering("is it red", "It is recommended twice. Redness fades.") == "Redness fades."


def test_a_sentence_sharing_only_some_words_is_not_given():
    # "dark circles": "dark" begins "darker", but the sentence is about skin tone.
    suitability = "It's used for fine lines. In darker skin dark patches can still follow."
    assert sentence_answering("and dark circles?", suitability) is None
