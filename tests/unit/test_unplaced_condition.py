"""A condition or medicine the checklist's words do not name (clinic_assistant/screening/unplaced.py)."""
import pytest

from clinic_assistant.screening.unplaced import unplaced_condition


@pytest.mark.parametrize(
    "text, said",
    [
        ("i have lichen planus", "lichen planus"),
        ("I have the Neurodermitis", "Neurodermitis"),
        ("well i have ibs", "ibs"),
        ("im on levothyroxine", "levothyroxine"),
        ("i suffer from migraines", "migraines"),
        ("i have a heart condition", "heart condition"),
        ("i have lichen planus, is that ok?", "lichen planus"),  # the question is the clinician's
    ],
)
def test_told(text, said):
    assert unplaced_condition(text) == said


@pytest.mark.parametrize(
    "text",
    [
        "i have a question", "i have a question, does it hurt", "i have a wedding in june", "i have time on friday",
        "i have acne scars", "i have dark skin", "i have sensitive skin", "i have kids", "i have nothing", "i have 2",
        "i have had botox", "do i have to stop my vitamins?", "can i have it done next week", "",
    ],
)
def test_not_a_condition(text):
    assert unplaced_condition(text) is None
