"""How this clinic practises (clinic.yml `practice:`) reaches the answers only
through the clinic_<field> slots: change the file and the built answers change;
no response writes a practice figure of its own; a missing or mistyped field
stops the start-up, naming it."""
import copy
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from clinic_assistant import clinic_config

ROOT = Path(__file__).resolve().parents[2]
BUILD = ["-m", "clinic_assistant.build_domain"]  # as make runs it


def real_clinic() -> dict:
    return yaml.safe_load((ROOT / "clinic.yml").read_text(encoding="utf-8"))


def build(tmp_path: Path, clinic: dict) -> dict:
    """build/domain.yml as clinic_assistant/build_domain.py writes it from `clinic`."""
    clinic_file, out = tmp_path / "clinic.yml", tmp_path / "domain.yml"
    clinic_file.write_text(yaml.safe_dump(clinic, allow_unicode=True), encoding="utf-8")
    subprocess.run([sys.executable, *BUILD, "--clinic", str(clinic_file), "--out", str(out)], check=True, cwd=ROOT)
    return yaml.safe_load(out.read_text(encoding="utf-8"))


def visitor_texts(domain: dict) -> dict:
    """Each response's first text as a visitor reads it: slots from their initial values."""
    values = {name: slot.get("initial_value") for name, slot in domain["slots"].items()}

    def fill(match):
        value = values.get(match.group(1))
        return match.group(0) if value is None else str(value)

    return {name: re.sub(r"\{(\w+)\}", fill, variants[0]["text"]) for name, variants in domain["responses"].items()}


def shifted(value):
    """Another valid value for a practice field, sharing no figure with `value`."""
    if isinstance(value, str):
        return "handheld test device"
    if isinstance(value, list):
        return [part + 1 for part in value]
    return value + 1


def phrase(field: str, value) -> re.Pattern:
    """How an answer would write the value: "30 minutes", "0.5 to 2 mm", "2–3 days"."""
    unit = clinic_config.PRACTICE_FIELDS[field]
    if unit == "text":
        return re.compile(re.escape(value), re.IGNORECASE)
    numbers = [re.escape(clinic_config.format_value(part)) for part in (value if isinstance(value, list) else [value])]
    return re.compile(r"(?<![\d.])" + r"\s*(?:to|–|-)\s*".join(numbers) + r"[\s-]*" + unit.rstrip("s") + r"s?\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def default_and_shifted(tmp_path_factory):
    clinic = real_clinic()
    other = copy.deepcopy(clinic)
    other["clinic"]["practice"] = {field: shifted(value) for field, value in clinic["clinic"]["practice"].items()}
    return (
        clinic["clinic"]["practice"],
        visitor_texts(build(tmp_path_factory.mktemp("default"), clinic)),
        visitor_texts(build(tmp_path_factory.mktemp("shifted"), other)),
    )


def test_a_changed_practice_value_changes_the_built_answer(tmp_path):
    clinic = real_clinic()
    clinic["clinic"]["practice"]["numbing_minutes"] = 45
    clinic["clinic"]["practice"]["sun_avoidance_weeks"] = 3
    texts = visitor_texts(build(tmp_path, clinic))
    assert "leave it for about 45 minutes" in texts["utter_ask_pain"]
    assert "numbed for about 45 minutes" in texts["utter_ask_procedure"]
    for name in ("utter_ask_aftercare", "utter_ask_preparation", "utter_general_recent_skin_stress"):
        assert "tanning for about 3 weeks" in texts[name], name


@pytest.mark.parametrize("field", sorted(clinic_config.PRACTICE_FIELDS))
def test_every_practice_value_is_quoted_and_only_from_clinic_yml(field, default_and_shifted):
    practice, default_texts, shifted_texts = default_and_shifted
    pattern = phrase(field, practice[field])
    # Some answer quotes it (a field nobody reads would be dead configuration)...
    assert any(pattern.search(text) for text in default_texts.values()), f"no answer quotes practice.{field}"
    # ...and only through its slot: with another value in clinic.yml, the old one is gone.
    written = [name for name, text in shifted_texts.items() if pattern.search(text)]
    assert not written, f"{written} write practice.{field} ({practice[field]!r}) into the text: use {{clinic_{field}}}"


def test_every_practice_field_is_known():
    assert set(real_clinic()["clinic"]["practice"]) == set(clinic_config.PRACTICE_FIELDS)


@pytest.mark.parametrize("field", sorted(clinic_config.PRACTICE_FIELDS))
def test_a_missing_practice_field_is_refused_with_its_name(field):
    raw = real_clinic()
    del raw["clinic"]["practice"][field]
    with pytest.raises(clinic_config.ClinicConfigError, match=rf"clinic\.practice\.{field} is missing"):
        clinic_config.ClinicConfig(raw)


@pytest.mark.parametrize(
    "field, value",
    [
        ("numbing_minutes", "thirty"),
        ("numbing_minutes", None),
        ("numbing_minutes", True),
        ("needle_depth_mm", [2, 0.5]),
        ("course_sessions", [3, 4, 6]),
        ("session_spacing_weeks", [0, 6]),
        ("device", 42),
        ("device", " "),
    ],
)
def test_a_mistyped_practice_field_is_refused_with_its_name(field, value):
    raw = real_clinic()
    raw["clinic"]["practice"][field] = value
    with pytest.raises(clinic_config.ClinicConfigError, match=rf"clinic\.practice\.{field} must be"):
        clinic_config.ClinicConfig(raw)


def test_the_domain_build_stops_at_start_up_naming_the_field(tmp_path):
    raw = real_clinic()
    del raw["clinic"]["practice"]["needle_depth_mm"]
    (tmp_path / "clinic.yml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, *BUILD, "--clinic", str(tmp_path / "clinic.yml"), "--out", str(tmp_path / "domain.yml")],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode != 0 and "clinic.practice.needle_depth_mm is missing" in result.stderr
    assert not (tmp_path / "domain.yml").exists()
