# The fast tier for the edit-test loop: every test that needs no server, no
# PostgreSQL or Redis, no browser or Node and no trained model (tests/conftest.py
# marks the others `integration`). Needs the installed .venv and the rendered
# domain and medicine names (seconds to build); nothing is trained or started. `make test` still runs everything.
#
#   make test-unit                       # all of the tier
#   make test-unit UNIT_TESTS='tests/unit -k reader'   # a part of it
.PHONY: test-unit
UNIT_TESTS ?= tests
test-unit: $(DOMAIN) $(MEDICINES) | $(INSTALLED)
	$(PY) -m pytest -q -m "not integration" $(UNIT_TESTS)
