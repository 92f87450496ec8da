# One image for the Rasa server, the action server and the staff console: they
# share requirements.txt and the project's packages, and differ only in the
# command docker-compose.yml gives each. `make images` builds it after
# `make model`: the trained model is part of the image.
#
# Build (what `make images` runs; the same with `docker build`):
#   podman build --format docker -f docker/app.Dockerfile --ignorefile docker/app.Dockerfile.dockerignore \
#     --secret id=ca_bundle,src=/etc/ssl/certs/ca-certificates.crt --build-arg PIP_INDEX_URL=... .
# The CA bundle is a build secret: pip trusts the host's certificate
# authorities (a proxy's too) and nothing of it stays in the image.
ARG PYTHON_IMAGE=localhost/clinic-python:3.10
FROM ${PYTHON_IMAGE}

# The package index the host's pip uses (mk/containers.mk reads it).
ARG PIP_INDEX_URL=https://pypi.org/simple

ENV RASA_TELEMETRY_ENABLED=false \
    SQLALCHEMY_SILENCE_UBER_WARNING=1 \
    TF_CPP_MIN_LOG_LEVEL=2 \
    PYTHONPATH=/app

WORKDIR /app
# Every version from constraints.txt; the test tools (pytest, hypothesis,
# Playwright with its browser driver) stay out of the image. Cached as one
# layer until requirements.txt or constraints.txt change.
COPY requirements.txt requirements-nodeps.txt constraints.txt ./
RUN --mount=type=secret,id=ca_bundle,target=/run/secrets/ca_bundle \
    --mount=type=cache,id=clinic-pip,target=/root/.cache/pip \
    if [ -s /run/secrets/ca_bundle ]; then export PIP_CERT=/run/secrets/ca_bundle; fi \
 && grep -v -E '^(pytest|hypothesis|playwright)==' requirements.txt > /tmp/runtime-requirements.txt \
 && pip install --quiet --index-url "$PIP_INDEX_URL" "pip==24.0" \
 && pip install --quiet --index-url "$PIP_INDEX_URL" -r /tmp/runtime-requirements.txt -c constraints.txt \
 && pip check \
 && pip install --quiet --index-url "$PIP_INDEX_URL" --no-deps --require-hashes -r requirements-nodeps.txt \
 && rm /tmp/runtime-requirements.txt \
 && find /usr/local/lib/python3.10 -name __pycache__ -prune -exec rm -rf {} +

RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home clinic \
 && mkdir -p var .rasa && chown clinic:clinic var .rasa

# The code (docker/app.Dockerfile.dockerignore lets in only what runs: no
# .env, .git, tests or local databases), the medicine names and the model last,
# so that retraining rebuilds only the last layers.
COPY . .
RUN test -f models/current.tar.gz || { echo "models/current.tar.gz is missing: run make model first" >&2; exit 1; } \
 && test -f build/medicine_names.json || { echo "build/medicine_names.json is missing: run make model first" >&2; exit 1; } \
 && test -f build/domain.yml || { echo "build/domain.yml is missing: run make model first" >&2; exit 1; }

USER clinic
# Each service sets HEALTHCHECK_URL to its own port (docker-compose.yml);
# without it the Rasa server's.
HEALTHCHECK --interval=15s --timeout=5s --start-period=180s --retries=3 \
  CMD ["python", "/app/docker/healthcheck.py"]
ENTRYPOINT ["tini", "--"]
# Each service names its process (docker-compose.yml); the launcher reads the rest from the environment.
CMD ["python", "-m", "clinic_assistant", "serve", "rasa"]
