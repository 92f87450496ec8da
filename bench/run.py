"""`make bench`: this project's config against Rasa's default config.

In one run, both configs are trained on the same data and served by real Rasa
servers (sharing one action server); each is measured on: intent accuracy and
macro-F1 on tests/nlu/test_nlu.yml, REST turn latency p50/p95/p99 with 1 and 20
concurrent conversations, turns per second, start-up time, resident memory and
training time. Ratios are project / baseline. Output: results/bench.json and
results/bench.md. Loopback only; every loop is bounded.
"""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Dict, List

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from report import save_report  # noqa: E402
from nlu_test_set import intent_scores, load_test_examples  # noqa: E402
from stack import Stack, settings  # noqa: E402

RASA = Path(sys.executable).parent / "rasa"
DEFAULT_CONFIG = Path(__import__("rasa").__file__).parent / "engine" / "recipes" / "config_files" / "default_config.yml"
# Rasa's default config trains four networks for 100 epochs each: over 40
# minutes on this 2-core machine. The baseline cuts every one to this many
# epochs (BENCH_BASELINE_EPOCHS=100 for the real thing). Speed and memory per
# turn do not depend on the epochs; the baseline's accuracy does.
BASELINE_EPOCHS = int(os.environ.get("BENCH_BASELINE_EPOCHS", "20"))
TURNS = ["hi", "does it hurt", "how long is the downtime", "how many sessions do i need", "how much is it",
         "when will i see results", "what should i do after", "is it safe", "what are your hours", "thanks"]
CONVERSATIONS_AT_20 = 20
SEQUENTIAL_CONVERSATIONS = 10


def percentile(values: List[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def train(config: Path, out: Path, name: str) -> float:
    started = time.monotonic()
    subprocess.run(
        [str(RASA), "train", "--config", str(config), "--domain", "build/domain.yml", "--data", "data",
         "--out", str(out), "--fixed-model-name", name, "--force"],
        cwd=ROOT, check=True, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return time.monotonic() - started


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def nlu_quality(session: aiohttp.ClientSession, base: str, token: str) -> Dict[str, float]:
    pairs = []
    for text, expected in load_test_examples():
        async with session.post(f"{base}/model/parse?token={token}", json={"text": text}) as response:
            pairs.append((expected, (await response.json())["intent"]["name"]))
    scores = intent_scores(pairs)
    return {"accuracy": scores["accuracy"], "macro_f1": scores["macro_f1"]}


async def conversation(session: aiohttp.ClientSession, base: str, latencies: List[float]) -> None:
    sender = f"bench-{uuid.uuid4()}"
    for text in TURNS:
        started = time.monotonic()
        async with session.post(f"{base}/webhooks/rest/webhook", json={"sender": sender, "message": text}) as response:
            await response.read()
            response.raise_for_status()
        latencies.append((time.monotonic() - started) * 1000)


async def load(base: str, concurrent: int, conversations: int) -> Dict[str, float]:
    latencies: List[float] = []
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        started = time.monotonic()
        for start in range(0, conversations, concurrent):
            batch = range(start, min(start + concurrent, conversations))
            await asyncio.gather(*(conversation(session, base, latencies) for _ in batch))
        elapsed = time.monotonic() - started
    return {
        "p50_ms": percentile(latencies, 0.50), "p95_ms": percentile(latencies, 0.95),
        "p99_ms": percentile(latencies, 0.99), "turns_per_s": len(latencies) / elapsed,
    }


async def measure_server(stack: Stack) -> Dict[str, float]:
    base, token = stack.url("rasa"), stack.config["RASA_API_TOKEN"]
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        figures = await nlu_quality(session, base, token)
    at1 = await load(base, 1, SEQUENTIAL_CONVERSATIONS)
    at20 = await load(base, CONVERSATIONS_AT_20, CONVERSATIONS_AT_20)
    figures.update({f"c1_{k}": v for k, v in at1.items()})
    figures.update({f"c20_{k}": v for k, v in at20.items()})
    return figures


def baseline_config(workdir: Path) -> Path:
    path = workdir / "default_config.yml"
    path.write_text(DEFAULT_CONFIG.read_text().replace("epochs: 100", f"epochs: {BASELINE_EPOCHS}"))
    return path


def run_variant(name: str, config: Path, workdir: Path, base_config: Dict[str, str], port: int) -> Dict[str, float]:
    print(f"[{name}] training {config.name} ...", flush=True)
    training_s = train(config, workdir / "models", name)
    stack = Stack({**base_config, "RASA_PORT": str(port)}, workdir / "models" / f"{name}.tar.gz", workdir / f"logs-{name}")
    started = time.monotonic()
    stack.start_rasa()
    startup_s = time.monotonic() - started
    try:
        figures = asyncio.run(measure_server(stack))
        figures["resident_mb"] = resident_mb(stack.processes["rasa"].pid)
    finally:
        stack.stop("rasa")
    figures.update(training_s=training_s, startup_s=startup_s)
    print(f"[{name}] {json.dumps({k: round(v, 3) for k, v in figures.items()})}", flush=True)
    return figures


ROWS = [
    ("accuracy", "intent accuracy", "{:.3f}"), ("macro_f1", "intent macro-F1", "{:.3f}"),
    ("c1_p50_ms", "latency p50, 1 conversation (ms)", "{:.0f}"), ("c1_p95_ms", "latency p95, 1 conversation (ms)", "{:.0f}"),
    ("c1_p99_ms", "latency p99, 1 conversation (ms)", "{:.0f}"), ("c1_turns_per_s", "turns/s, 1 conversation", "{:.1f}"),
    ("c20_p50_ms", "latency p50, 20 conversations (ms)", "{:.0f}"), ("c20_p95_ms", "latency p95, 20 conversations (ms)", "{:.0f}"),
    ("c20_p99_ms", "latency p99, 20 conversations (ms)", "{:.0f}"), ("c20_turns_per_s", "turns/s, 20 conversations", "{:.1f}"),
    ("startup_s", "server start-up (s)", "{:.1f}"), ("resident_mb", "resident memory (MB)", "{:.0f}"),
    ("training_s", "training time (s)", "{:.0f}"),
]


def markdown(project: Dict[str, float], baseline: Dict[str, float]) -> str:
    lines = [f"| measure | this project | Rasa default config ({BASELINE_EPOCHS} epochs) | ratio |", "|---|---:|---:|---:|"]
    for key, label, fmt in ROWS:
        ratio = project[key] / baseline[key] if baseline[key] else float("nan")
        lines.append(f"| {label} | {fmt.format(project[key])} | {fmt.format(baseline[key])} | {ratio:.2f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="clinic-bench-") as tmp:
        workdir = Path(tmp)
        config = settings(workdir / ".env")
        config.update(ACTION_PORT="5255", WEB_PORT="8280", CLINIC_SQLITE_PATH=str(workdir / "bench.db"),
                      CLINIC_DB_URL=f"sqlite:///{workdir / 'bench.db'}", HANDOFF_WEBHOOK_URL="")
        actions = Stack(config, Path(), workdir / "logs-actions")
        actions.start_actions()
        try:
            project = run_variant("project", ROOT / "config.yml", workdir, config, 5205)
            baseline = run_variant("default", baseline_config(workdir), workdir, config, 5206)
        finally:
            actions.stop_all()
    save_report("bench", {"project": project, "rasa_default": baseline}, markdown(project, baseline))


if __name__ == "__main__":
    main()
