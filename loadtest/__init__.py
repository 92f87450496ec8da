"""`make loadtest`: the production profile under load and faults (docs/production.md).

The modules are shared with the smoke test in tests/production/: `cluster`
starts the servers, `proxy` spreads turns over them, `conversations` and
`client` play visitors, `ledger` checks PostgreSQL, `report` writes results/.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# scripts/stack.py (Stack, settings), tests/helpers.py and tests/databases.py, as tests/conftest.py does.
for _folder in (ROOT, ROOT / "scripts", ROOT / "tests"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))
