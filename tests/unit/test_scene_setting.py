"""A statement beside a question that only sets the scene (stop 40)."""
from __future__ import annotations

import pytest

from clinic_assistant.scene_setting import sets_the_scene


@pytest.mark.parametrize("statement", [
    "my husband thinks im crazy.", "my sister had it last year,", "treatment went great thanks!",
    "ive been thinking about it for months and finally decided lol.", "u guys were recommended by my hairdresser!",
    "had microneedling yesterday,",  # when, nothing more (the question decides only where safe)
])
def test_scenery(statement):
    assert sets_the_scene(statement)


@pytest.mark.parametrize("statement", [
    "i have dark skin,",  # the skin: a suitability question
    "im 17,",  # an age
    "i have acne scars.",
    "my neck is what bothers me,",  # a body area
    "im a guy,",
    "my face is really swollen.",  # a problem
    "had microneedling yesterday and it feels hot,",  # a treatment had, and how it feels
])
def test_more_than_scenery(statement):
    assert not sets_the_scene(statement)


@pytest.mark.parametrize("statement", [
    # Stop 40 (helper-44): health in lay words, which the question alone would lose.
    "doc has me on something for my blood,", "on thinners for my heart,", "been shaking and sweating all night.",
    "im on fat jabs.",
])
def test_health_in_lay_words_is_more_than_scenery(statement):
    assert not sets_the_scene(statement)
