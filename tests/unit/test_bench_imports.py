"""Every module of `make bench` imports as the Makefile runs it (`python -m
bench.<name>`): the packaging of issue 15 left two importing `report` as a
top-level module, and `make bench` stopped after its first step."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(path.stem for path in (ROOT / "bench").glob("*.py") if path.stem != "__init__")


def test_the_bench_has_modules():
    assert {"run", "console_bench", "report", "workload"} <= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_the_module_imports_in_a_fresh_interpreter(module):
    ran = subprocess.run([sys.executable, "-c", f"import bench.{module}"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert ran.returncode == 0, ran.stderr[-2000:]
