"""The production profile in containers (docker-compose.yml with Podman), for
`make up`, tests/production/test_containers.py and the container load test.

    python -m testkit.load.containers wait [--project clinic]   waits until every container is healthy

Podman runs health checks from systemd timers; where there is no systemd
(these machines), `wait` runs each container's check itself. Only nginx
publishes ports; the tests add the REST channel on the host's loopback
(docker/compose.loopback-rest.yml) and talk to 127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional

from . import ROOT

CONTAINERS_CONF = ROOT / "docker" / "containers.conf"


def podman_environment() -> Dict[str, str]:
    return {**os.environ, "CONTAINERS_CONF": os.environ.get("CONTAINERS_CONF", str(CONTAINERS_CONF))}


def podman(*args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(["podman", *args], env=podman_environment(), capture_output=True, text=True,
                          check=check, timeout=timeout)


def project_containers(project: str) -> List[str]:
    listing = podman("ps", "-a", "--filter", f"label=io.podman.compose.project={project}", "--format", "{{.Names}}")
    return [name for name in listing.stdout.split() if name]


def wait_healthy(project: str, timeout: float = 600, exclude: tuple = ()) -> Dict[str, str]:
    """Runs every container's health check until all pass; raises with their states on timeout."""
    deadline = time.monotonic() + timeout
    states: Dict[str, str] = {}
    while True:
        for name in project_containers(project):
            if name in exclude or states.get(name) == "healthy":
                continue
            running = podman("inspect", "--format", "{{.State.Status}}", name, check=False).stdout.strip()
            if running != "running":
                states[name] = running or "missing"
                continue
            check = podman("healthcheck", "run", name, check=False, timeout=60)
            states[name] = "healthy" if check.returncode == 0 else (check.stdout + check.stderr).strip()[:200] or "unhealthy"
        if states and all(state == "healthy" for state in states.values()):
            return states
        if time.monotonic() > deadline:
            raise TimeoutError(f"containers of {project} not healthy after {timeout:.0f} s: {json.dumps(states, indent=1)}")
        time.sleep(3)


class ComposeStack:
    """docker-compose.yml plus the loopback REST port, under its own project
    name, with fresh secrets and its own PostgreSQL volume."""

    def __init__(self, project: str, workdir: Path, http_port: int, console_port: int, rest_port: int,
                 **overrides: str) -> None:
        self.project, self.workdir = project, workdir
        self.rest_url = f"http://127.0.0.1:{rest_port}"
        self.public_url = f"http://127.0.0.1:{http_port}"
        self.console_url = f"http://127.0.0.1:{console_port}"
        self.settings = {
            "POSTGRES_PASSWORD": secrets.token_hex(16), "REDIS_PASSWORD": secrets.token_hex(16),
            "RASA_API_TOKEN": secrets.token_hex(16), "ACTION_SERVER_TOKEN": secrets.token_hex(16),
            "WIDGET_ORIGINS": "http://localhost", "HTTP_BIND_ADDRESS": "127.0.0.1", "HTTP_PORT": str(http_port),
            "CONSOLE_HTTP_PORT": str(console_port), "REST_PORT": str(rest_port), **overrides,
        }

    def compose(self, *args: str, check: bool = True, timeout: float = 900) -> subprocess.CompletedProcess:
        # scripts/podman_compose.sh: the settings come from the environment (no env file).
        command = [str(ROOT / "scripts" / "podman_compose.sh"), "", "-p", self.project, "-f", str(ROOT / "docker-compose.yml"),
                   "-f", str(ROOT / "docker" / "compose.loopback-rest.yml"), *args]
        result = subprocess.run(command, cwd=ROOT, env={**podman_environment(), **self.settings},
                                capture_output=True, text=True, timeout=timeout)
        (self.workdir / "compose.log").open("a").write(f"$ {' '.join(args)}\n{result.stdout}\n{result.stderr}\n")
        if check and result.returncode != 0:
            raise RuntimeError(f"podman-compose {' '.join(args)} failed: {result.stderr[-2000:]}")
        return result

    def container(self, service: str) -> str:
        return f"{self.project}_{service}_1"

    def up(self, *services: str) -> None:
        self.compose("up", "-d", "--no-build", *services)

    def down(self) -> None:
        self.compose("down", "-v", check=False, timeout=300)
        for name in project_containers(self.project):
            podman("rm", "-f", name, check=False)
        podman("volume", "rm", "-f", f"{self.project}_postgres-data", check=False)

    def logs(self, service: str, tail: int = 200) -> str:
        result = podman("logs", "--tail", str(tail), self.container(service), check=False)
        return result.stdout + result.stderr

    def psql(self, query: str) -> str:
        """A query in the PostgreSQL container, over its local socket."""
        return podman("exec", self.container("postgres"), "psql", "-U", "clinic", "-d", "clinic", "-tAc", query).stdout.strip()

    def turn(self, sender: str, message: str, timeout: float = 60) -> tuple:
        """One REST turn through nginx: (HTTP status, replies)."""
        request = urllib.request.Request(self.rest_url + "/webhooks/rest/webhook", method="POST",
                                         data=json.dumps({"sender": sender, "message": message}).encode(),
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.loads(response.read() or b"[]")
        except urllib.error.HTTPError as error:
            return error.code, []

    def wait_for_turns(self, timeout: float) -> float:
        """Seconds until a REST turn through nginx is answered (both Rasa servers loaded)."""
        started = time.monotonic()
        while True:
            try:
                status, replies = self.turn(f"warm-up-{secrets.token_hex(4)}", "hi", timeout=30)
                if status == 200 and replies:
                    return time.monotonic() - started
            except OSError:
                pass
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"no REST turn answered through nginx after {timeout:.0f} s:\n"
                                   + "\n".join(f"--- {service}\n{self.logs(service, 30)}" for service in ("rasa1", "proxy")))
            time.sleep(2)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m testkit.load.containers")
    parser.add_argument("command", choices=("wait",))
    parser.add_argument("--project", default="clinic")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args(argv)
    started = time.monotonic()
    states = wait_healthy(args.project, args.timeout)
    print(f"{len(states)} containers of {args.project} healthy after {time.monotonic() - started:.0f} s: {', '.join(sorted(states))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
