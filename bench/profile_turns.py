"""`make profile`: where a turn's time goes, early and late in a long conversation.

Loads the trained model in this process (the Rasa server's code path from the
message to the saved tracker, without HTTP: clinic_assistant/launcher.py's
run_turns_as_served), calling the action server at --actions when given
(else the custom actions fail at once and only Rasa's side counts), sends one conversation of
--turns FAQ turns through it on a throwaway SQLite file with the project's
tracker store, OpenBLAS set as when served, and prints the CPU time per turn in blocks of 50 and
cProfile's top functions over the first and the last 50 turns. CPU time, not
wall time: other processes on the machine slow it less. docs/performance.md
has the findings.
"""
from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import logging
import os
import pstats
import statistics
import tempfile
import time
from pathlib import Path
from typing import Optional

from bench.workload import TURNS
from clinic_assistant import blas_kernels
from components import without_tensorflow

ROOT = Path(__file__).resolve().parents[1]

blas_kernels.for_serving()  # as the Rasa server does, before NumPy loads
without_tensorflow.install()  # before anything imports Rasa


def top_functions(profile: cProfile.Profile, count: int) -> str:
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(count)
    return out.getvalue()


async def run(turns: int, count: int, actions: Optional[str]) -> None:
    import structlog
    from rasa.core.agent import Agent
    from rasa.utils.endpoints import EndpointConfig

    from clinic_assistant.launcher import run_turns_as_served
    from clinic_assistant.stores.tracker_cache import CachedSQLTrackerStore

    run_turns_as_served(os.environ)
    endpoint = EndpointConfig(actions, headers={"Authorization": f"Bearer {os.environ['ACTION_SERVER_TOKEN']}"}) if actions else None

    logging.disable(logging.WARNING)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    with tempfile.TemporaryDirectory() as tmp:
        agent = Agent.load(str(ROOT / "models" / "current.tar.gz"), action_endpoint=endpoint)
        agent.tracker_store = CachedSQLTrackerStore(domain=agent.domain, dialect="sqlite", db=str(Path(tmp) / "t.db"))
        agent.processor.tracker_store = agent.tracker_store
        early, late, cpu = cProfile.Profile(), cProfile.Profile(), []
        for number in range(turns):
            profile = early if number < 50 else late if number >= turns - 50 else None
            started = time.process_time()
            if profile:
                profile.enable()
            await agent.handle_text(TURNS[number % len(TURNS)], sender_id="profiled")
            if profile:
                profile.disable()
            cpu.append((time.process_time() - started) * 1000)
    print("CPU ms per turn (median per 50 turns; the first and last 50 are profiled, hence slower):")
    for start in range(0, turns, 50):
        print(f"  turns {start + 1}-{start + 50}: {statistics.median(cpu[start:start + 50]):.1f}")
    print("\nFirst 50 turns:\n" + top_functions(early, count))
    print("Last 50 turns:\n" + top_functions(late, count))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=300)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--actions", help="a running action server's webhook, e.g. http://127.0.0.1:5055/webhook (its token in ACTION_SERVER_TOKEN)")
    arguments = parser.parse_args()
    os.environ.setdefault("ACTION_SERVER_TOKEN", "profile")
    asyncio.run(run(max(arguments.turns, 100), arguments.top, arguments.actions))


if __name__ == "__main__":
    main()
