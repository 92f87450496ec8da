"""The load test's figures and verdicts, written to results/loadtest.json and .md."""
from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Dict, List

from .client import Turn


def percentile(values: List[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def figures(turns: List[Turn], seconds: float) -> Dict:
    answered = [turn.seconds for turn in turns if turn.acknowledged]
    return {
        "conversations": len({turn.sender for turn in turns}),
        "turns": len(turns),
        "acknowledged": len(answered),
        "errors": dict(Counter(str(turn.status) for turn in turns if not turn.acknowledged)),
        "seconds": round(seconds, 1),
        "turns_per_second": round(len(answered) / seconds, 1),
        "latency_seconds": {
            "mean": round(statistics.fmean(answered), 2) if answered else 0,
            **{f"p{int(share * 100)}": round(percentile(answered, share), 2) for share in (0.5, 0.95, 0.99)},
            "max": round(max(answered, default=0), 2),
        },
    }


def write(results_dir: Path, command: str, summary: Dict, checks: Dict[str, Dict]) -> None:
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / "loadtest.json").write_text(json.dumps({"command": command, **summary, "checks": checks}, indent=2) + "\n")
    latency = summary["latency_seconds"]
    lines = [
        "# Load and fault test", "",
        (f"`{command}`: {summary['conversations']} concurrent conversations, {summary['turns']} turns, "
         f"two Rasa servers (one killed mid-run) on PostgreSQL and Redis behind the failover proxy."), "",
        "| turns/s | p50 | p95 | p99 | max | acknowledged | errors |",
        "|---:|---:|---:|---:|---:|---:|---|",
        (f"| {summary['turns_per_second']} | {latency['p50']} s | {latency['p95']} s | {latency['p99']} s "
         f"| {latency['max']} s | {summary['acknowledged']}/{summary['turns']} | {summary['errors'] or 'none'} |"), "",
        "| check | passed | detail |", "|---|---|---|",
        *(f"| {name} | {'yes' if check['passed'] else '**NO**'} | {check['detail']} |" for name, check in checks.items()),
        "",
    ]
    (results_dir / "loadtest.md").write_text("\n".join(lines))


def write_turns(path: Path, turns: List[Turn], times: Dict[str, float]) -> None:
    """Every turn and the fault times, for looking into a failed check."""
    path.write_text(json.dumps({"faults": times, "turns": [asdict(turn) for turn in turns]}, indent=1))
