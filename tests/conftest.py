"""Shared fixtures: the real running stack and a local webhook receiver.

The stack is the one `make run` starts (clinic_assistant/stack.py), on test ports with
its own SQLite database, so tests never touch a developer's data.

Two tiers. A test that needs more than this Python process (a server of the
stack, PostgreSQL, Redis, a browser, Node, docker-compose or nginx, or the
trained model) is marked `integration` here, from the fixtures it uses and
the files listed below; `make test-unit` runs the others
(`pytest -m "not integration"`), `make test` runs everything.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from clinic_assistant.stack import Stack
from testkit.helpers import Receiver, Visitor, start_test_stack

# Fixtures that start a server or a browser, or load the trained model.
INTEGRATION_FIXTURES = {
    "stack", "visitor", "console",  # this file
    "workers_stack",  # tests/test_rasa_workers.py: the Rasa server with two workers
    "channel_stack", "channel_visitor",  # tests/channels/conftest.py
    "widget_build", "site", "foreign_site", "browser", "make_page", "widget",  # tests/browser/conftest.py
    "app",  # tests/console/conftest.py: the console app, served by Sanic's test client (a server per request)
    "production",  # tests/production/test_profile.py: two Rasa servers on PostgreSQL and Redis
    "scores",  # tests/test_nlu_real.py: parses the test sets with the trained model
}
# Files whose tests reach a database server, Redis, Rasa's CLI or other
# programs without one of those fixtures (relative to tests/).
INTEGRATION_FILES = (
    "production/",  # PostgreSQL, Redis, docker-compose, nginx
    "test_ticket_store.py",  # PostgreSQL
    "test_stories.py",  # `rasa test` with the trained model
    "test_data_validation.py",  # `rasa data validate`
    "hardening/test_stack_signals.py",  # starts and signals the stack
)
TESTS = Path(__file__).resolve().parent


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "integration: needs a server, PostgreSQL, Redis, a browser or the trained model (not in `make test-unit`)"
    )


def _needs_more_than_python(item) -> bool:
    if INTEGRATION_FIXTURES.intersection(getattr(item, "fixturenames", ())):
        return True
    params = getattr(getattr(item, "callspec", None), "params", {})
    if params.get("db_url") == "postgresql":  # tests/console/conftest.py
        return True
    path = Path(str(item.fspath)).resolve()
    relative = path.relative_to(TESTS).as_posix() if TESTS in path.parents else ""
    return relative.startswith(INTEGRATION_FILES)


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if _needs_more_than_python(item):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def webhook() -> Receiver:
    receiver = Receiver()
    yield receiver
    receiver.close()


@pytest.fixture(scope="session")
def stack(tmp_path_factory, webhook) -> Stack:
    running = start_test_stack(tmp_path_factory.mktemp("stack"), webhook)
    yield running
    running.stop_all()


@pytest.fixture
def visitor(stack) -> Visitor:
    return Visitor(stack)


class RunningConsole:
    """The staff console process of the test stack, with accounts made by the CLI's code."""

    PASSWORD = "correct horse battery staple"

    def __init__(self, stack: Stack) -> None:
        from console import auth
        from console.db import create_tables, make_engine

        self.url = stack.url("console")
        self.engine = make_engine(stack.config["CLINIC_DB_URL"])
        create_tables(self.engine)
        self.auth = auth

    def account(self, email: str, name: str, role: str = "staff") -> str:
        if self.auth.sign_in(self.engine, email, self.PASSWORD).staff is None:
            self.auth.create_staff(self.engine, email, name, self.PASSWORD, role)
        return email


@pytest.fixture(scope="session")
def console(stack) -> RunningConsole:
    if "console" not in stack.processes:
        stack.start_console()
    return RunningConsole(stack)
