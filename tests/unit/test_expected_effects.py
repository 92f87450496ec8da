"""clinic_assistant/safety/expected_effects.py: a report of nothing but what
the first days after a treatment bring gets the downtime answer; anything
else keeps the symptom handoff."""
from __future__ import annotations

import pytest

from clinic_assistant.safety.expected_effects import names_an_effect, only_expected_effects


@pytest.mark.parametrize("text", [
    "hi i had it done yesterday, my skin feels really dry and tight is that normal?",
    "had microneedling 3 days ago now its flaky and bit pink",
    "im 2 days post microneedling, slightly pink still",
    "day 2 after microneedling and my skin is dry and flaky",
    "had my session last night, face is red like sunburn",
    # Stop 40: good news and when the flaking stops got "get this checked today".
    "thank u!! had my session 2 days ago and skin looks great already. when does the flaking stop",
    "had it done yesterday, how long will the redness last",
    # Stop 43: "only" had made it a problem after treatment.
    "day 2 after microneedling, mild redness only",
])
def test_what_the_first_days_bring(text):
    assert only_expected_effects(text)


@pytest.mark.parametrize("text", [
    "my face is still red a week after microneedling",  # later than the first days
    "my face is red after microneedling 5 days ago",
    "my face is still red after microneedling",  # when?
    "had it done yesterday and my face is red and sore",  # a symptom beside it
    # Stop 47: an itch beside flaking is healing (test_health_stop47.py); beside redness it is not.
    "day 3 and my skin is itchy and red",
    "had microneedling yesterday, my face is red and hot",
    "had microneedling yesterday, red patches spreading",
    "my face is red and dry today",  # no treatment named
    "had it done yesterday",  # nothing told
    "day 2 and the redness wont stop",
])
def test_anything_else_keeps_the_handoff(text):
    assert not only_expected_effects(text)


@pytest.mark.parametrize("text, effect", [
    ("kinda tight and dry now", True),
    ("and now theres these itchy bumps", True),
    ("ok thanks", False),
    ("no nothing wrong, just a question about makeup", False),
])
def test_what_is_noticed_in_the_skin(text, effect):
    # Stop 38: told after "what can I help with?", such a message was read alone (a goodbye).
    assert names_an_effect(text) is effect


@pytest.mark.parametrize("text, expected", [
    ("my skin is peeling 4 days after microneedling, is that normal", True),
    ("my face is peeling day 5 after treatment is that normal", True),
    ("day 5 and still red after microneedling", False),  # redness that late: a clinician looks
    # Stop 47: an itch beside the peeling comes with it (FACTS.md 33: itching that persists is the sign);
    # an itch alone is not what the first days bring.
    ("day 4 peeling and itchy after my session", True),
    ("day 4 itchy after my session", False),
])
def test_flaking_is_expected_to_day_five(text, expected):
    assert only_expected_effects(text) is expected
