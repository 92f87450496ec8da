# Two commands matter: `make run` and `make test` (see README).
SHELL := /bin/bash
.DEFAULT_GOAL := run
VENV := .venv
PY := $(VENV)/bin/python
RASA := RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 $(VENV)/bin/rasa
INSTALLED := $(VENV)/.installed
DOMAIN := build/domain.yml
MODEL := models/current.tar.gz
# Medicine names (brand -> generic) for the disclosure reader, from the
# drug-named-entity-recognition package (scripts/build_medicine_names.py).
MEDICINES := build/medicine_names.json
# What changes the trained model: data, config, domain, and the NLU code that
# runs during training (text normalisation).
TRAIN_INPUTS := $(DOMAIN) $(MEDICINES) config.yml $(shell find data components clinic_assistant/safety clinic_assistant/screening clinic_assistant/text -type f \( -name '*.yml' -o -name '*.py' \) 2>/dev/null)
# The website widget: npm packages (lockfile), then one bundled file served
# with the demo page from build/site/ (git-ignored; never committed).
WIDGET_MODULES := widget/node_modules/.package-lock.json
WIDGET_JS := build/site/widget.js
WIDGET_SOURCES := widget/build.mjs widget/package.json web/index.html $(shell find widget/src widget/demo -type f 2>/dev/null)
# Debian's Chromium for the browser tests (Playwright never downloads one).
CHROMIUM := /usr/bin/chromium
# Debian's docker-compose (its `config` needs no Docker engine) and nginx, for
# tests/production/test_compose.py; installed only when missing, like Chromium.
COMPOSE := /usr/bin/docker-compose
NGINX := /usr/sbin/nginx

.PHONY: run test install model validate bench compare-pipelines lock clean widget loadtest eval

# Pinned packages, then the project itself (pyproject.toml) editable: every
# process and test imports it by name, with no edits of the import path.
$(INSTALLED): requirements.txt requirements-nodeps.txt constraints.txt pyproject.toml
	@test -x $(PY) || "$$(scripts/find_python310.sh)" -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check "pip==24.0"
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-nodeps.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
	@touch $@

install: $(INSTALLED) $(WIDGET_JS) $(CHROMIUM) $(COMPOSE) $(NGINX)

$(WIDGET_MODULES): widget/package.json widget/package-lock.json
	cd widget && npm ci --no-audit --no-fund
	@touch $@

$(WIDGET_JS): $(WIDGET_MODULES) $(WIDGET_SOURCES)
	cd widget && npm run --silent build

widget: $(WIDGET_JS)

# Only when it is missing (apt needs root, as on the project's machines).
$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

$(DOMAIN): domain.yml clinic.yml content/answers.yml clinic_assistant/build_domain.py clinic_assistant/clinic_config.py clinic_assistant/screening/items.py | $(INSTALLED)
	$(PY) -m clinic_assistant.build_domain

$(MEDICINES): scripts/build_medicine_names.py constraints.txt | $(INSTALLED)
	$(PY) scripts/build_medicine_names.py

$(MODEL): $(TRAIN_INPUTS) | $(INSTALLED)
	$(RASA) train --domain $(DOMAIN) --config config.yml --data data --out models --fixed-model-name current
	@touch $@

model: $(MODEL)

validate: $(DOMAIN) | $(INSTALLED)
	$(PY) -m pytest -q tests/test_data_validation.py

run: $(MODEL) $(MEDICINES) $(WIDGET_JS)
	$(PY) -m clinic_assistant run

test: $(MODEL) $(MEDICINES) $(WIDGET_JS) $(CHROMIUM) $(COMPOSE) $(NGINX) /usr/bin/podman
	$(TEST_SERVICES) $(PY) -m pytest tests

bench: $(MODEL) $(MEDICINES)
	$(PY) -m bench.run
	$(PY) -m bench.console_bench
	$(PY) scripts/bench_adversarial.py --json results/adversarial.json

# Trains the candidate NLU pipelines and scores them on the test set (config.yml comments).
compare-pipelines: $(DOMAIN) | $(INSTALLED)
	$(PY) -m bench.nlu_pipelines

# After changing requirements.txt: resolves it without the old pins, then
# rewrites constraints.txt from the resulting .venv.
lock:
	@test -x $(PY) || "$$(scripts/find_python310.sh)" -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-nodeps.txt
	( echo "# Every installed package, pinned (pip freeze of a working .venv). \`make lock\` rewrites it."; $(PY) -m pip freeze --disable-pip-version-check --exclude clinic-assistant ) > constraints.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
	@touch $(INSTALLED)

clean:
	rm -rf build models .rasa results var/logs

$(COMPOSE) $(NGINX):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker-compose nginx

# Two Rasa servers on the production profile behind a failover proxy, 200
# conversations and the fault tests (docs/production.md); results in results/.
loadtest: $(MODEL) | $(INSTALLED)
	$(PY) -m loadtest

# Intent accuracy, macro-F1 and handoff recall on the real-question test set and
# tests/nlu/test_nlu.yml, 5-fold cross-validation with the fallback-threshold
# sweep (testkit/eval_nlu.py, docs/nlu-evaluation.md); results/eval.json and .md.
eval: $(MODEL) | $(INSTALLED)
	$(PY) -m testkit.eval_nlu

# Time per message of every reader that sees visitor text on adversarial input
# (1k-64k characters; docs/security.md); results/adversarial.json.
.PHONY: bench-adversarial
bench-adversarial: $(MEDICINES) | $(INSTALLED)
	$(PY) scripts/bench_adversarial.py --json results/adversarial.json

# Targets of one concern each (containers, docs checks...), kept beside this file.
-include mk/*.mk
