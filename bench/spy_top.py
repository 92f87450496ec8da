"""Top functions of a `py-spy record --threads --idle -f raw` file, per thread.

    python -m bench.spy_top profile.txt [--top 25] [--thread MainThread] [--self]

Shares are of the thread's samples that were not idle (py-spy marks a thread
idle when it waits: in epoll, a lock, a sleep), inclusive (a function and
what it called) unless --self. bench/ab_turns.py --profile records such files.
"""
from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List, Tuple

# What a waiting thread sits in (a Sanic server waits in uvloop, under `serve`).
IDLE_LEAVES = re.compile(r"^(select|poll|epoll|_run_once|wait|acquire|sleep|recv|accept)\b|\(selectors\.py|\(threading\.py|^serve \(sanic/server/runners\.py")

PROCESS = re.compile(r"^process \d+")


def read(path: Path) -> Dict[str, List[Tuple[List[str], int]]]:
    """Thread label → [(frames root first, samples)]."""
    threads: Dict[str, List[Tuple[List[str], int]]] = defaultdict(list)
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        thread, *frames = stack.split(";")
        # `--subprocesses` puts the processes (parent, then child) before the thread.
        process = ""
        while PROCESS.match(thread) and frames:
            process = PROCESS.match(thread).group(0) + " "
            thread = frames.pop(0)
        thread = process + thread
        threads[thread].append((frames, int(count)))
    return threads


def is_idle(frames: List[str]) -> bool:
    return not frames or bool(IDLE_LEAVES.search(frames[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile", type=Path)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--thread", help="only threads whose label contains this")
    parser.add_argument("--self", action="store_true", help="self time (the leaf frame) instead of inclusive")
    arguments = parser.parse_args()
    for thread, stacks in sorted(read(arguments.profile).items(), key=lambda item: -sum(n for _, n in item[1])):
        if arguments.thread and arguments.thread not in thread:
            continue
        total = sum(n for _, n in stacks)
        busy = [(frames, n) for frames, n in stacks if not is_idle(frames)]
        busy_total = sum(n for _, n in busy)
        print(f"\n{thread}: {total} samples, {busy_total} busy ({busy_total / max(total, 1):.0%})")
        shares: Counter = Counter()
        for frames, n in busy:
            names = [re.sub(r":\d+\)$", ")", frame) for frame in frames]  # per function, not per line
            for name in ([names[-1]] if arguments.self else set(names)):
                shares[name] += n
        for name, n in shares.most_common(arguments.top):
            print(f"  {n / max(busy_total, 1):6.1%}  {name}")


if __name__ == "__main__":
    main()
