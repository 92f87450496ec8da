"""A visitor in crisis (clinic_assistant/safety/crisis.py): thoughts of
suicide or self-harm, poisoning, abuse.

The labelled set tests/data/crisis.yml is the measure: every crisis must be
read as its kind (recall 1.00), and the look-alikes (hyperbole, old scars,
accidents, ordinary medicine questions) must not, so that they keep their
ordinary answer.
"""
from pathlib import Path

import pytest
import yaml

from clinic_assistant.safety.crisis import KINDS, crisis_kind

DATA = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "crisis.yml").read_text("utf8"))
LABELLED = [(kind, text) for kind in KINDS for text in DATA[kind]]


def test_the_labelled_set_has_every_kind_and_look_alikes():
    assert len(DATA["self_harm"]) >= 250 and len(DATA["poisoning"]) >= 30 and len(DATA["abuse"]) >= 50
    assert len(DATA["not_crisis"]) >= 350


@pytest.mark.parametrize("kind, text", LABELLED)
def test_a_crisis_is_read_as_its_kind(kind, text):
    assert crisis_kind(text) == kind


@pytest.mark.parametrize("text", DATA["not_crisis"])
def test_a_look_alike_is_not(text):
    assert crisis_kind(text) is None


def test_read_through_invisible_characters_and_homoglyphs():
    assert crisis_kind("i want to k\u200bill mys\u0435lf") == "self_harm"


def test_empty_and_unrelated_messages():
    assert crisis_kind("") is None and crisis_kind("how much is it?") is None
