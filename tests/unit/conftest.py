"""Fixtures shared by the unit tests."""
import copy
from pathlib import Path

import pytest
import yaml

from clinic_assistant import clinic_config
from clinic_assistant.screening.reader import reader_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def reader():
    """The disclosure reader on this clinic's checklist (clinic.yml), built once."""
    return reader_for((ROOT / "clinic.yml").read_text(encoding="utf-8"))


@pytest.fixture
def clinic(monkeypatch):
    """clinic(messaging={...}): for one test, the clinic is clinic.yml's with
    those fields of its `clinic` section replaced."""
    def use(**fields):
        raw = copy.deepcopy(yaml.safe_load((ROOT / "clinic.yml").read_text(encoding="utf-8")))
        raw["clinic"].update(fields)
        config = clinic_config.ClinicConfig(raw)
        monkeypatch.setattr(clinic_config, "current", lambda: config)
        return config
    return use
