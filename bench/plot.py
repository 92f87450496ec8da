"""`make bench`'s picture: turn latency against conversation length, and
turns/s against concurrent conversations, for the project and Rasa's default."""
from __future__ import annotations

from pathlib import Path
from typing import Dict

import matplotlib

matplotlib.use("Agg")  # no screen here
import matplotlib.pyplot as plt  # noqa: E402

SERIES = (("project", "this project", "tab:blue"), ("rasa_default", "Rasa default", "tab:orange"))


def draw(project: Dict, baseline: Dict, path: Path) -> None:
    figures = {"project": project, "rasa_default": baseline}
    fig, (length, concurrency) = plt.subplots(1, 2, figsize=(11, 4.2))
    for key, label, colour in SERIES:
        curve = figures[key]["by_length"]
        length.plot([p["turn"] for p in curve], [p["p50_ms"] for p in curve], marker="o", label=f"{label}: latency p50", color=colour)
        cpu = figures[key]["cpu_by_length"]
        length.plot([p["turn"] for p in cpu], [p["mean_ms"] for p in cpu], linestyle="--", label=f"{label}: server CPU", color=colour)
        rows = figures[key]["concurrency"]
        concurrency.plot([r["concurrent"] for r in rows], [r["turns_per_s"] for r in rows], marker="o", label=label, color=colour)
    length.set(title="One conversation: turn latency as it grows", xlabel="message number (p50 of the last 25)",
               ylabel="ms per turn", ylim=(0, None))
    concurrency.set(title="Throughput", xlabel="concurrent conversations", ylabel="turns per second", ylim=(0, None))
    for axes in (length, concurrency):
        axes.grid(alpha=0.3)
        axes.legend()
    fig.tight_layout()
    path.parent.mkdir(exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
