"""clinic_assistant/concerns.py: a concern the treatment is used for, told as
the visitor's own, is not read as something that rules it out."""
from __future__ import annotations

import pytest

from clinic_assistant.concerns import treated_concern


@pytest.mark.parametrize("text", [
    "i have pretty deep acne scars",
    "ive got stretch marks from pregnancy",
    "I have some ice pick scarring on my cheeks",
    "my wrinkles around the eyes",
    "i have really big pores",
    "i have dark spots on my cheeks from the sun",
    "some pigmentation on my forehead",
    # Stop 40: one scar got the list of what rules the treatment out.
    "i have a scar on my arm from an op last year, would microneedling help it",
    "got a surgery scar on my tummy from 2019, worth trying?",
])
def test_a_concern_it_treats(text):
    assert treated_concern(text)


@pytest.mark.parametrize("text", [
    "i have keloid scars",
    "i get raised scars easily",
    "i have a scar that is still healing",
    "my acne scars are infected",
    "i have eczema",
    "my scar is sore and swollen",
])
def test_not_a_concern_it_treats(text):
    assert not treated_concern(text)
