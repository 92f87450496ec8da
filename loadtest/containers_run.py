"""`make container-loadtest`: the load and fault test against the containers.

The same 200 conversations as `make loadtest` (testkit/load/conversations.py),
over the REST channel through nginx (docker/nginx-rest-loopback.conf on the
host's loopback), against `make images`' images under their own compose
project. Meanwhile, at fixed shares of all turns:

  20 %  kill -9 the container of the second Rasa server (podman kill)
  35 %  stop the action server's container, start it 15 s later
  50 %  restart the Redis container (the lock store)
  65 %  restart the PostgreSQL container (the tracker store, tickets, console)

The visitors send a turn that got no answer again with its message id
(testkit/load/client.py). Then the checks of `make loadtest` (every turn
answered and none run twice; every conversation in PostgreSQL exactly as the
visitors were answered, once and in order; the static reply only during the
action server's outage or the database restart; every turn after the
restarts answered) and, per fault, the turns it met: answered, sent again,
unanswered, and lost or duplicated in the database. Writes
results/container-loadtest.md and .json.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List

from testkit.helpers import ROOT, free_port
from testkit.load import checks, ledger, report
from testkit.load.client import Turn, drive
from testkit.load.containers import ComposeStack, podman, wait_healthy
from testkit.load.conversations import ACTION_FAILED, conversations

ACTION_OUTAGE_SECONDS = 15
# Turns answered between the Redis and the PostgreSQL restarts, after the
# settling time, are what redis_restart_ridden_out checks: the PostgreSQL
# restart waits for some, however fast the turns go.
AFTER_REDIS_SECONDS = checks.SETTLING_SECONDS + 10
FAULTS = {  # name: (start key, end key)
    "Rasa server killed": ("rasa_killed", "rasa_gone"),
    "action server stopped and started": ("actions_killed", "actions_back"),
    "Redis restarted": ("redis_restart", "redis_back"),
    "PostgreSQL restarted": ("postgres_restart", "postgres_back"),
}


class LoadStack(ComposeStack):
    def compose(self, *args: str, check: bool = True, timeout: float = 900):
        return super().compose("-f", str(ROOT / "docker" / "compose.loadtest.yml"), *args, check=check, timeout=timeout)


async def _progress(turns: List[Turn], share: float, total: int) -> None:
    while len(turns) < share * total:
        await asyncio.sleep(0.1)


def _wait_postgres(stack: ComposeStack, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if podman("exec", stack.container("postgres"), "pg_isready", "-h", "127.0.0.1", check=False).returncode == 0:
            return
        time.sleep(0.5)
    raise TimeoutError("PostgreSQL did not come back")


async def inject(stack: ComposeStack, turns: List[Turn], total: int, times: Dict[str, float]) -> None:
    run = asyncio.to_thread
    await _progress(turns, 0.2, total)
    times["rasa_killed"] = time.monotonic()
    await run(podman, "kill", "--signal", "KILL", stack.container("rasa2"))
    times["rasa_gone"] = time.monotonic()

    await _progress(turns, 0.35, total)
    times["actions_killed"] = time.monotonic()
    await run(podman, "stop", "--time", "5", stack.container("actions"))
    await asyncio.sleep(ACTION_OUTAGE_SECONDS)
    await run(podman, "start", stack.container("actions"))
    times["actions_back"] = time.monotonic()

    await _progress(turns, 0.5, total)
    times["redis_restart"] = time.monotonic()
    await run(podman, "restart", "--time", "5", stack.container("redis"))
    times["redis_back"] = time.monotonic()

    await asyncio.gather(_progress(turns, 0.65, total), asyncio.sleep(AFTER_REDIS_SECONDS))
    times["postgres_restart"] = time.monotonic()
    await run(podman, "restart", "--time", "10", stack.container("postgres"))
    await run(_wait_postgres, stack)
    times["postgres_back"] = time.monotonic()


async def _play(stack: ComposeStack, plays, pause: float, deadline: float):
    turns: List[Turn] = []
    times: Dict[str, float] = {}
    started = time.monotonic()
    total = sum(len(script) for _, script in plays)
    injecting = asyncio.create_task(inject(stack, turns, total, times))
    try:
        await asyncio.wait_for(drive(stack.rest_url, plays, turns, pause), deadline)
        await injecting
    finally:
        injecting.cancel()
    return turns, times, time.monotonic() - started


def _overlaps(turn: Turn, start: float, end: float) -> bool:
    return turn.started <= end and turn.ended >= start


def per_fault(turns: List[Turn], times: Dict[str, float], database_url: str) -> Dict[str, Dict]:
    """For each fault, the turns in flight while it lasted (plus the settling
    time): answered, sent again, unanswered by status, static fallbacks, and
    the turns of those conversations lost or duplicated in PostgreSQL."""
    stored = ledger.stored_events(database_url, sorted({turn.sender for turn in turns}))
    sent: Dict[str, List[Turn]] = defaultdict(list)
    for turn in sorted(turns, key=lambda t: t.started):
        sent[turn.sender].append(turn)
    lost_in, duplicated_in = {}, {}
    for sender, conversation in sent.items():
        users = [text for kind, text in stored.get(sender, []) if kind == "user"]
        acknowledged = sum(turn.acknowledged for turn in conversation)
        lost_in[sender] = max(0, acknowledged - len(users))
        duplicated_in[sender] = max(0, len(users) - len(conversation))
    result = {}
    for name, (start_key, end_key) in FAULTS.items():
        start, end = times[start_key], times[end_key] + checks.SETTLING_SECONDS
        met = [turn for turn in turns if _overlaps(turn, start, end)]
        senders = {turn.sender for turn in met}
        result[name] = {
            "seconds": round(times[end_key] - times[start_key], 1),
            "turns": len(met),
            "answered": sum(turn.acknowledged for turn in met),
            "sent_again": sum(turn.sends > 1 for turn in met),
            "unanswered": dict(Counter(str(turn.status) for turn in met if not turn.acknowledged)),
            "static_fallbacks": sum(ACTION_FAILED in turn.reply_text and not turn.failed for turn in met),
            "failed_try_again": sum(turn.status == 200 and turn.failed for turn in met),
            "lost": sum(lost_in[sender] for sender in senders),
            "duplicated": sum(duplicated_in[sender] for sender in senders),
        }
    return result


def redis_restart_ridden_out(turns: List[Turn], times: Dict[str, float]) -> Dict:
    after = [turn for turn in turns if turn.started > times["redis_back"] + checks.SETTLING_SECONDS
             and turn.started < times["postgres_restart"]]
    answered = sum(turn.acknowledged for turn in after)
    return {"passed": bool(after) and answered == len(after),
            "detail": f"{len(after)} turns between the Redis restart and the PostgreSQL restart, {answered} answered"}


def write(results: Path, summary: Dict, verdicts: Dict, faults: Dict, startup: float) -> None:
    results.mkdir(parents=True, exist_ok=True)
    (results / "container-loadtest.json").write_text(json.dumps(
        {"command": "make container-loadtest", **summary, "startup_seconds": round(startup), "faults": faults,
         "checks": verdicts}, indent=2) + "\n")
    latency = summary["latency_seconds"]
    lines = [
        "# Load and fault test in containers", "",
        (f"`make container-loadtest`: {summary['conversations']} concurrent conversations, {summary['turns']} turns, "
         f"REST through nginx to two Rasa containers on the PostgreSQL and Redis containers "
         f"(the stack took {startup:.0f} s to answer its first turn)."), "",
        "| turns/s | p50 | p95 | p99 | max | answered | errors |", "|---:|---:|---:|---:|---:|---:|---|",
        (f"| {summary['turns_per_second']} | {latency['p50']} s | {latency['p95']} s | {latency['p99']} s | {latency['max']} s "
         f"| {summary['acknowledged']}/{summary['turns']} | {summary['errors'] or 'none'} |"), "",
        "| fault | lasted | turns met | answered | sent again | unanswered | of which \"try again\" | static fallback | lost | duplicated |",
        "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|",
        *(f"| {name} | {f['seconds']} s | {f['turns']} | {f['answered']} | {f['sent_again']} | {f['unanswered'] or 0} | {f['failed_try_again']} "
          f"| {f['static_fallbacks']} "
          f"| {f['lost']} | {f['duplicated']} |" for name, f in faults.items()), "",
        "| check | passed | detail |", "|---|---|---|",
        *(f"| {name} | {'yes' if check['passed'] else '**NO**'} | {check['detail']} |" for name, check in verdicts.items()), "",
    ]
    (results / "container-loadtest.md").write_text("\n".join(lines))


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m loadtest.containers_run", description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--pause", type=float, default=1.0)
    parser.add_argument("--deadline", type=float, default=1200)
    args = parser.parse_args()
    workdir = ROOT / "var" / "container-loadtest"
    workdir.mkdir(parents=True, exist_ok=True)
    postgres_port = free_port()
    stack = LoadStack(f"clinicload{os.getpid()}", workdir, free_port(), free_port(), free_port(),
                      POSTGRES_HOST_PORT=str(postgres_port))
    database_url = f"postgresql://clinic:{stack.settings['POSTGRES_PASSWORD']}@127.0.0.1:{postgres_port}/clinic"
    plays = conversations(args.conversations)
    try:
        print(f"Starting the containers (project {stack.project}) ...", flush=True)
        stack.up()
        started = time.monotonic()
        # Both Rasa servers (and everything else) healthy, not only the first to answer.
        wait_healthy(stack.project, timeout=900)
        stack.wait_for_turns(timeout=300)
        startup = time.monotonic() - started
        print(f"Playing {len(plays)} conversations through nginx ...", flush=True)
        turns, times, seconds = asyncio.run(_play(stack, plays, args.pause, args.deadline))
        logs = "\n".join(stack.logs(service, tail=100000) for service in ("rasa1", "rasa2"))
        verdicts = {
            "stored exactly once, in order": checks.stored_exactly_once_in_order(database_url, turns),
            "every turn answered, none run twice": checks.answered_once(database_url, turns),
            "action server stopped and started": checks.action_outage_gets_fallback_then_answers(turns, times),
            "Redis restarted": redis_restart_ridden_out(turns, times),
            "PostgreSQL restarted": checks.postgres_restart_ridden_out(turns, times, logs),
        }
        faults = per_fault(turns, times, database_url)
        write(ROOT / "results", report.figures(turns, seconds), verdicts, faults, startup)
        report.write_turns(workdir / "turns.json", turns, times)
        (workdir / "rasa.log").write_text(logs)
        (workdir / "proxy.log").write_text(stack.logs("proxy", tail=100000))
    finally:
        stack.down()
    print((ROOT / "results" / "container-loadtest.md").read_text())
    return 0 if all(check["passed"] for check in verdicts.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
