"""The production profile on this machine: Rasa servers sharing PostgreSQL and
Redis, one action server and the staff console, each
started by clinic_assistant/stack.py's Stack on loopback ports
(`python -m clinic_assistant serve …`, as the containers run them)."""
from __future__ import annotations

import os
import signal
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List

from sqlalchemy.engine import make_url

from channels.credentials import write_credentials
from clinic_assistant.profile import apply_profile
from clinic_assistant.stack import Stack, settings
from testkit.helpers import free_port

from . import ROOT

MODEL = ROOT / "models" / "current.tar.gz"


def production_config(database_url: str, workdir: Path, **overrides: str) -> Dict[str, str]:
    """Settings as a production environment would give them, for a throwaway database."""
    url = make_url(database_url)
    environment = {
        **settings(workdir / ".env"),
        "CLINIC_PROFILE": "production",
        "ACTION_PORT": str(free_port()),
        "CONSOLE_PORT": str(free_port()),
        "CLINIC_SQLITE_PATH": str(workdir / "unused.db"),
        "CLINIC_DB_URL": database_url,
        "POSTGRES_HOST": url.host,
        "POSTGRES_PORT": str(url.port or 5432),
        "POSTGRES_DB": url.database,
        "POSTGRES_USER": url.username,
        "POSTGRES_PASSWORD": url.password or "",
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PASSWORD": "",
        # Locks of this run apart from any other run's on the shared Redis.
        "REDIS_KEY_PREFIX": f"run{uuid.uuid4().hex[:12]}",
        **overrides,
    }
    # Written once here, in the run's directory: otherwise each Rasa server
    # would write the checkout's var/credentials.yml (clinic_assistant/launcher.py).
    environment["RASA_CREDENTIALS"] = str(write_credentials(environment, workdir / "credentials.yml"))
    return apply_profile(environment, environ=environment)


class Cluster:
    def __init__(self, config: Dict[str, str], workdir: Path, servers: int = 2) -> None:
        self.workdir = workdir
        self.rasa = [
            Stack({**config, "RASA_PORT": str(free_port())}, MODEL, workdir / f"rasa{number}") for number in range(servers)
        ]
        # The action server and the console run beside the first Rasa server.
        self.services = self.rasa[0]

    @property
    def rasa_urls(self) -> List[str]:
        return [stack.url("rasa") for stack in self.rasa]

    def start(self) -> None:
        try:
            self.services.start_actions()
            # Rasa takes ~20 s to load the model: load both at once.
            with ThreadPoolExecutor(len(self.rasa)) as pool:
                list(pool.map(Stack.start_rasa, self.rasa))
            self.services.start_console()
        except Exception:
            self.stop()
            raise

    def kill_rasa(self, number: int) -> None:
        _kill(self.rasa[number], "rasa")

    def kill_actions(self) -> None:
        _kill(self.services, "actions")

    def logs(self) -> str:
        return "\n".join(log.read_text(errors="replace") for log in sorted(self.workdir.glob("*/*.log")))

    def stop(self) -> None:
        for stack in self.rasa:
            stack.stop_all()


def _kill(stack: Stack, name: str) -> None:
    """SIGKILL: no clean shutdown, as when a machine or container dies."""
    process = stack.processes.pop(name)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
