"""Fixtures of the console tests: a fresh database (SQLite and PostgreSQL),
the console app on it, and signed-in staff."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from console import auth
from console.app import create_app
from console.settings import ConsoleSettings
from testkit.console_support import PASSWORD, ConsoleClient, tracker_store
from testkit.databases import fresh_postgres_url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'clinic.db'}"
    else:
        with fresh_postgres_url() as url:
            yield url


@pytest.fixture
def settings(db_url, tmp_path, monkeypatch) -> ConsoleSettings:
    monkeypatch.setenv("CONSOLE_TRAINING_FILE", str(tmp_path / "console_reviewed.yml"))
    return ConsoleSettings(db_url=db_url, rasa_url="http://127.0.0.1:9", rasa_token="unused")


@pytest.fixture
def app(settings):
    console = create_app(settings, background=False)
    yield console
    console.ctx.engine.dispose()


@pytest.fixture
def store(db_url, app):
    return tracker_store(db_url)


def signed_in(app, email: str, name: str, role: str) -> ConsoleClient:
    auth.create_staff(app.ctx.engine, email, name, PASSWORD, role)
    client = ConsoleClient(app)
    assert client.sign_in(email).status == 303
    return client


@pytest.fixture
def admin(app) -> ConsoleClient:
    return signed_in(app, "admin@clinic.example", "Ada Admin", "admin")


@pytest.fixture
def staff(app) -> ConsoleClient:
    return signed_in(app, "sam@clinic.example", "Sam Staff", "staff")


@pytest.fixture
def rasa_calls(monkeypatch):
    """Every request the console makes to Rasa's HTTP API: (path, query, body)."""
    calls = []

    async def post(url, params, body):
        calls.append((urlparse(url).path, dict(params), body))

    async def widget_connected(*args, **kwargs):
        return None

    monkeypatch.setattr("console.rasa_api._post", post)
    monkeypatch.setattr("console.rasa_api.widget_connected", widget_connected)
    return calls
