"""The widget's own unit tests (widget/test, node's test runner), so that
`make test` runs them too. No browser and no server needed."""
from __future__ import annotations

import shutil
import subprocess

from widget_support import WIDGET


def test_widget_unit_tests_pass(widget_build):
    result = subprocess.run(
        [shutil.which("npm") or "npm", "test", "--silent"], cwd=WIDGET, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout, result.stdout[-4000:]
