"""clinic_assistant/other_treatments.py: "do you do botox?" names a treatment
other than microneedling; a comparison or a question beside microneedling
does not."""
import pytest

from clinic_assistant.other_treatments import other_treatment_asked


@pytest.mark.parametrize("text, treatment", [
    ("do you do botox", "Botox or other wrinkle injections"),
    ("do u guys do fillers too?", "fillers"),
    ("do you offer lip fillers", "fillers"),
    ("how much is lip filler at ur clinic", "fillers"),  # its price: not on the list
    ("how much does a chemical peel cost", "chemical peels"),
    ("does the clinic offer chemical peels", "chemical peels"),
    ("hi do you do hydrafacials", "facials"),
    ("do you do a facial as well", "facials"),
    ("do you do prf", "PRF"),
    ("do you do laser hair removal", "laser treatments"),
    ("do you have morpheus8", "RF microneedling"),
    ("do you do rf microneedling", "RF microneedling"),  # its name holds microneedling's (stop 45)
    ("do you offer radiofrequency micro-needling?", "RF microneedling"),
    ("is botox something you do?", "Botox or other wrinkle injections"),
])
def test_asking_whether_the_clinic_offers_another_treatment(text, treatment):
    assert other_treatment_asked(text) == treatment


@pytest.mark.parametrize("text", [
    "is botox better than microneedling",
    "is rf microneedling better than normal microneedling",  # a comparison
    "can i have fillers after microneedling",
    "do you do microneedling with prp",
    "do you do prp",  # microneedling's add-on: the clinic configuration says (answer_parts.py)
    "do you do the neck",
    "do you have parking",
    "i had botox last week",  # a disclosure, read by the screening reader
    "do you do detox",  # "tox" only as a word
    "",
])
def test_other_messages_are_left_to_the_classifier(text):
    assert other_treatment_asked(text) is None


def test_a_treatment_named_right_after_that_answer_asks_the_same():
    assert other_treatment_asked("what about lip fillers?", ["utter_greet", "utter_other_treatment"]) == "fillers"
    assert other_treatment_asked("and peels?", ["utter_other_treatment", ""]) == "chemical peels"
    # Not right after it: "what about lip fillers?" after the checklist is the rule about recent fillers.
    assert other_treatment_asked("what about lip fillers?", ["utter_other_treatment", "utter_ask_cost"]) is None
    assert other_treatment_asked("what about lip fillers?", []) is None


@pytest.mark.parametrize("text", [
    "how long after lip filler can you have it?",
    "can you do it after fillers",
    "do you do it if i had botox last month",
    "do you have appointments after lip filler",
    "do you do facial scars",  # microneedling's own topic
    "do you do it led by a nurse",
    "do you do it before or after botox",
])
def test_when_microneedling_can_follow_another_treatment_is_not_asking_for_it(text):
    assert other_treatment_asked(text) is None
