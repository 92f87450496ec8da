"""Served Rasa servers side by side: CPU per turn, per thread, and latency.

    python -m bench.ab_turns --variant before=/path/to/old/checkout \\
        --variant after=.:OPENBLAS_NUM_THREADS=1 [--model M] [--rounds 2] [--concurrent 20]

Each variant is a checkout (its components/ and launcher serve the model) and
optional environment variables. The variants are started in turn, round after
round (A B A B ...), each as `python -m clinic_assistant serve rasa` from its
checkout, beside one action server, on a throwaway SQLite file, so the
machine's other work falls on all of them alike; compare them by their ratios
within one run. For each start: the bench's 10-turn FAQ conversations
(bench/workload.py) one at a time (turn p50; the server's CPU per turn from
/proc/<pid>/stat; the same per thread from /proc/<pid>/task/*/stat, Python
threads named from `py-spy dump` when py-spy is installed, the others
"native"), then `--concurrent` conversations at once (turns/s, CPU per turn).
With `--bench-traffic`, instead, `make bench`'s traffic (bench.run.serve_traffic:
the NLU test set, 10 conversations, one of 300 turns, 1 to 40 at once) and
the server's memory (PSS over its processes) right after start and after it.
The model is this checkout's models/current.tar.gz;
`--variant name=...:RASA_MODEL=/path` serves another (Rasa's default
config, as in bench/run.py). docs/performance.md has the findings.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Tuple

import aiohttp

from bench.run import serve_traffic, throwaway_settings
from bench.workload import TURNS, conversation, cpu_ms, load, memory_mb, percentile, stat_cpu_ms
from clinic_assistant.profile import rasa_workers
from clinic_assistant.stack import Stack, wait_for
from clinic_assistant.workers import server_processes, wait_until_all_listen

ROOT = Path(__file__).resolve().parents[1]

PYTHON = Path(sys.executable)


def thread_cpu_ms(pid: int) -> Dict[int, float]:
    """CPU time (user + system) of every thread of the server's processes."""
    times = {}
    for process in server_processes(pid):
        for task in Path(f"/proc/{process}/task").iterdir():
            try:
                times[int(task.name)] = stat_cpu_ms(task / "stat")
            except OSError:
                continue  # the thread ended meanwhile
    return times


def python_thread_names(pid: int) -> Dict[int, str]:
    """OS thread id → Python thread name, from `py-spy dump` (empty without py-spy)."""
    spy = shutil.which("py-spy", path=str(PYTHON.parent)) or shutil.which("py-spy")
    if not spy:
        return {}
    out = subprocess.run([spy, "dump", "--json", "--pid", str(pid)], capture_output=True, text=True, timeout=60).stdout
    names = {}
    for trace in json.loads(out or "[]"):
        if trace.get("os_thread_id"):
            names[int(trace["os_thread_id"])] = trace.get("thread_name") or f"python {trace['thread_id']:#x}"
    return names


class Server:
    """A Rasa server started from a given checkout with extra environment variables."""

    def __init__(self, name: str, root: Path, extra: Dict[str, str], config: Dict[str, str], log_dir: Path) -> None:
        self.name, self.root, self.extra = name, root, extra
        self.stack = Stack(config, Path(extra.get("RASA_MODEL") or ROOT / "models" / "current.tar.gz"), log_dir)
        self.process: subprocess.Popen | None = None

    def start(self) -> float:
        env = {**self.stack.env, **self.extra, "PYTHONPATH": str(self.root)}
        self.stack.log_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.stack.log_dir / f"rasa-{self.name}.log", "ab")
        began = time.monotonic()
        self.process = subprocess.Popen([str(PYTHON), "-m", "clinic_assistant", "serve", "rasa"], cwd=self.root, env=env,
                                        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(self.stack.url("rasa") + "/", 240, self.process)
        wait_until_all_listen(self.process.pid, int(self.stack.config["RASA_PORT"]), rasa_workers(env), 240)
        return time.monotonic() - began

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


async def sequential(base: str, conversations: int) -> List[float]:
    latencies: List[float] = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        for _ in range(conversations):
            await conversation(session, base, latencies)
    return latencies


def measure(server: Server, conversations: int, concurrent: int) -> Dict:
    pid = server.process.pid
    base = server.stack.url("rasa")
    asyncio.run(sequential(base, 2))  # first messages: caches, lazy imports
    names = python_thread_names(pid)
    processes = server_processes(pid)
    threads_before, before = thread_cpu_ms(pid), cpu_ms(pid)
    latencies = asyncio.run(sequential(base, conversations))
    threads_after, after = thread_cpu_ms(pid), cpu_ms(pid)
    turns = len(latencies)
    per_thread: Dict[str, float] = {}
    busy_native = 0
    for tid, spent in threads_after.items():
        label = "main" if tid in processes else names.get(tid, "native")
        used = (spent - threads_before.get(tid, 0.0)) / turns
        per_thread[label] = per_thread.get(label, 0.0) + used
        busy_native += label == "native" and used > 0
    figures = {
        "c1_p50_ms": statistics.median(latencies), "c1_p95_ms": percentile(latencies, 0.95),
        "c1_cpu_ms_per_turn": (after - before) / turns,
        "c1_cpu_ms_per_turn_by_thread": {k: round(v, 2) for k, v in sorted(per_thread.items(), key=lambda kv: -kv[1])},
        "threads": len(threads_after), "native_threads_busy": busy_native,
    }
    if concurrent:
        before = cpu_ms(pid)
        loaded = asyncio.run(load([base], concurrent, 2 * concurrent))
        figures.update({f"c{concurrent}_turns_per_s": loaded["turns_per_s"], f"c{concurrent}_p50_ms": loaded["p50_ms"],
                        f"c{concurrent}_cpu_ms_per_turn": (cpu_ms(pid) - before) / (2 * concurrent * len(TURNS))})
    figures["workers"] = float(len(processes) - 1 or 1)
    figures.update(memory_mb(pid))
    return figures


def measure_bench_traffic(server: Server) -> Dict:
    pid = server.process.pid
    after_start = memory_mb(pid)["pss_mb"]
    figures = serve_traffic(server.stack.url("rasa"), server.stack.config["RASA_API_TOKEN"], pid)
    return {"pss_mb_after_start": after_start, **figures, **memory_mb(pid)}


def profile(server: Server, conversations: int, out: Path) -> None:
    """py-spy's samples of every Python thread, idle ones included, during
    `conversations` more sequential conversations (collapsed stacks), the
    Rasa workers' included (they are the server's child processes)."""
    spy = shutil.which("py-spy", path=str(PYTHON.parent)) or shutil.which("py-spy")
    if not spy:
        print("no profile: py-spy is not installed (.venv/bin/pip install py-spy)", flush=True)
        return
    recorder = subprocess.Popen([spy, "record", "--pid", str(server.process.pid), "--subprocesses", "--threads", "--idle",
                                 "--rate", "250",
                                 "--format", "raw", "--output", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    asyncio.run(sequential(server.stack.url("rasa"), conversations))
    recorder.send_signal(signal.SIGINT)
    recorder.wait(timeout=60)


def parse_variant(text: str) -> Tuple[str, Path, Dict[str, str]]:
    name, _, rest = text.partition("=")
    root, *assignments = rest.split(":")
    return name, Path(root).resolve(), dict(assignment.split("=", 1) for assignment in assignments)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", action="append", required=True, help="name=checkout[:VAR=value...]")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--conversations", type=int, default=10, help="sequential 10-turn conversations per start")
    parser.add_argument("--concurrent", type=int, default=20, help="0: no concurrent load")
    parser.add_argument("--bench-traffic", action="store_true", help="make bench's traffic instead, memory before and after")
    parser.add_argument("--out", type=Path, help="write every figure here as JSON")
    parser.add_argument("--profile", type=Path, help="after the first round's figures, py-spy record into this folder")
    parser.add_argument("--port", type=int, default=5215, help="the Rasa server's; the action server's is 50 above")
    arguments = parser.parse_args()
    variants = [parse_variant(text) for text in arguments.variant]
    with tempfile.TemporaryDirectory(prefix="clinic-ab-") as tmp:
        workdir = Path(tmp)
        config = throwaway_settings(workdir, "ab.db", RASA_PORT=str(arguments.port), ACTION_PORT=str(arguments.port + 50))
        actions = Stack(config, Path(), workdir / "logs")
        actions.start_actions()
        results: Dict[str, List[Dict]] = {name: [] for name, _, _ in variants}
        try:
            for round_number in range(arguments.rounds):
                for name, root, extra in variants:
                    server = Server(name, root, extra, config, workdir / "logs")
                    try:
                        startup = server.start()
                        measured = (measure_bench_traffic(server) if arguments.bench_traffic
                                    else measure(server, arguments.conversations, arguments.concurrent))
                        figures = {"startup_s": startup, **measured}
                        if arguments.profile and round_number == 0:
                            arguments.profile.mkdir(parents=True, exist_ok=True)
                            profile(server, arguments.conversations, arguments.profile / f"{name}.txt")
                    finally:
                        server.stop()
                    results[name].append(figures)
                    print(f"[round {round_number + 1}] {name}: {json.dumps(figures)}", flush=True)
        finally:
            actions.stop_all()
    summary = {}
    for name, runs in results.items():
        summary[name] = {key: statistics.median(run[key] for run in runs)
                         for key in runs[0] if isinstance(runs[0][key], float)}
        print(f"{name} (median of {len(runs)}): " + ", ".join(f"{k} {v:.2f}" for k, v in summary[name].items()))
    first = variants[0][0]
    for name in results:
        if name != first:
            print(f"{name} / {first}: " + ", ".join(
                f"{k} {summary[name][k] / summary[first][k]:.2f}" for k in summary[first] if summary[first][k]))
    if arguments.out:
        arguments.out.write_text(json.dumps({"runs": results, "median": summary}, indent=1))


if __name__ == "__main__":
    main()
