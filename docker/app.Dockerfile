# One image for the Rasa server, the action server and the staff console: they
# share requirements.txt and the project's packages, and differ only in the
# command docker-compose.yml gives each. Build after `make model`: the trained
# model is part of the image.
FROM python:3.10-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    RASA_TELEMETRY_ENABLED=false \
    SQLALCHEMY_SILENCE_UBER_WARNING=1 \
    PYTHONPATH=/app

WORKDIR /app
COPY requirements.txt constraints.txt ./
RUN pip install --no-cache-dir "pip==24.0" \
 && pip install --no-cache-dir -r requirements.txt -c constraints.txt

COPY . .
RUN test -f models/current.tar.gz || { echo "models/current.tar.gz is missing: run make model first" >&2; exit 1; } \
 && useradd --system --home-dir /app clinic \
 && mkdir -p var .rasa && chown -R clinic var .rasa
USER clinic
