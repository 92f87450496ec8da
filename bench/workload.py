"""What `make bench` sends: FAQ conversations over Rasa's REST channel.

Every loop is bounded and every request has a timeout; loopback only.
"""
from __future__ import annotations

import asyncio
import os
import time
import uuid
from pathlib import Path
from typing import Dict, List, Tuple

import aiohttp

from clinic_assistant.workers import server_processes

TURNS = ["hi", "does it hurt", "how long is the downtime", "how many sessions do i need", "how much is it",
         "when will i see results", "what should i do after", "is it safe", "what are your hours", "thanks"]


def percentile(values: List[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


async def _turn(session: aiohttp.ClientSession, base: str, sender: str, text: str) -> float:
    started = time.monotonic()
    async with session.post(f"{base}/webhooks/rest/webhook", json={"sender": sender, "message": text}) as response:
        await response.read()
        response.raise_for_status()
    return (time.monotonic() - started) * 1000


async def conversation(session: aiohttp.ClientSession, base: str, latencies: List[float], turns: int = len(TURNS)) -> None:
    sender = f"bench-{uuid.uuid4()}"
    for number in range(turns):
        latencies.append(await _turn(session, base, sender, TURNS[number % len(TURNS)]))


async def load(bases: List[str], concurrent: int, conversations: int) -> Dict[str, float]:
    """`conversations` of 10 turns, `concurrent` at a time, spread over `bases`."""
    latencies: List[float] = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        started = time.monotonic()
        for start in range(0, conversations, concurrent):
            batch = range(start, min(start + concurrent, conversations))
            await asyncio.gather(*(conversation(session, bases[number % len(bases)], latencies) for number in batch))
        elapsed = time.monotonic() - started
    return {
        "p50_ms": percentile(latencies, 0.50), "p95_ms": percentile(latencies, 0.95),
        "p99_ms": percentile(latencies, 0.99), "turns_per_s": len(latencies) / elapsed,
    }


def stat_cpu_ms(stat: Path) -> float:
    """CPU time (user + system) in a /proc `stat` file, of a process or a thread."""
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def cpu_ms(pid: int) -> float:
    """CPU time (user + system) the server's processes have used, from /proc."""
    return sum(stat_cpu_ms(Path(f"/proc/{process}/stat")) for process in server_processes(pid))


def memory_mb(pid: int) -> Dict[str, float]:
    """The server's memory: shared pages counted once (PSS summed over its
    processes), and the resident memory (RSS) of its largest process."""
    pss_kib, rss_kib = 0, []
    for process in server_processes(pid):
        try:
            rollup = Path(f"/proc/{process}/smaps_rollup").read_text().splitlines()
        except (ProcessLookupError, FileNotFoundError):
            continue  # a child that exited between the listing and the reading
        kib = {name: int(value.split()[0]) for name, value in
               (line.split(":", 1) for line in rollup if line.startswith(("Pss:", "Rss:")))}
        pss_kib += kib["Pss"]
        rss_kib.append(kib["Rss"])
    return {"pss_mb": pss_kib / 1024, "largest_rss_mb": max(rss_kib) / 1024}


async def long_conversation(base: str, turns: int, server_pid: int) -> Tuple[List[float], List[float]]:
    """One conversation of `turns` FAQ turns: each turn's latency and the
    server's CPU time for it (which other work on the machine disturbs less)."""
    latencies: List[float] = []
    cpu: List[float] = []
    sender = f"bench-long-{uuid.uuid4()}"
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        for number in range(turns):
            before = cpu_ms(server_pid)
            latencies.append(await _turn(session, base, sender, TURNS[number % len(TURNS)]))
            cpu.append(cpu_ms(server_pid) - before)
    return latencies, cpu


def mean_by_length(values: List[float], window: int) -> List[Dict[str, float]]:
    """Mean per `window` consecutive turns (CPU ticks are 10 ms: a median would round)."""
    return [
        {"turn": start + window, "mean_ms": sum(values[start:start + window]) / window}
        for start in range(0, len(values) - window + 1, window)
    ]


def by_length(latencies: List[float], window: int) -> List[Dict[str, float]]:
    """p50 per `window` consecutive turns: (last turn of the window, p50)."""
    return [
        {"turn": start + window, "p50_ms": percentile(latencies[start:start + window], 0.5)}
        for start in range(0, len(latencies) - window + 1, window)
    ]
