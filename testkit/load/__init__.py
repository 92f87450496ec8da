"""The production profile under load and faults (docs/production.md), shared
by `make loadtest` and the smoke test in tests/production/: `cluster` starts
the servers, `proxy` spreads turns over them, `conversations` and `client`
play visitors, `faults` breaks things, `ledger` and `checks` check
PostgreSQL, `report` writes results/."""
from testkit.helpers import ROOT

__all__ = ["ROOT"]
