"""A symptom report that names no problem at all (clinic_assistant/safety/no_problem.py)."""
from pathlib import Path

import pytest
import yaml

from clinic_assistant.safety.no_problem import names_no_problem, only_tells_of_treatment

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "text, nothing",
    [
        ("had my first session 2 days ago", True),
        ("its like 2 years old", True),
        ("I had microneedling on Monday.", True),
        ("had my 2nd session 3 weeks ago", True),
        # Stop 38: back again, with a question to come.
        ("hi again, had microneedling last week", True),
        ("hey, i came in for microneedling 5 days ago, quick question about aftercare", True),
        ("back again, got microneedled on friday", True),
        # Stop 39: that it went well names no problem ("all healed" had got a symptom ticket).
        ("had my first session 3 weeks ago, all healed", True),
        ("had microneedling last week, went great", True),
        ("had my session 3 days ago, not healed", False),
        # A word that could be a problem, a question mark or an emoji keeps the handoff.
        ("its still there", False),
        ("had it done yesterday and its swollen", False),
        ("something is wrong", False),
        ("had my first session 2 days ago?", False),
        ("😢", False),
        ("", False),
    ],
)
def test_a_message_that_names_no_problem(text, nothing):
    assert names_no_problem(text) is nothing


def test_no_symptom_report_of_the_training_data_reads_as_naming_nothing():
    """The narrow test must never swallow a real report."""
    reports = []
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            if block.get("intent") != "report_symptom":
                continue
            examples = block["examples"]
            if isinstance(examples, str):
                reports += [line.strip()[2:] for line in examples.splitlines() if line.strip().startswith("- ")]
            else:
                reports += [example["text"] for example in examples]
    assert len(reports) > 150
    assert [text for text in reports if names_no_problem(text)] == []


@pytest.mark.parametrize("text, only", [
    ("hello, I had microneedling with you last week", True),
    ("was in for microneedling tuesday", True),
    ("i had my appointment with you yesterday", True),
    ("i had microneedling last week and my face is red", False),
    ("can i book", False),
])
def test_only_the_treatment_told(text, only):
    # Stop 38: the first two were heard as the list of what rules it out and as a booking.
    assert only_tells_of_treatment(text) is only
