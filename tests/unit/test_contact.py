"""Contact details given after a handoff are validated."""
import pytest

from actions.contact import find_contact


@pytest.mark.parametrize(
    "text, found",
    [
        ("jane.doe+clinic@example.co.uk", "jane.doe+clinic@example.co.uk"),
        ("sure, it's jane@example.com thanks", "jane@example.com"),
        ("(555) 010-4477", "5550104477"),
        ("call me on +44 7700 900123", "+447700900123"),
        ("my number is 555.010.4477", "5550104477"),
        ("12345", None),                 # too short for a phone number
        ("jane@example", None),          # no domain ending
        ("no thanks", None),
        ("", None),
    ],
)
def test_find_contact(text, found):
    assert find_contact(text) == found
