"""While a visitor waits for a person (clinic_assistant/waiting.py)."""
import pytest

from clinic_assistant.waiting import impatient, withdraws_request


@pytest.mark.parametrize("text", ["ugh this is taking forever", "hello??", "is the nurse there yet", "still waiting", "how much longer",
                                  "no thanks, but how long is the wait usually?", "how long do i usually have to wait",
                                  "when will someone get back to me", "hello? did anyone see my message"])
def test_impatience(text):
    assert impatient(text) and not withdraws_request(text)


@pytest.mark.parametrize("text", ["never mind, I dont need the person anymore", "i dont need anyone now thanks",
                                  "no need for a call back", "cancel my request"])
def test_withdrawals(text):
    assert withdraws_request(text) and not impatient(text)


@pytest.mark.parametrize("text", ["actually yes I do want to talk to someone", "i still need someone to call me", "does it hurt"])
def test_neither(text):
    assert not withdraws_request(text)


@pytest.mark.parametrize("text", ["how long is the treatment", "how long do i wait before wearing makeup", "when will i see results"])
def test_other_waits_are_no_impatience(text):
    assert not impatient(text)
