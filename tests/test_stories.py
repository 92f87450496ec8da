"""Test stories (tests/stories) end to end with `rasa test core`.

The user's words go through NLU, and every predicted action must match:
`--fail-on-prediction-errors` makes any mismatch a failure.
"""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_stories_predict_without_errors(tmp_path):
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "rasa"), "test", "core",
            "--model", "models/current.tar.gz", "--stories", "tests/stories",
            "--endpoints", str(tmp_path / "no-endpoints.yml"),
            "--out", str(tmp_path / "results"), "--fail-on-prediction-errors",
        ],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    failed = tmp_path / "results" / "failed_test_stories.yml"
    details = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:] + "\n" + details
