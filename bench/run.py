"""`make bench`: this project against Rasa's default, in one run on one machine.

Both are trained on the same data and served by real Rasa servers sharing one
action server. "Rasa's default" is Rasa's default config (its networks cut to
BENCH_BASELINE_EPOCHS) on Rasa's own SQL tracker store; the project is
config.yml on endpoints.yml. Each is measured on:

- intent accuracy and macro-F1 on tests/nlu/test_nlu.yml;
- turn latency in one conversation of LONG_TURNS FAQ turns, per window of
  WINDOW turns, and the Rasa server's CPU time per turn (does a turn cost
  more at message 300 than at message 1?);
- turn latency and turns/s at 1 to 40 concurrent conversations of 10 turns;
- start-up time and resident memory of the Rasa server (and of the action
  server, once).

Then, for the project only, the production profile (PostgreSQL, Redis lock
store) with one Rasa server, then two, each pinned to its own core with
taskset: turns/s at 20 concurrent conversations.

Goals (docs/performance.md) are checked as ratios within this run. Output:
results/bench.json, results/bench.md, results/bench.png.
"""
from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Dict, List

import aiohttp
import sqlalchemy as sa
import yaml

from bench.plot import draw
from bench.report import save_report
from bench.workload import by_length, load, long_conversation, mean_by_length, memory_mb
from channels.credentials import write_credentials
from clinic_assistant.profile import apply_profile
from clinic_assistant.stack import Stack, settings
from testkit.databases import REDIS_DB, REDIS_HOST, REDIS_PORT, fresh_postgres_url
from testkit.nlu_test_set import intent_scores, load_test_examples

ROOT = Path(__file__).resolve().parents[1]

RASA = Path(sys.executable).parent / "rasa"
DEFAULT_CONFIG = Path(__import__("rasa").__file__).parent / "engine" / "recipes" / "config_files" / "default_config.yml"
# Rasa's default config trains four networks for 100 epochs each: over 40
# minutes on this 2-core machine. The baseline cuts every one to this many
# epochs (BENCH_BASELINE_EPOCHS=100 for the real thing). Speed and memory per
# turn do not depend on the epochs; the baseline's accuracy does.
BASELINE_EPOCHS = int(os.environ.get("BENCH_BASELINE_EPOCHS", "20"))
LONG_TURNS = int(os.environ.get("BENCH_LONG_TURNS", "300"))
WINDOW = 25
CONCURRENCY = (1, 5, 10, 20, 40)
SEQUENTIAL_CONVERSATIONS = 10
# The benchmark is one visitor sending hundreds of messages: not a flood here.
NO_RATE_LIMIT = {"CHANNEL_SENDER_BURST": "1000000", "CHANNEL_SENDER_PER_MINUTE": "100000000"}


def train(config: Path, out: Path, name: str) -> float:
    started = time.monotonic()
    subprocess.run(
        [str(RASA), "train", "--config", str(config), "--domain", "build/domain.yml", "--data", "data",
         "--out", str(out), "--fixed-model-name", name, "--force"],
        cwd=ROOT, check=True, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return time.monotonic() - started


async def nlu_quality(base: str, token: str) -> Dict[str, float]:
    pairs = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        for text, expected in load_test_examples():
            async with session.post(f"{base}/model/parse?token={token}", json={"text": text}) as response:
                pairs.append((expected, (await response.json())["intent"]["name"]))
    scores = intent_scores(pairs)
    return {"accuracy": scores["accuracy"], "macro_f1": scores["macro_f1"]}


def started(stack: Stack, name: str) -> float:
    began = time.monotonic()
    getattr(stack, f"start_{name}")()
    return time.monotonic() - began


def serve_traffic(base: str, token: str, server_pid: int) -> Dict:
    """The bench's traffic to a served Rasa server, in order, and its figures:
    the NLU test set, SEQUENTIAL_CONVERSATIONS conversations, one of
    LONG_TURNS turns, then CONCURRENCY."""
    figures: Dict = dict(asyncio.run(nlu_quality(base, token)))
    single = asyncio.run(load([base], 1, SEQUENTIAL_CONVERSATIONS))
    figures.update({f"c1_{key}": value for key, value in single.items()})
    latencies, cpu = asyncio.run(long_conversation(base, LONG_TURNS, server_pid))
    curve, cpu_curve = by_length(latencies, WINDOW), mean_by_length(cpu, 50)
    figures["by_length"], figures["cpu_by_length"] = curve, cpu_curve
    figures["first_window_p50_ms"], figures["last_window_p50_ms"] = curve[0]["p50_ms"], curve[-1]["p50_ms"]
    figures["first_cpu_ms"], figures["last_cpu_ms"] = cpu_curve[0]["mean_ms"], cpu_curve[-1]["mean_ms"]
    figures["concurrency"] = [
        {"concurrent": c, **asyncio.run(load([base], c, max(2 * c, SEQUENTIAL_CONVERSATIONS)))} for c in CONCURRENCY
    ]
    at20 = next(row for row in figures["concurrency"] if row["concurrent"] == 20)
    figures.update({f"c20_{key}": value for key, value in at20.items() if key != "concurrent"})
    return figures


def measure_variant(name: str, config: Path, endpoints: Path, workdir: Path, base_config: Dict[str, str], port: int) -> Dict:
    print(f"[{name}] training {config.name} ...", flush=True)
    training_s = train(config, workdir / "models", name)
    stack = Stack({**base_config, "RASA_PORT": str(port), "RASA_ENDPOINTS": str(endpoints)},
                  workdir / "models" / f"{name}.tar.gz", workdir / f"logs-{name}")
    startup_s = started(stack, "rasa")
    try:
        figures: Dict = {"training_s": training_s, "startup_s": startup_s}
        figures.update(serve_traffic(stack.url("rasa"), stack.config["RASA_API_TOKEN"], stack.processes["rasa"].pid))
        memory = memory_mb(stack.processes["rasa"].pid)
        figures["resident_mb"], figures["largest_process_rss_mb"] = memory["pss_mb"], memory["largest_rss_mb"]
    finally:
        stack.stop("rasa")
    print(f"[{name}] {json.dumps({k: round(v, 3) for k, v in figures.items() if isinstance(v, float)})}", flush=True)
    return figures


def baseline_files(workdir: Path) -> Dict[str, Path]:
    config = workdir / "default_config.yml"
    config.write_text(DEFAULT_CONFIG.read_text().replace("epochs: 100", f"epochs: {BASELINE_EPOCHS}"))
    endpoints = workdir / "default_endpoints.yml"
    # Rasa's own SQL tracker store (the project's endpoints.yml keeps trackers
    # in memory) and its default lock store, in memory: one Sanic worker.
    project = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    del project["lock_store"]
    project["tracker_store"]["type"] = "SQL"
    endpoints.write_text(yaml.safe_dump(project, sort_keys=False))
    return {"config": config, "endpoints": endpoints}


def production_settings(database_url: str, workdir: Path, base_config: Dict[str, str]) -> Dict[str, str]:
    url = sa.engine.make_url(database_url)
    environment = {
        **base_config, "CLINIC_PROFILE": "production", "CLINIC_DB_URL": database_url,
        "POSTGRES_HOST": url.host, "POSTGRES_PORT": str(url.port or 5432), "POSTGRES_DB": url.database,
        "POSTGRES_USER": url.username, "POSTGRES_PASSWORD": url.password or "",
        "REDIS_HOST": REDIS_HOST, "REDIS_PORT": str(REDIS_PORT), "REDIS_PASSWORD": "", "REDIS_DB": str(REDIS_DB),
        "REDIS_KEY_PREFIX": f"bench{uuid.uuid4().hex[:12]}",
    }
    environment["RASA_CREDENTIALS"] = str(write_credentials(environment, workdir / "credentials.yml"))
    return apply_profile(environment, environ=environment)


def pin(pid: int, core: int) -> None:
    """Every thread of the process on one core."""
    subprocess.run(["taskset", "-a", "-p", "-c", str(core), str(pid)], check=True, stdout=subprocess.DEVNULL)


SCALING_ROUNDS = 3


def measure_scaling(workdir: Path, base_config: Dict[str, str], model: Path) -> Dict[str, float]:
    """Production profile: turns/s at 20 concurrent conversations, 1 server then 2, one core each."""
    with fresh_postgres_url() as database_url:
        config = production_settings(database_url, workdir, base_config)
        actions = Stack({**config, "ACTION_PORT": "5256"}, model, workdir / "logs-prod-actions")
        config["ACTION_PORT"] = "5256"
        servers = [Stack({**config, "RASA_PORT": str(5207 + n)}, model, workdir / f"logs-prod-{n}") for n in range(2)]
        try:
            actions.start_actions()
            for core, server in enumerate(servers):
                server.start_rasa()
                pin(server.processes["rasa"].pid, core)
            urls = [server.url("rasa") for server in servers]
            asyncio.run(load(urls, 10, 20))  # both servers warmed up alike
            # Alternated rounds, the median of each: one round apiece gave
            # 1.57 in one run and 1.68-1.78 in others on this machine.
            rounds = [(asyncio.run(load(urls[:1], 20, 60)), asyncio.run(load(urls, 20, 60))) for _ in range(SCALING_ROUNDS)]
        finally:
            for stack in (*servers, actions):
                stack.stop_all()
    one = statistics.median(r[0]["turns_per_s"] for r in rounds)
    two = statistics.median(r[1]["turns_per_s"] for r in rounds)
    return {"one_server_turns_per_s": one, "two_servers_turns_per_s": two,
            "one_server_p50_ms": statistics.median(r[0]["p50_ms"] for r in rounds),
            "two_servers_p50_ms": statistics.median(r[1]["p50_ms"] for r in rounds),
            "scaling_rounds": [[round(r[0]["turns_per_s"], 1), round(r[1]["turns_per_s"], 1)] for r in rounds]}


GOALS = [
    # (label, value(project, baseline, extra), goal, lower_is_better)
    ("turn p50 at message 300 / at message 1 (project)",
     lambda p, b, x: p["last_window_p50_ms"] / p["first_window_p50_ms"], 1.2, True),
    ("Rasa server CPU per turn at messages 251-300 / 1-50 (project)",
     lambda p, b, x: p["last_cpu_ms"] / p["first_cpu_ms"], 1.2, True),
    ("single-conversation turn p50, ms (project)", lambda p, b, x: p["c1_p50_ms"], 15.0, True),
    ("turns/s at 20 conversations, project / Rasa default", lambda p, b, x: p["c20_turns_per_s"] / b["c20_turns_per_s"], 2.0, False),
    ("action server resident MB", lambda p, b, x: x["actions_resident_mb"], 150.0, True),
    ("Rasa server memory MB, all workers, PSS (project)", lambda p, b, x: p["resident_mb"], 450.0, True),
    ("Rasa server start-up, s (project)", lambda p, b, x: p["startup_s"], 10.0, True),
    ("production profile: turns/s with 2 servers / 1 (one core each)",
     lambda p, b, x: x["two_servers_turns_per_s"] / x["one_server_turns_per_s"], 1.6, False),
]

ROWS = [
    ("accuracy", "intent accuracy", "{:.3f}"), ("macro_f1", "intent macro-F1", "{:.3f}"),
    ("c1_p50_ms", "latency p50, 1 conversation (ms)", "{:.1f}"), ("c1_p95_ms", "latency p95, 1 conversation (ms)", "{:.1f}"),
    ("first_window_p50_ms", f"latency p50, turns 1-{WINDOW} of one conversation (ms)", "{:.1f}"),
    ("last_window_p50_ms", f"latency p50, turns {LONG_TURNS - WINDOW + 1}-{LONG_TURNS} (ms)", "{:.1f}"),
    ("first_cpu_ms", "Rasa server CPU per turn, turns 1-50 (ms)", "{:.1f}"),
    ("last_cpu_ms", f"Rasa server CPU per turn, turns {LONG_TURNS - 49}-{LONG_TURNS} (ms)", "{:.1f}"),
    ("c20_p50_ms", "latency p50, 20 conversations (ms)", "{:.0f}"), ("c20_p95_ms", "latency p95, 20 conversations (ms)", "{:.0f}"),
    ("c20_turns_per_s", "turns/s, 20 conversations", "{:.1f}"),
    ("startup_s", "Rasa server start-up (s)", "{:.1f}"),
    ("resident_mb", "Rasa server memory, all its processes, shared pages once (PSS, MB)", "{:.0f}"),
    ("largest_process_rss_mb", "Rasa server's largest process (worker) resident memory (MB)", "{:.0f}"),
    ("training_s", "training time (s)", "{:.0f}"),
]


def markdown(project: Dict, baseline: Dict, extra: Dict[str, float]) -> str:
    lines = [f"| measure | this project | Rasa default ({BASELINE_EPOCHS} epochs, Rasa's SQL store) | ratio |",
             "|---|---:|---:|---:|"]
    for key, label, fmt in ROWS:
        ratio = project[key] / baseline[key] if baseline[key] else float("nan")
        lines.append(f"| {label} | {fmt.format(project[key])} | {fmt.format(baseline[key])} | {ratio:.2f} |")
    lines += ["", "| concurrent conversations | project turns/s | default turns/s | ratio | project p50 ms | default p50 ms |",
              "|---:|---:|---:|---:|---:|---:|"]
    for mine, theirs in zip(project["concurrency"], baseline["concurrency"]):
        lines.append(f"| {mine['concurrent']} | {mine['turns_per_s']:.1f} | {theirs['turns_per_s']:.1f} | "
                     f"{mine['turns_per_s'] / theirs['turns_per_s']:.2f} | {mine['p50_ms']:.0f} | {theirs['p50_ms']:.0f} |")
    lines += ["", f"Action server: {extra['actions_resident_mb']:.0f} MB resident, start-up {extra['actions_startup_s']:.1f} s.",
              f"Production profile, one core per Rasa server: {extra['one_server_turns_per_s']:.1f} turns/s with one server, "
              f"{extra['two_servers_turns_per_s']:.1f} with two (medians of {SCALING_ROUNDS} alternated rounds: "
              f"{extra['scaling_rounds']}).", "", "| goal | measured | target | met |", "|---|---:|---:|---|"]
    for label, value, goal, lower in GOALS:
        measured = value(project, baseline, extra)
        met = measured <= goal if lower else measured >= goal
        lines.append(f"| {label} | {measured:.2f} | {'≤' if lower else '≥'} {goal:g} | {'yes' if met else 'no'} |")
    return "\n".join(lines) + "\n"


BENCH_PORTS = (5205, 5206, 5207, 5208, 5255, 5256)


def ports_in_use() -> List[int]:
    """A server left on one of the bench's ports would answer for the bench's own."""
    import socket

    busy = []
    for port in BENCH_PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                busy.append(port)
    return busy


def throwaway_settings(workdir: Path, database: str, **ports: str) -> Dict[str, str]:
    """The stack's settings on `ports`, with a SQLite file in `workdir`, no
    webhook and no rate limit: what a measured server runs with."""
    config = settings(workdir / ".env")
    config.update(ports, CLINIC_SQLITE_PATH=str(workdir / database), CLINIC_DB_URL=f"sqlite:///{workdir / database}",
                  HANDOFF_WEBHOOK_URL="", **NO_RATE_LIMIT)
    return config


def main() -> None:
    if ports_in_use():
        raise SystemExit(f"ports {ports_in_use()} are in use: is another `make bench` (or its servers) still running?")
    with tempfile.TemporaryDirectory(prefix="clinic-bench-") as tmp:
        workdir = Path(tmp)
        config = throwaway_settings(workdir, "bench.db", ACTION_PORT="5255", WEB_PORT="8280")
        actions = Stack(config, Path(), workdir / "logs-actions")
        extra: Dict[str, float] = {"actions_startup_s": started(actions, "actions")}
        try:
            baseline_paths = baseline_files(workdir)
            project = measure_variant("project", ROOT / "config.yml", ROOT / "endpoints.yml", workdir, config, 5205)
            # Rasa's in-memory lock store: one process whatever RASA_WORKERS says.
            baseline = measure_variant("default", baseline_paths["config"], baseline_paths["endpoints"], workdir,
                                       {**config, "RASA_WORKERS": "1"}, 5206)
            extra["actions_resident_mb"] = memory_mb(actions.processes["actions"].pid)["largest_rss_mb"]
        finally:
            actions.stop_all()
        extra.update(measure_scaling(workdir, config, workdir / "models" / "project.tar.gz"))
    table = markdown(project, baseline, extra)
    save_report("bench", {"project": project, "rasa_default": baseline, **extra}, table)
    draw(project, baseline, ROOT / "results" / "bench.png")


if __name__ == "__main__":
    main()
