"""Start the whole assistant: action server, Rasa server, demo page, console.

`make run` runs this; the tests use the same `Stack` so they exercise exactly
what a clinic runs. Each server is `python -m clinic_assistant serve <name>`
(clinic_assistant/launcher.py), the command the containers run. Settings
come from the environment, then the git-ignored .env (created on first run
with fresh secrets), then the defaults below.

Stopping: Ctrl-C, SIGTERM and SIGHUP all stop every server, also while they
are still starting, and a second signal does not cut the shutdown short.
Each server is told to stop when this process dies, however it dies (Linux
PR_SET_PDEATHSIG), so none is left holding its port.
"""
from __future__ import annotations

import ctypes
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from functools import partial
from pathlib import Path
from typing import Dict, Optional, Set

from clinic_assistant.launcher import command
from clinic_assistant.profile import apply_profile, rasa_workers
from clinic_assistant.workers import wait_until_all_listen

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
SECRETS = ("RASA_API_TOKEN", "ACTION_SERVER_TOKEN")
DEFAULTS = {
    "RASA_PORT": "5005",
    "ACTION_PORT": "5055",
    "WEB_PORT": "8080",
    "CONSOLE_PORT": "8090",
    "ACTION_TIMEOUT_SECONDS": "6",
    "CLINIC_SQLITE_PATH": str(ROOT / "var" / "clinic.db"),
    "RASA_TELEMETRY_ENABLED": "false",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
}


def read_env_file(path: Path) -> Dict[str, str]:
    values = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if "=" in line and not line.lstrip().startswith("#"):
                key, value = line.split("=", 1)
                values[key.strip()] = value.strip()
    return values


def settings(env_file: Path = ROOT / ".env") -> Dict[str, str]:
    """Environment > .env > defaults; missing secrets are created and saved."""
    stored = read_env_file(env_file)
    created = {key: secrets.token_urlsafe(24) for key in SECRETS if key not in stored and key not in os.environ}
    if created:
        with env_file.open("a", encoding="utf-8") as handle:
            handle.writelines(f"{key}={value}\n" for key, value in created.items())
        env_file.chmod(0o600)
    merged = {**DEFAULTS, **stored, **created}
    merged.update({key: os.environ[key] for key in [*merged, *SECRETS] if key in os.environ})
    merged.setdefault("CLINIC_DB_URL", f"sqlite:///{merged['CLINIC_SQLITE_PATH']}")
    merged["CREATED_SECRETS"] = ",".join(created)
    return merged


STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1


class Stopped(Exception):
    """A stop signal arrived."""


def _raise_stopped(signum, _frame) -> None:
    raise Stopped(signal.Signals(signum).name)


def _in_child(signal_mask: Set[signal.Signals], die_with_parent: bool) -> None:
    """In the child before exec. The parent blocks the stop signals while it
    spawns, and a blocked signal stays blocked across exec: the server would
    never see SIGTERM, and stop_all would have to kill it after its timeout.
    With `die_with_parent`, SIGTERM when the stack process ends."""
    signal.pthread_sigmask(signal.SIG_SETMASK, signal_mask)
    if die_with_parent:
        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        except OSError:
            pass  # not Linux: stop_all still stops the servers on every signal we can catch


def port_taken(port: int) -> bool:
    """Something on this machine accepts connections on `port`."""
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_for(url: str, timeout: float, process: Optional[subprocess.Popen] = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[-1]} exited with {process.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f}s")


class Stack:
    def __init__(self, config: Dict[str, str], model: Path, log_dir: Path, die_with_parent: bool = False) -> None:
        self.config = config
        self.model = model
        self.log_dir = log_dir
        # `make run` only: Linux ties a child to the *thread* that started it,
        # and the load test starts servers from worker threads that end.
        self.die_with_parent = die_with_parent
        self.processes: Dict[str, subprocess.Popen] = {}

    @property
    def env(self) -> Dict[str, str]:
        env = {**os.environ, **self.config}
        env["PYTHONPATH"] = str(ROOT)
        env["RASA_MODEL"] = str(self.model)
        return env

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.config[name.upper() + '_PORT']}"

    def _spawn(self, name: str) -> subprocess.Popen:
        """`python -m clinic_assistant serve <name>`, as the containers run it."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_dir / f"{name}.log", "ab")
        # No stop signal between starting the process and remembering it.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            process = subprocess.Popen(
                command(name, str(VENV_BIN / "python")), cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True, preexec_fn=partial(_in_child, blocked, self.die_with_parent),
            )
            self.processes[name] = process
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        return process

    def _start(self, name: str, url: str, timeout: float) -> None:
        port = urllib.parse.urlsplit(url).port
        if port_taken(port):
            # Else the other program's answer would pass for this server's.
            raise RuntimeError(
                f"port {port} ({name}) is taken by another program, perhaps another `make run`: "
                "stop it, or set another port in .env (README, \"Ports and variables\")"
            )
        process = self._spawn(name)
        try:
            wait_for(url, timeout, process)
        except RuntimeError as error:  # it exited: its last log line says why (no widget build, no token)
            last = (self.log_dir / f"{name}.log").read_text(errors="replace").strip().splitlines()[-1:]
            raise RuntimeError(f"{error}: {''.join(last)}") from None

    def start_actions(self) -> None:
        self._start("actions", self.url("action") + "/health", 60)

    def start_rasa(self) -> None:
        Path(self.config["CLINIC_SQLITE_PATH"]).parent.mkdir(parents=True, exist_ok=True)
        # Status needs the token; "/" answers as soon as one worker has loaded the model.
        self._start("rasa", self.url("rasa") + "/", 180)
        wait_until_all_listen(self.processes["rasa"].pid, int(self.config["RASA_PORT"]), rasa_workers(self.env), 180)

    def start_web(self) -> None:
        self._start("web", self.url("web") + "/", 30)

    def start_console(self) -> None:
        """The staff console, talking to this stack's Rasa server and database."""
        self.config.setdefault("RASA_URL", self.url("rasa"))
        self._start("console", self.url("console") + "/health", 60)

    def demo_url(self) -> str:
        """The demo clinic page, with the widget pointed at this stack's Rasa server."""
        return f"http://localhost:{self.config['WEB_PORT']}/?server=http://localhost:{self.config['RASA_PORT']}"

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def stop_all(self, timeout: float = 20) -> None:
        """SIGTERM to every server at once, then SIGKILL to any still running after `timeout`."""
        processes, self.processes = dict(self.processes), {}
        for process in processes.values():
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + timeout
        for name, process in processes.items():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                print(f"{name} did not stop within {timeout:.0f} s of SIGTERM: killed (its log: {self.log_dir / name}.log)",
                      file=sys.stderr, flush=True)
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait()


def staff_accounts_exist(db_url: str) -> bool:
    from console.auth import staff_count
    from console.db import make_engine

    return staff_count(make_engine(db_url)) > 0


def main() -> None:
    for signum in STOP_SIGNALS:
        signal.signal(signum, _raise_stopped)
    config = apply_profile(settings())
    log_dir = Path(os.environ.get("CLINIC_LOG_DIR") or ROOT / "var" / "logs")
    stack = Stack(config, ROOT / "models" / "current.tar.gz", log_dir, die_with_parent=True)
    try:
        _run(stack, config)
    except (Stopped, KeyboardInterrupt):
        pass
    finally:
        for signum in STOP_SIGNALS:  # the shutdown itself is not interrupted
            signal.signal(signum, signal.SIG_IGN)
        stack.stop_all()


def _run(stack: Stack, config: Dict[str, str]) -> None:
    stack.start_actions()
    stack.start_rasa()
    stack.start_web()
    stack.start_console()
    print(f"\nThe clinic assistant is running (logs in {stack.log_dir}/):")
    print(f"  demo page     {stack.demo_url()}  (clinic page with the chat widget)")
    print(f"  Rasa server   http://localhost:{config['RASA_PORT']}  (REST: /webhooks/rest/webhook; "
          f"RASA_WORKERS={rasa_workers(stack.env)})")
    print(f"  action server http://127.0.0.1:{config['ACTION_PORT']}  (localhost only)")
    print(f"  staff console http://localhost:{config['CONSOLE_PORT']}  (sign in with a staff account)")
    if not staff_accounts_exist(config["CLINIC_DB_URL"]):
        print("  No staff account yet. Create the first one (you are asked for a password; there is no default):")
        print("    .venv/bin/python -m console create-staff --email you@clinic.example --name 'Your Name' --role admin")
    if "RASA_API_TOKEN" in config["CREATED_SECRETS"]:
        print(f"  new RASA_API_TOKEN saved in .env: {config['RASA_API_TOKEN']}")
    print("Press Ctrl-C to stop.", flush=True)
    while all(process.poll() is None for process in stack.processes.values()):
        time.sleep(1)
    print("A server stopped; see var/logs/.", file=sys.stderr)


if __name__ == "__main__":
    main()
