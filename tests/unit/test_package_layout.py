"""The layout issue 15 asks for, kept: one installed package and its adapters,
imported by name from anywhere, never through edits of the import path, and
tests, bench and loadtest sharing testkit/ rather than each other."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON_FOLDERS = ["actions", "bench", "channels", "clinic_assistant", "components", "console", "loadtest", "scripts", "testkit", "tests"]
PATH_EDIT = re.compile(r"\bsys\.path\s*(?:\.\s*(?:insert|append|extend)\s*\(|\[[^\]]*\]\s*=|\+=)")


def python_files(*folders: str):
    for folder in folders:
        yield from (ROOT / folder).rglob("*.py")


def test_no_module_edits_the_import_path():
    edits = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in python_files(*PYTHON_FOLDERS)
        if path != Path(__file__).resolve()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PATH_EDIT.search(line)
    ]
    assert not edits, edits


@pytest.mark.parametrize("folder, forbidden", [
    ("tests", r"(bench|loadtest)"),
    ("bench", r"(tests|loadtest)"),
    ("loadtest", r"(tests|bench)"),
    ("testkit", r"(tests|bench|loadtest)"),
    ("clinic_assistant", r"(tests|bench|loadtest|testkit|actions)"),
    # The adapters stand on the core, not on the action server's package.
    ("components", r"actions"),
    ("channels", r"actions"),
    ("console", r"actions"),
])
def test_tests_bench_and_loadtest_share_testkit_not_each_other(folder, forbidden):
    pattern = re.compile(rf"^\s*(?:from|import)\s+{forbidden}(?:\.|\s|$)", re.M)
    offenders = [str(path.relative_to(ROOT)) for path in python_files(folder) if pattern.search(path.read_text(encoding="utf-8"))]
    assert not offenders, offenders


def test_the_package_imports_from_outside_the_checkout(tmp_path):
    # The editable install (make install), not the working directory, makes it importable.
    code = "import actions, channels, clinic_assistant, components, console, testkit; print(clinic_assistant.__file__)"
    done = subprocess.run([sys.executable, "-I", "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()) == ROOT / "clinic_assistant" / "__init__.py"


def test_the_path_check_sees_a_path_edit():
    assert PATH_EDIT.search("sys.path.insert(0, str(ROOT))") and PATH_EDIT.search("sys.path[:0] = [a]")
    assert not PATH_EDIT.search("print(sys.path)")
