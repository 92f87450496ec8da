"""The rendered domain carries the clinic's facts, screening items and content answers."""
import copy
from pathlib import Path

import pytest
import yaml

from clinic_assistant import build_domain, clinic_config

ROOT = Path(__file__).resolve().parents[2]


def test_render_fills_slots_and_adds_screening_items():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    config = clinic_config.current()
    rendered = build_domain.render(copy.deepcopy(domain), config)
    assert rendered["slots"]["clinic_phone"]["initial_value"] == config.clinic["phone"]
    for item in config.screening_items:
        assert rendered["slots"][f"screen_{item['id']}"]["mappings"] == [{"type": "custom"}]
        if item.get("within_days"):  # the "when?" follow-up
            [question] = rendered["responses"][f"utter_ask_screen_{item['id']}"]
            assert question == {"text": item["question"]}
        else:
            assert f"utter_ask_screen_{item['id']}" not in rendered["responses"]


def test_content_answers_become_responses_with_their_button_sets():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    content = build_domain.load_content()
    rendered = build_domain.render(copy.deepcopy(domain), clinic_config.current(), content)
    for name, answer in content["answers"].items():
        [response] = rendered["responses"][name]
        if "<<" not in answer["text"]:
            assert response["text"] == " ".join(answer["text"].split())
        expected = [{k: v for k, v in button.items() if k != "topic"} for button in content["buttons"][answer["buttons"]]]
        assert [button for button in expected if button in response["buttons"]] == response["buttons"]
    # Slots the answers interpolate are filled from the clinic's practice facts.
    assert rendered["slots"]["clinic_numbing_minutes"]["initial_value"] == "30"


def test_an_answer_defined_twice_stops_the_build():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    domain["responses"]["utter_ask_pain"] = [{"text": "an old copy"}]
    with pytest.raises(SystemExit, match="utter_ask_pain"):
        build_domain.render(domain, clinic_config.current())


def test_an_unknown_button_set_stops_the_build():
    content = {"buttons": {}, "answers": {"utter_x": {"text": "Hi", "buttons": "nope"}}}
    with pytest.raises(SystemExit, match="nope"):
        build_domain.content_responses(content)


def test_the_built_domain_is_current():
    """build/domain.yml is what domain.yml, content/answers.yml and clinic.yml
    give now (a stale build would serve old answers): run `make build/domain.yml`."""
    built = ROOT / "build" / "domain.yml"
    if not built.exists():
        pytest.skip("no build/domain.yml yet")
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    expected = build_domain.render(domain, clinic_config.current())
    assert yaml.safe_load(built.read_text(encoding="utf-8")) == expected


def test_screening_windows_become_slots():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    config = clinic_config.current()
    rendered = build_domain.render(copy.deepcopy(domain), config)
    for item in config.screening_items:
        if item.get("within_days"):
            slot = rendered["slots"][f"clinic_window_{item['id']}"]
            assert slot["initial_value"] == clinic_config.describe_days(item["within_days"])
            assert slot["mappings"] == [{"type": "custom"}]


@pytest.mark.parametrize("gift_cards", ["", "Gift cards are sold at reception and never expire."])
def test_only_the_policies_the_clinic_has_are_offered(gift_cards):
    # Stop 39: the list of policies named gift cards, and offered a button
    # for them, to a clinic with no gift-card policy ("I don't know" behind it).
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    raw = copy.deepcopy(clinic_config.current().raw)
    raw["clinic"]["policies"]["gift_cards"] = gift_cards
    config = clinic_config.ClinicConfig(raw)
    rendered = build_domain.render(domain, config)
    [overview] = rendered["responses"]["utter_policy_overview"]
    [not_listed] = rendered["responses"]["utter_policy_not_listed"]
    offered = any(button["title"].startswith("Gift cards") for button in overview["buttons"])
    assert offered == bool(gift_cards)
    assert ("gift cards" in overview["text"]) == bool(gift_cards) == ("gift cards" in not_listed["text"])
    assert "insurance" in overview["text"] and "cancelling or moving" in not_listed["text"]
    assert all("topic" not in button for button in overview["buttons"])
