"""The test folders are not packages, so pytest imports each test module by its
file name alone: two with one name stop `make test` at collection, though each
folder passes when run alone (stop 46, two helpers' files)."""
from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_every_test_module_has_a_name_of_its_own():
    names = Counter(path.name for path in TESTS.rglob("test_*.py"))
    assert [name for name, count in names.items() if count > 1] == []
