"""components/handoff_weighting.py: the handoff intents' probabilities are
weighted, the ranking normalised and re-sorted, and the top intent follows."""
from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.message import Message

from components.handoff_weighting import HANDOFF_INTENTS, HandoffWeighting


def ranked(*pairs):
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


def parse(component, ranking):
    message = Message(data={"text": "x", "intent": dict(ranking[0]), "intent_ranking": ranking})
    component.process([message])
    return message.get("intent"), message.get("intent_ranking")


def test_a_close_handoff_intent_overtakes_a_plain_answer():
    intent, ranking = parse(HandoffWeighting(3.0, frozenset(HANDOFF_INTENTS)),
                            ranked(("ask_aftercare", 0.5), ("medical_advice", 0.3), ("ask_downtime", 0.2)))
    assert [entry["name"] for entry in ranking] == ["medical_advice", "ask_aftercare", "ask_downtime"]
    assert ranking[0]["confidence"] == pytest.approx(0.9 / 1.6) and intent == ranking[0]
    assert sum(entry["confidence"] for entry in ranking) == pytest.approx(1.0)


def test_a_confident_plain_answer_stays():
    intent, ranking = parse(HandoffWeighting(3.0, frozenset(HANDOFF_INTENTS)),
                            ranked(("ask_pain", 0.9), ("report_symptom", 0.05), ("greet", 0.05)))
    assert intent["name"] == "ask_pain" and intent["confidence"] == pytest.approx(0.9 / 1.1)


def test_weight_one_changes_nothing_and_a_weight_must_be_positive():
    ranking = ranked(("ask_cost", 0.6), ("request_human", 0.4))
    assert parse(HandoffWeighting(1.0, frozenset(HANDOFF_INTENTS)), ranking)[1] == ranking
    with pytest.raises(ValueError):
        HandoffWeighting.validate_config({"weight": 0, "intents": []})


def test_the_served_pipeline_weights_the_four_handoff_intents():
    pipeline = yaml.safe_load((Path(__file__).resolve().parents[2] / "config.yml").read_text())["pipeline"]
    names = [step["name"] for step in pipeline]
    weighting = names.index("components.handoff_weighting.HandoffWeighting")
    assert names[weighting - 1].endswith("LogisticRegressionClassifier") and names[weighting + 1] == "FallbackClassifier"
    assert pipeline[weighting]["weight"] > 1
