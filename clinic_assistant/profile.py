"""The deployment profile: which endpoints file Rasa gets and what it needs.

CLINIC_PROFILE=development (the default) keeps `make run`'s SQLite setup;
CLINIC_PROFILE=production selects endpoints.production.yml (PostgreSQL
tracker store, Redis lock store) and points CLINIC_DB_URL (tickets, staff
console) at the same PostgreSQL database. In production, secrets are taken
from the environment only, never from .env or a default.
"""
from __future__ import annotations

import os
from typing import Dict, Mapping

from sqlalchemy.engine import URL

ENDPOINTS = {"development": "endpoints.yml", "production": "endpoints.production.yml"}
PRODUCTION_SECRETS = ("RASA_API_TOKEN", "ACTION_SERVER_TOKEN", "POSTGRES_PASSWORD", "REDIS_PASSWORD")
PRODUCTION_REQUIRED = ("POSTGRES_HOST", "POSTGRES_DB", "POSTGRES_USER", "REDIS_HOST")
PRODUCTION_DEFAULTS = {
    "ACTION_HOST": "127.0.0.1",
    "POSTGRES_PORT": "5432",
    "REDIS_PORT": "6379",
    "REDIS_DB": "1",
    # Rasa allows letters and digits only.
    "REDIS_KEY_PREFIX": "clinic",
    # Connections waiting to be accepted by a busy Rasa server (Rasa's default
    # 100 made the load test's visitors see resets once one server was left).
    "SANIC_BACKLOG": "1024",
}
# Development: one Sanic worker per core, at most two (each loads the model:
# about 300 MB more), sharing the SQLite lock store. Production: one per Rasa
# server (its container), which scales by adding servers.
MAX_DEVELOPMENT_WORKERS = 2


class ProfileError(RuntimeError):
    pass


def apply_profile(config: Dict[str, str], environ: Mapping[str, str] = os.environ) -> Dict[str, str]:
    """Returns `config` (clinic_assistant/stack.py's settings) completed for CLINIC_PROFILE."""
    profile = environ.get("CLINIC_PROFILE") or config.get("CLINIC_PROFILE") or "development"
    if profile not in ENDPOINTS:
        raise ProfileError(f"CLINIC_PROFILE={profile!r}: expected one of {', '.join(ENDPOINTS)}")
    completed = {**config, "CLINIC_PROFILE": profile, "RASA_ENDPOINTS": ENDPOINTS[profile]}
    return _production_settings(completed, environ) if profile == "production" else completed


def rasa_workers(env: Mapping[str, str]) -> int:
    """The Sanic workers of one Rasa server: RASA_WORKERS, else the profile's default."""
    value = env.get("RASA_WORKERS")
    if not value:
        if (env.get("CLINIC_PROFILE") or "development") == "production":
            return 1
        return min(MAX_DEVELOPMENT_WORKERS, len(os.sched_getaffinity(0)))
    if not value.isdigit() or int(value) < 1:
        raise ProfileError(f"RASA_WORKERS={value!r}: expected a whole number, 1 or more")
    return int(value)


def _production_settings(config: Dict[str, str], environ: Mapping[str, str]) -> Dict[str, str]:
    """Environment > config (.env) > defaults, except secrets: environment only."""
    values = {**PRODUCTION_DEFAULTS, **config}
    values.update({key: environ[key] for key in [*PRODUCTION_DEFAULTS, *PRODUCTION_REQUIRED] if key in environ})
    # An empty password is allowed (trust auth, Redis without AUTH) but must be set on purpose.
    missing = [key for key in PRODUCTION_SECRETS if key not in environ]
    missing += [key for key in PRODUCTION_REQUIRED if not values.get(key)]
    if missing:
        raise ProfileError(f"CLINIC_PROFILE=production needs these environment variables: {', '.join(missing)}")
    values.update({key: environ[key] for key in PRODUCTION_SECRETS})
    # Tickets and the staff console live in the conversations' database unless told otherwise.
    values["CLINIC_DB_URL"] = environ.get("CLINIC_DB_URL") or postgres_url(values)
    return values


def postgres_url(values: Mapping[str, str]) -> str:
    """The SQLAlchemy URL of the database the tracker store uses."""
    url = URL.create(
        "postgresql",
        username=values["POSTGRES_USER"],
        password=values["POSTGRES_PASSWORD"] or None,
        host=values["POSTGRES_HOST"],
        port=int(values["POSTGRES_PORT"]),
        database=values["POSTGRES_DB"],
    )
    return url.render_as_string(hide_password=False)
