"""The staff console with many conversations (issue 5: "stays fast with
100,000 conversations").

For each database (SQLite, then a throwaway PostgreSQL database) and each
size (a baseline and the full size), in one run: generates the conversations
(testkit/console_data.py), times the console's first indexing pass, starts the
real console in its own process, signs in over HTTP like a browser and times
every page (median and p95 of REQUESTS requests, bounded by SECONDS_PER_PAGE).
Ratios are full size / baseline. Output: results/console_bench.{json,md}.

    python -m bench.console_bench               # 1,000 vs 100,000 (~25 min, 2 cores)
    python -m bench.console_bench --quick       # 1,000 vs 10,000
"""
from __future__ import annotations

import argparse
import functools
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import requests
import sqlalchemy as sa

from bench.report import save_report
from bench.workload import percentile
from clinic_assistant.launcher import command
from console import auth
from console.conversations import PAGE_SIZE
from console.db import (
    conversation_tags,
    conversations,
    create_tables,
    make_engine,
    tags,
)
from console.indexer import index_new_events
from testkit.console_data import COMMON_WORD, RARE_WORD, generate
from testkit.databases import fresh_postgres_url

ROOT = Path(__file__).resolve().parents[1]

REQUESTS = 20
SECONDS_PER_PAGE = 20.0  # a very slow page is measured fewer times, not forever
EXPORTED = 100
EMAIL, PASSWORD = "bench@clinic.example", "bench password 1234"
CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')
TAG = "price question"
TAGGED_SHARE, REVIEWED_SHARE = 0.02, 0.3


def add_staff_work(engine: sa.engine.Engine, seed: int = 11) -> None:
    """Tags and reviews, as staff would have left them, so that the tag and
    review filters have something to find."""
    rng = random.Random(seed)
    with engine.begin() as connection:
        ids = [row[0] for row in connection.execute(sa.select(conversations.c.conversation_id))]
        tag_id = connection.execute(tags.insert().values(name=TAG)).inserted_primary_key[0]
        tagged = rng.sample(ids, max(1, int(len(ids) * TAGGED_SHARE)))
        connection.execute(conversation_tags.insert(), [{"conversation_id": c, "tag_id": tag_id} for c in tagged])
        reviewed = rng.sample(ids, int(len(ids) * REVIEWED_SHARE))
        connection.execute(
            conversations.update().where(conversations.c.conversation_id == sa.bindparam("cid")).values(
                reviewed_by=EMAIL, reviewed_at=time.time()),
            [{"cid": c} for c in reviewed],
        )


def database_mb(engine: sa.engine.Engine, url: str) -> float:
    if engine.dialect.name == "sqlite":
        path = Path(sa.engine.make_url(url).database)
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT pg_database_size(current_database())")).scalar() / 2**20


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def peak_resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@contextmanager
def console_process(url: str, log: Path) -> Iterator[Tuple[str, subprocess.Popen]]:
    """The console as `make run` starts it, with its background
    loops (the index is current already; retention keeps 365 days)."""
    port = free_port()
    env = {**os.environ, "CLINIC_DB_URL": url, "CONSOLE_PORT": str(port), "RASA_URL": "http://127.0.0.1:9"}
    with log.open("w") as out:
        process = subprocess.Popen(command("console", sys.executable), cwd=ROOT, env=env, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                requests.get(f"{base}/health", timeout=2).raise_for_status()
                break
            except requests.RequestException:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the console did not start; see {log}")
                time.sleep(0.5)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def sign_in(base: str) -> Tuple[requests.Session, str]:
    """Signs in like a browser; returns the session and its CSRF token."""
    browser = requests.Session()
    login_csrf = CSRF_FIELD.search(browser.get(f"{base}/login").text).group(1)
    reply = browser.post(f"{base}/login", data={"csrf": login_csrf, "email": EMAIL, "password": PASSWORD}, allow_redirects=False)
    if reply.status_code != 303:
        raise RuntimeError(f"sign-in failed: {reply.status_code}")
    return browser, CSRF_FIELD.search(browser.get(f"{base}/conversations").text).group(1)


def timed(send) -> Dict[str, float]:
    send()  # warm-up: caches and the first-query plans
    latencies: List[float] = []
    stop = time.monotonic() + SECONDS_PER_PAGE
    while len(latencies) < REQUESTS and time.monotonic() < stop:
        started = time.perf_counter()
        reply = send()
        latencies.append((time.perf_counter() - started) * 1000)
        if reply.status_code != 200:  # a redirect would time the sign-in page
            raise RuntimeError(f"{reply.url}: HTTP {reply.status_code}")
    return {"p50_ms": percentile(latencies, 0.5), "p95_ms": percentile(latencies, 0.95), "requests": len(latencies)}


def pages(engine: sa.engine.Engine, count: int) -> Dict[str, Tuple[str, dict]]:
    """What is measured: name -> (path, query or form)."""
    with engine.connect() as connection:
        latest = connection.execute(sa.select(sa.func.max(conversations.c.last_message_at))).scalar()
        ids = [row[0] for row in connection.execute(
            sa.select(conversations.c.conversation_id).order_by(conversations.c.last_message_at.desc()).limit(EXPORTED))]
        longest = connection.execute(
            sa.select(conversations.c.conversation_id).order_by(conversations.c.turns.desc()).limit(1)).scalar()
    day = lambda days_ago: time.strftime("%Y-%m-%d", time.localtime(latest - days_ago * 86400))  # noqa: E731
    return {
        "list page 1": ("/conversations", {}),
        "list deep page (500, or the last)": ("/conversations", {"page": min(500, -(-count // PAGE_SIZE))}),
        "filter channel": ("/conversations", {"channel": "telegram"}),
        "filter intent": ("/conversations", {"intent": "ask_cost"}),
        "filter flag=handoff": ("/conversations", {"flag": "handoff"}),
        "filter review=unreviewed": ("/conversations", {"review": "unreviewed"}),
        "filter tag": ("/conversations", {"tag": TAG}),
        "filter date range (7 days)": ("/conversations", {"date_from": day(37), "date_to": day(30)}),
        f"search common word ({COMMON_WORD})": ("/conversations", {"q": COMMON_WORD}),
        f"search rare word ({RARE_WORD})": ("/conversations", {"q": RARE_WORD}),
        "transcript": ("/transcript", {"id": longest}),
        "dashboard": ("/dashboard", {}),
        "queue": ("/queue", {}),
        f"export {EXPORTED} selected (CSV)": ("POST /export", {"scope": "selected", "format": "csv", "ids": ids}),
    }


def measure(url: str, count: int, workdir: Path) -> Dict[str, object]:
    engine = make_engine(url)
    started = time.monotonic()
    generated = generate(engine, count)
    generate_s = time.monotonic() - started
    create_tables(engine)
    started = time.monotonic()
    indexed = index_new_events(engine)
    index_s = time.monotonic() - started
    add_staff_work(engine)
    auth.create_staff(engine, EMAIL, "Bench Staff", PASSWORD, "staff")
    figures: Dict[str, object] = {
        "conversations": count, "events": generated.events, "tickets": generated.tickets,
        "generate_s": generate_s, "index_s": index_s, "index_events_per_s": indexed / index_s,
        "database_mb": database_mb(engine, url),
    }
    print(f"  {count} conversations: {generated.events} events generated in {generate_s:.0f} s, indexed in {index_s:.0f} s", flush=True)
    latencies = {}
    with console_process(url, workdir / f"console-{engine.dialect.name}-{count}.log") as (base, process):
        browser, csrf = sign_in(base)
        for name, (path, params) in pages(engine, count).items():
            if path.startswith("POST "):
                send = functools.partial(browser.post, base + path[5:], data={"csrf": csrf, **params}, allow_redirects=False)
            else:
                send = functools.partial(browser.get, base + path, params=params, allow_redirects=False)
            latencies[name] = timed(send)
            print(f"    {name}: p50 {latencies[name]['p50_ms']:.0f} ms, p95 {latencies[name]['p95_ms']:.0f} ms", flush=True)
        figures["console_peak_rss_mb"] = peak_resident_mb(process.pid)
    figures["pages"] = latencies
    engine.dispose()
    return figures


@contextmanager
def database(kind: str, workdir: Path, count: int) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{workdir / f'console-{count}.db'}"
    else:
        with fresh_postgres_url() as url:
            yield url


def markdown(results: Dict[str, Dict[str, dict]], baseline: int, full: int) -> str:
    lines = []
    for kind, sizes in results.items():
        small, large = sizes[str(baseline)], sizes[str(full)]
        lines += [f"### {kind}: {baseline:,} vs {full:,} conversations ({small['events']:,} vs {large['events']:,} events)", "",
                  f"| measure | {baseline:,} p50 | {baseline:,} p95 | {full:,} p50 | {full:,} p95 | ratio p50 |",
                  "|---|---:|---:|---:|---:|---:|"]
        for name, at_small in small["pages"].items():
            at_large = large["pages"][name]
            lines.append(f"| {name} (ms) | {at_small['p50_ms']:.0f} | {at_small['p95_ms']:.0f} | {at_large['p50_ms']:.0f} | "
                         f"{at_large['p95_ms']:.0f} | {at_large['p50_ms'] / at_small['p50_ms']:.2f} |")
        for key, label, fmt in (("index_events_per_s", "first indexing (events/s)", "{:,.0f}"), ("index_s", "first indexing (s)", "{:.0f}"),
                                ("console_peak_rss_mb", "console peak RSS (MB)", "{:.0f}"), ("database_mb", "database size (MB)", "{:.0f}"),
                                ("generate_s", "generating the data (s)", "{:.0f}")):
            lines.append(f"| {label} | {fmt.format(small[key])} | | {fmt.format(large[key])} | | {large[key] / small[key]:.2f} |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=100_000, help="the full size (default 100,000)")
    parser.add_argument("--baseline", type=int, default=1_000, help="the baseline size (default 1,000)")
    parser.add_argument("--quick", action="store_true", help="1,000 vs 10,000 conversations")
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    full = 10_000 if args.quick else args.conversations
    results: Dict[str, Dict[str, dict]] = {}
    with tempfile.TemporaryDirectory(prefix="console-bench-") as tmp:
        for kind in args.databases.split(","):
            results[kind] = {}
            for count in (args.baseline, full):
                print(f"[{kind}] {count} conversations", flush=True)
                with database(kind, Path(tmp), count) as url:
                    results[kind][str(count)] = measure(url, count, Path(tmp))
    save_report("console_bench", results, markdown(results, args.baseline, full))


if __name__ == "__main__":
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    main()
