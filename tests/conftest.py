"""Shared fixtures: the real running stack and a local webhook receiver.

The stack is the one `make run` starts (scripts/stack.py), on test ports with
its own SQLite database, so tests never touch a developer's data.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from helpers import Receiver, Visitor, start_test_stack  # noqa: E402
from stack import Stack  # noqa: E402


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
