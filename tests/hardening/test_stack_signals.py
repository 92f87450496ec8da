"""`make run` (clinic_assistant/stack.py) stops every server on SIGTERM as well as on
Ctrl-C, also while they are still starting, so the next start finds its
ports free (issue 13). Runs the real script with the real servers."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from testkit.helpers import MODEL, free_port

ROOT = Path(__file__).resolve().parents[2]
PORTS = ("RASA_PORT", "ACTION_PORT", "WEB_PORT", "CONSOLE_PORT")


def listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def children_of(pid: int):
    """Processes whose session leader's parent is `pid` (each server runs in its own session)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def stack_process(tmp_path):
    if not MODEL.exists():
        pytest.fail("models/current.tar.gz is missing: run `make model`")
    ports = {name: free_port() for name in PORTS}
    env = {
        **os.environ,
        **{name: str(port) for name, port in ports.items()},
        "RASA_API_TOKEN": "stack-signal-test-token", "ACTION_SERVER_TOKEN": "stack-signal-test-secret",
        "CLINIC_SQLITE_PATH": str(tmp_path / "clinic.db"), "CLINIC_LOG_DIR": str(tmp_path / "logs"),
        "PYTHONPATH": str(ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, "clinic_assistant/stack.py"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    yield process, ports, tmp_path / "logs"
    servers = children_of(process.pid)  # before the kill: then they would belong to init
    if process.poll() is None:
        process.kill()
    for child in servers:
        try:
            os.killpg(child, signal.SIGKILL)
        except ProcessLookupError:
            pass


def blocked_signals(pid: int):
    mask = int(next(line for line in (Path("/proc") / str(pid) / "status").read_text().splitlines()
                    if line.startswith("SigBlk:")).split()[1], 16)
    # Signals Python names only: a server may inherit others blocked (16, SIGSTKFLT, has no name).
    return {known for known in signal.Signals if known < 32 and mask & (1 << (known - 1))}


def wait_until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_sigterm_while_starting_stops_what_has_started(stack_process):
    process, ports, _ = stack_process
    assert wait_until(lambda: listening(ports["ACTION_PORT"]), 120), "the action server did not start"
    servers = children_of(process.pid)
    assert servers  # the action server, and Rasa loading its model
    process.send_signal(signal.SIGTERM)
    assert process.wait(60) == 0
    assert wait_until(lambda: not any(alive(pid) for pid in servers), 30)
    assert not any(listening(port) for port in ports.values())


def shutdown_report(process, log_dir: Path) -> str:
    """What the stack printed (stop_all names a server it had to kill) and each server's last log lines."""
    report = [process.stdout.read()[-2000:]]
    for log in sorted(log_dir.glob("*.log")):
        report.append(f"--- {log.name}\n" + "\n".join(log.read_text(errors="replace").splitlines()[-15:]))
    return "\n".join(report)


def test_sigterm_stops_every_server(stack_process):
    process, ports, log_dir = stack_process
    console = f"http://127.0.0.1:{ports['CONSOLE_PORT']}/health"

    def console_up():
        try:
            return requests.get(console, timeout=2).status_code == 200
        except requests.RequestException:
            return False

    assert wait_until(console_up, 400), "the stack did not start"
    servers = children_of(process.pid)
    assert len(servers) == 4 and all(listening(port) for port in ports.values())
    # Each server can see SIGTERM (the stack blocks it only in itself, while it spawns).
    assert not any(blocked_signals(pid) & {signal.SIGTERM, signal.SIGINT} for pid in servers)
    began = time.monotonic()
    process.send_signal(signal.SIGTERM)
    process.send_signal(signal.SIGTERM)  # a second signal does not cut the shutdown short
    assert process.wait(60) == 0
    # Stopped by the signal, not by stop_all's SIGKILL after 20 s.
    stopped_after = time.monotonic() - began
    assert stopped_after < 15, f"stopped after {stopped_after:.1f} s\n{shutdown_report(process, log_dir)}"
    assert wait_until(lambda: not any(alive(pid) for pid in servers), 30), "a server outlived make run"
    assert not any(listening(port) for port in ports.values())
