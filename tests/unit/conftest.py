"""Fixtures shared by the unit tests."""
from pathlib import Path

import pytest

from clinic_assistant.screening.reader import reader_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def reader():
    """The disclosure reader on this clinic's checklist (clinic.yml), built once."""
    return reader_for((ROOT / "clinic.yml").read_text(encoding="utf-8"))
