# The production profile in containers, with Debian's Podman (docs/production.md).
#   make images    every image of docker-compose.yml, from a Debian base built here
#   make up        the whole profile (podman-compose), secrets in var/production.env
#   make down      stops it (the PostgreSQL volume stays)
#   make backup    pg_dump of the conversations, tickets and console tables, last $(BACKUP_KEEP) kept
#   make restore   restores the newest backup (or BACKUP=file)
#   make k8s-validate   deploy/k8s checked against the Kubernetes schemas, offline

# Podman reads the project's settings (runc, cgroupfs, ulimits), not /etc's.
CONTAINERS_CONF := $(CURDIR)/docker/containers.conf
PODMAN := CONTAINERS_CONF=$(CONTAINERS_CONF) podman
COMPOSE_PROJECT ?= clinic
# Secrets of `make up`, created once with fresh values (git-ignored, never in an image).
PRODUCTION_ENV ?= var/production.env

, := ,
# pip in the builds uses the host's index and trusts the host's certificate
# authorities (a proxy's included), passed as a build secret.
PIP_INDEX_URL ?= $(or $(shell $(PY) -m pip config get global.index-url 2>/dev/null),https://pypi.org/simple)
CA_BUNDLE ?= $(firstword $(wildcard $(PIP_CERT) $(SSL_CERT_FILE) /etc/ssl/certs/ca-certificates.crt))
BUILD := $(PODMAN) build --format docker --layers --timestamp 0
BUILD_SECRETS = $(if $(CA_BUNDLE),--secret id=ca_bundle$(,)src=$(CA_BUNDLE))


.PHONY: podman-setup images image-python image-app image-proxy image-postgres image-redis up down ps backup restore k8s-validate

# Debian's Podman for tests/production/test_containers.py, installed only when
# missing, like Chromium (the Makefile's `test:` lists /usr/bin/podman).
/usr/bin/podman:
	scripts/podman_setup.sh

# Installs podman & co. when missing, builds localhost/debian:bookworm, packs Python 3.10.
podman-setup:
	scripts/podman_setup.sh

image-python: podman-setup
	$(BUILD) -t localhost/clinic-python:3.10 -f docker/python.Dockerfile build/containers/python

# The Rasa server, the action server and the console (one image, the model inside).
image-app: image-python $(MODEL) $(MEDICINES)
	$(BUILD) -t localhost/clinic-assistant-app:latest -f docker/app.Dockerfile \
	  --ignorefile docker/app.Dockerfile.dockerignore $(BUILD_SECRETS) --build-arg PIP_INDEX_URL=$(PIP_INDEX_URL) .

# nginx with the widget bundle.
image-proxy: podman-setup $(WIDGET_JS)
	$(BUILD) -t localhost/clinic-assistant-proxy:latest -f docker/proxy.Dockerfile \
	  --ignorefile docker/proxy.Dockerfile.dockerignore .

image-postgres: podman-setup
	$(BUILD) -t localhost/clinic-postgres:15 -f docker/postgres.Dockerfile docker

image-redis: podman-setup
	$(BUILD) -t localhost/clinic-redis:7 -f docker/redis.Dockerfile docker

images: image-app image-proxy image-postgres image-redis
	@$(PODMAN) images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E 'clinic-|debian:bookworm'

$(PRODUCTION_ENV):
	@mkdir -p $(dir $@)
	@umask 077; for name in POSTGRES_PASSWORD REDIS_PASSWORD RASA_API_TOKEN ACTION_SERVER_TOKEN; do \
	  echo "$$name=$$(openssl rand -hex 24)"; done > $@; \
	  echo "WIDGET_ORIGINS=$${WIDGET_ORIGINS:-http://localhost}" >> $@
	@echo "Wrote fresh secrets to $@ (keep it: the PostgreSQL volume keeps the first password)"

# scripts/podman_compose.sh: podman-compose with the project's Podman settings
# and $(PRODUCTION_ENV)'s values. Debian's podman-compose (1.0.3) also reads a
# .env beside docker-compose.yml (the one `make run` writes) and lets it win
# over the environment: keys set in both take .env's value.
COMPOSE = scripts/podman_compose.sh $(PRODUCTION_ENV) -p $(COMPOSE_PROJECT)

up: images $(PRODUCTION_ENV)
	$(COMPOSE) up -d --no-build
	CONTAINERS_CONF=$(CONTAINERS_CONF) $(PY) -m testkit.load.containers wait --project $(COMPOSE_PROJECT)

down: $(PRODUCTION_ENV)
	$(COMPOSE) down

ps:
	$(PODMAN) ps -a --filter label=io.podman.compose.project=$(COMPOSE_PROJECT) --format '{{.Names}} {{.Status}}'

# Backups of the clinic's database (clinic_assistant/backup.py): from the running
# `make up` stack's PostgreSQL container, or from BACKUP_DATABASE_URL.
BACKUP_DIR ?= var/backups
BACKUP_KEEP ?= 14
POSTGRES_CONTAINER ?= $(COMPOSE_PROJECT)_postgres_1
BACKUP_TARGET = $(if $(BACKUP_DATABASE_URL),--url "$(BACKUP_DATABASE_URL)",--container $(POSTGRES_CONTAINER))
# The services that write to the database stop during a restore.
WRITERS := rasa1 rasa2 actions console

backup:
	CONTAINERS_CONF=$(CONTAINERS_CONF) python3 -m clinic_assistant.backup backup $(BACKUP_TARGET) --dir $(BACKUP_DIR) --keep $(BACKUP_KEEP)

# The newest backup, or BACKUP=path/to/file.
restore:
	$(if $(BACKUP_DATABASE_URL),,$(COMPOSE) stop $(WRITERS))
	CONTAINERS_CONF=$(CONTAINERS_CONF) python3 -m clinic_assistant.backup restore $(BACKUP_TARGET) --dir $(BACKUP_DIR) $(BACKUP)
	$(if $(BACKUP_DATABASE_URL),,$(COMPOSE) start $(WRITERS))

# deploy/k8s against the Kubernetes API schemas, offline: kubernetes-validate
# (PyPI) carries the schemas of each Kubernetes release. Its own venv, so the
# project's constraints stay as they are.
K8S_TOOLS := build/tools/k8s
K8S_VALIDATE := $(K8S_TOOLS)/bin/kubernetes-validate
K8S_VERSION ?= 1.30.0
K8S_MANIFESTS = $(filter-out deploy/k8s/kustomization.yaml,$(wildcard deploy/k8s/*.yaml))

$(K8S_VALIDATE):
	python3 -m venv $(K8S_TOOLS)
	$(K8S_TOOLS)/bin/pip install --quiet --disable-pip-version-check kubernetes-validate==1.37.0

k8s-validate: $(K8S_VALIDATE)
	$(K8S_VALIDATE) --strict --quiet -k $(K8S_VERSION) $(K8S_MANIFESTS)

# The load and fault test against the containers (loadtest/containers_run.py):
# 200 conversations through nginx while a Rasa container is killed, the action
# server stopped and started, Redis and PostgreSQL restarted; results/container-loadtest.md.
.PHONY: container-loadtest
container-loadtest: images
	CONTAINERS_CONF=$(CONTAINERS_CONF) $(PY) -m loadtest.containers_run
