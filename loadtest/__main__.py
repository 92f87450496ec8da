"""`make loadtest`: 200 visitors against two Rasa servers, with faults.

Starts the production profile on a throwaway PostgreSQL database (the action
server, the console, two Rasa servers sharing Redis locks), puts
the failover proxy in front, plays the conversations while killing a Rasa
server, killing and restarting the action server and restarting PostgreSQL,
then checks every conversation in the `events` table and writes results/.
A turn that got no answer is sent again with its message id (testkit/load/client.py):
every turn must end answered, and none run twice.
Everything listens on 127.0.0.1; the run is bounded by --deadline.
"""
from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import time
from typing import Dict, List, Tuple

from testkit.databases import fresh_postgres_url
from testkit.helpers import ROOT
from testkit.load import checks, faults, report
from testkit.load.client import Turn, drive
from testkit.load.cluster import Cluster, production_config
from testkit.load.conversations import conversations
from testkit.load.proxy import FailoverProxy


async def _play(cluster: Cluster, plays, pause: float, deadline: float) -> Tuple[List[Turn], Dict[str, float], float]:
    proxy = FailoverProxy(cluster.rasa_urls)
    await proxy.start()
    turns: List[Turn] = []
    times: Dict[str, float] = {}
    started = time.monotonic()
    injecting = asyncio.create_task(faults.inject(cluster, turns, sum(len(script) for _, script in plays), times))
    try:
        await asyncio.wait_for(drive(proxy.url, plays, turns, pause), deadline)
        await injecting
    finally:
        injecting.cancel()
        await proxy.stop()
    return turns, times, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m loadtest", description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--pause", type=float, default=1.0, help="seconds a visitor waits between turns")
    parser.add_argument("--deadline", type=float, default=900, help="seconds the conversations may take in all")
    args = parser.parse_args()

    workdir = ROOT / "var" / "loadtest"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    plays = conversations(args.conversations)
    with fresh_postgres_url() as database_url:
        cluster = Cluster(production_config(database_url, workdir), workdir)
        print(f"Starting the servers (logs in {workdir.relative_to(ROOT)}/) ...", flush=True)
        cluster.start()
        try:
            print(f"Playing {len(plays)} conversations ...", flush=True)
            turns, times, seconds = asyncio.run(_play(cluster, plays, args.pause, args.deadline))
        finally:
            cluster.stop()
        verdicts = {
            "stored exactly once, in order": checks.stored_exactly_once_in_order(database_url, turns),
            "every turn answered, none run twice": checks.answered_once(database_url, turns),
            "action server killed and restarted": checks.action_outage_gets_fallback_then_answers(turns, times),
            "PostgreSQL restarted": checks.postgres_restart_ridden_out(turns, times, cluster.logs()),
        }
        report.write(ROOT / "results", "make loadtest", report.figures(turns, seconds), verdicts)
        report.write_turns(workdir / "turns.json", turns, times)
    print((ROOT / "results" / "loadtest.md").read_text())
    return 0 if all(check["passed"] for check in verdicts.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
