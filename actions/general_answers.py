"""The general rule per screening item, for general questions about a condition.

"Can you have it while breastfeeding?" gets utter_general_pregnancy: the rule
in plain words, "a clinician decides", and buttons for the check and a person.
It records nothing and opens no handoff; only a visitor's own disclosure does.
The texts, with their sources, are in content/answers.yml.
"""
from __future__ import annotations

from typing import Dict

# Screening item id (clinic.yml `screening.items`) -> response. Written out in
# full so that tests/test_data_validation.py sees that code sends them.
GENERAL_ANSWERS: Dict[str, str] = {
    "pregnancy": "utter_general_pregnancy",
    "isotretinoin": "utter_general_isotretinoin",
    "active_skin_problem": "utter_general_active_skin_problem",
    "inflammatory_skin": "utter_general_inflammatory_skin",
    "keloid": "utter_general_keloid",
    "bleeding": "utter_general_bleeding",
    "immune_metabolic": "utter_general_immune_metabolic",
    "cancer_treatment": "utter_general_cancer_treatment",
    "recent_skin_stress": "utter_general_recent_skin_stress",
    "anaesthetic_allergy": "utter_general_anaesthetic_allergy",
    "cold_sores": "utter_general_cold_sores",
    "other_health": "utter_general_other_health",
}
OTHER_HEALTH = GENERAL_ANSWERS["other_health"]


def general_answer(item_id: str) -> str:
    """The response for a general question about an item (a condition or
    medicine not on the list: the "other health" answer)."""
    return GENERAL_ANSWERS.get(item_id, OTHER_HEALTH)
