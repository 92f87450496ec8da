"""The rendered domain carries the clinic's facts and screening items."""
import copy
from pathlib import Path

import build_domain
import yaml

from actions import clinic_config

ROOT = Path(__file__).resolve().parents[2]


def test_render_fills_slots_and_adds_screening_items():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    config = clinic_config.current()
    rendered = build_domain.render(copy.deepcopy(domain), config)
    assert rendered["slots"]["clinic_phone"]["initial_value"] == config.clinic["phone"]
    ids = [item["id"] for item in config.screening_items]
    assert rendered["forms"]["screening_form"]["required_slots"] == [f"screen_{i}" for i in ids]
    first = rendered["responses"]["utter_ask_screen_pregnancy"][0]
    assert first["text"] == config.screening_items[0]["question"]
    assert [b["payload"] for b in first["buttons"]] == ["yes", "no", "not sure"]
    assert rendered["slots"]["screen_bleeding"]["mappings"] == [{"type": "custom"}]
