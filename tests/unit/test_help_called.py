"""After the emergency message, "I called 911" reports help on its way, not a new problem."""
import pytest

from clinic_assistant.safety.help_called import help_called


@pytest.mark.parametrize(
    "text",
    ["ok I called 911, they're sending someone", "ive called an ambulance", "paramedics are on their way",
     "my husband rang 999", "ok calling an ambulance now", "help is coming"],
)
def test_help_called_is_told(text):
    assert help_called(text)


@pytest.mark.parametrize(
    "text",
    ["should i call 911", "call 911?", "is help coming?", "i called the clinic yesterday", "can you call me",
     "do I ring an ambulance", ""],
)
def test_asking_whether_to_call_or_another_call_is_not(text):
    assert not help_called(text)
