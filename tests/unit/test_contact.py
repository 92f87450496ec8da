"""Contact details given after a handoff are validated."""
import pytest

from actions.contact import _DECLINES_IN_WORDS, ASKS_WHEN_REPLY, ASKS_WHY_CONTACT, asks_beside_contact
from clinic_assistant.pii import find_contact, number_part, redact


@pytest.mark.parametrize(
    "text, found",
    [
        ("jane.doe+clinic@example.co.uk", "jane.doe+clinic@example.co.uk"),
        ("sure, it's jane@example.com thanks", "jane@example.com"),
        ("(555) 010-4477", "5550104477"),
        ("call me on +44 7700 900123", "+447700900123"),
        ("my number is 555.010.4477", "5550104477"),
        ("jane at gmail dot com", "jane@gmail.com"),  # said as words
        ("jane dot doe at gmail dot com", "jane.doe@gmail.com"),  # the name in parts too (stop 38: "name: Jane Dot")
        ("Jane.Doe at outlook dot co dot uk", "jane.doe@outlook.co.uk"),
        ("jane(at)gmail(dot)com", "jane@gmail.com"),
        # Stop 40: both given, only the e-mail was kept ("text is better").
        ("my cell is 555-310-2290 and email is dana.w@yahoo.com, text is better", "dana.w@yahoo.com or 5553102290"),
        ("a1234567@uni.edu", "a1234567@uni.edu"),  # digits inside the address are no phone number
        ("im at work dot", None),
        ("12345", None),                 # too short for a phone number
        ("jane@example", None),          # no domain ending
        ("no thanks", None),
        ("", None),
    ],
)
def test_find_contact(text, found):
    assert find_contact(text) == found


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("mail jane.doe@example.com or call +44 7700 900123", "mail [e-mail] or call [phone]"),
        ("(555) 010-4477 after 5", "[phone] after 5"),
        ("I had 3 sessions in 2024", "I had 3 sessions in 2024"),  # short numbers stay
        ("from 12.05.2025 to 19.05.2025", "from 12.05.2025 to 19.05.2025"),
        ("write to jane at gmail dot com pls", "write to [e-mail] pls"),
        ("its jane dot doe at gmail dot com", "its [e-mail]"),
        ("", ""),
    ],
)
def test_redact(text, redacted):
    assert redact(text) == redacted


@pytest.mark.parametrize("text, asks", [
    ("sure its jess, 555 201 8890, also do you have parking", True),
    ("my email is jess@gmail.com and whats the cancellation policy", True),
    ("555 201 8890", False),
    ("its jess.k@example.com, call me after 5 please", False),
])
def test_a_question_beside_a_contact(text, asks):
    assert asks_beside_contact(text) is asks


@pytest.mark.parametrize("text, when, why", [
    ("how long will they take to reply", True, False),
    ("when will someone get back to me", True, False),
    ("why do you need my number", False, True),
    ("do i have to give my email", False, True),
    ("what do you need it for?", False, True),
    ("why do u need that", False, True),
    ("why?", False, True),
    ("how long is the downtime", False, False),
    # Stop 39: after the handoff.
    ("how long do i wait", True, False),
    ("how long will it take them", True, False),
    ("hello??", True, False),
    ("hello?? is anyone reading this", True, False),
    ("???", True, False),
    ("how long do i wait before wearing makeup", False, False),
    ("what do you need for the consultation", False, False),
])
def test_questions_about_the_handoff(text, when, why):
    assert (bool(ASKS_WHEN_REPLY.search(text)), bool(ASKS_WHY_CONTACT.search(text))) == (when, why)


@pytest.mark.parametrize("text, part", [
    ("07700", "07700"),
    ("my number is 555 010", "555 010"),
    ("sorry hit send too early, 9876", "9876"),
    # Stop 39: brackets, a dash inside, a dash leading the rest.
    ("(555) 010", "(555) 010"),
    ("555-010", "555-010"),
    ("- 8891", "8891"),
    # No part of a number: a time, a count of days, two numbers, too few digits.
    ("after 5pm", None),
    ("3 days ago", None),
    ("room 12 and 14", None),
    ("12", None),
    ("£100-200", None),
    # Stop 44: a year after a month or "in" (a screening answer to the contact prompt).
    ("my radiotherapy finished in march 2025", None),
    ("stopped it in 2024", None),
])
def test_part_of_a_number_sent_before_the_rest(text, part):
    assert number_part(text) == part
    if part:
        assert find_contact(text) is None  # too short to be a number on its own


@pytest.mark.parametrize("text, declines", [
    ("i'd rather not give my number tbh", True),
    ("nah dont want to share that", True),
    ("I don't want to give my number", True),
    ("i dont want to wait that long", False),
])
def test_no_in_the_visitors_own_words(text, declines):
    # Stop 38: these got "a clinician still needs to review it", the prompt left open.
    assert bool(_DECLINES_IN_WORDS.search(text)) is declines


@pytest.mark.parametrize("text", ["my number is 555 222 3333 whats the deposit", "555 222 3333 do you have parking"])
def test_a_question_after_the_number_is_read_apart(text):
    assert asks_beside_contact(text)


@pytest.mark.parametrize("text, accepts", [
    ("yeah sure", True), ("yh go on", True), ("ok go ahead", True), ("yes", True), ("no", False), ("yes i have eczema", False),
])
def test_a_yes_in_a_few_words(text, accepts):
    from actions.contact import _ACCEPT

    assert bool(_ACCEPT.match(text)) is accepts
