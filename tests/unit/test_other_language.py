"""clinic_assistant/other_language.py: a message in Spanish, not English with a Spanish word."""
import pytest

from clinic_assistant.other_language import in_spanish


@pytest.mark.parametrize("text, spanish", [
    ("hola, cuanto cuesta el microneedling?", True),
    ("hola buenas, hablan español? quiero saber si el microneedling duele", True),
    ("hola! cuánto cuesta una sesión?", True),
    # English, with a Spanish word or none.
    ("thanks gracias", False),
    ("what is the price of one session", False),
    ("is it safe for my face", False),
    ("la la la", False),
    ("", False),
])
def test_a_message_in_spanish(text, spanish):
    assert in_spanish(text) is spanish
