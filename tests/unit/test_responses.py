"""One source per fact: what the channels say outside the dialogue comes from
the domain's responses with the clinic file's facts, and the facts a response
repeats (the length limit, the screening items) from where they are kept."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from channels.rate_limit import failed_text, too_fast_text, too_long_text
from clinic_assistant import build_domain, clinic_config, responses
from clinic_assistant.limits import MAX_MESSAGE_CHARS

ROOT = Path(__file__).resolve().parents[2]


def rendered(config=None) -> dict:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    return build_domain.render(copy.deepcopy(domain), config or clinic_config.current())


def test_channel_replies_carry_the_clinic_files_facts():
    clinic = clinic_config.current().clinic
    assert clinic["emergency_number"] in too_fast_text() and "faster than I can read" in too_fast_text()
    assert clinic["phone"] in failed_text() and clinic["emergency_number"] in failed_text()
    refused = too_long_text(25_000, 20_000)
    assert "25,000 characters" in refused and "the limit is 20,000" in refused and clinic["emergency_number"] in refused
    assert "{" not in too_fast_text() + failed_text() + refused


def test_every_channel_reply_is_a_response_of_the_rendered_domain():
    assert set(responses.CHANNEL_RESPONSES) <= set(rendered()["responses"])
    responses.check()


def test_a_missing_rendered_domain_stops_the_server_start(tmp_path, monkeypatch):
    read = responses._rendered.__wrapped__
    monkeypatch.setattr(responses, "_rendered", lambda: read(tmp_path / "domain.yml"))
    with pytest.raises(SystemExit, match="make model"):
        responses.check()


def test_the_length_limit_in_the_answer_is_the_one_the_guard_applies():
    [answer] = rendered()["responses"]["utter_message_too_long"]
    assert f"under {MAX_MESSAGE_CHARS:,} characters" in answer["text"]


def test_the_overview_lists_the_clinic_files_screening_items(tmp_path):
    config = clinic_config.current()
    [overview] = rendered(config)["responses"]["utter_general_overview"]
    for item in config.screening_items:
        assert item["name"] in overview["text"]
    # A clinic that drops an item drops it from the overview too.
    raw = yaml.safe_load((ROOT / "clinic.yml").read_text(encoding="utf-8"))
    raw["screening"]["items"] = [item for item in raw["screening"]["items"] if item["id"] != "keloid"]
    (tmp_path / "clinic.yml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    [fewer] = rendered(clinic_config.load(tmp_path / "clinic.yml"))["responses"]["utter_general_overview"]
    assert "keloid" not in fewer["text"] and "pregnancy or breastfeeding" in fewer["text"]


def test_an_unknown_build_value_stops_the_build():
    with pytest.raises(SystemExit, match="<<clinic_moon_phase>>"):
        build_domain.fill_build_values({"utter_x": [{"text": "It is <<clinic_moon_phase>>."}]}, {"max_message_chars": "1"})
