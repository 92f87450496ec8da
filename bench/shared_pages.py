"""How much of each Sanic worker's memory is still its Rasa server master's.

    sudo .venv/bin/python -m bench.shared_pages <pid of the Rasa server>

For every resident page of a worker's heap and anonymous mappings: shared
(the master's physical frame still), copied (written since the fork) or new
(no page of the master there). Copied pages of Python's small-object
allocator (16 KiB pools, CPython 3.10) are told apart by their pool's header:
more blocks in use than in the master (the worker put objects in free
blocks), or as many (it wrote into objects that were there: reference counts,
code objects, hashes). Frames are read from /proc/<pid>/pagemap, which gives
them only to root. docs/performance.md, "What grew while serving", has the
findings.
"""
from __future__ import annotations

import struct
import sys
from collections import Counter
from typing import Dict, List, Optional, Tuple

from clinic_assistant.workers import server_processes

PAGE = 4096
POOL = 16 * 1024
MiB = 1024 * 1024


def writable_anonymous(pid: int) -> List[Tuple[int, int, str]]:
    """(start, end, "[heap]" or "anonymous") of the process's writable heap and anonymous mappings."""
    mappings = []
    for line in open(f"/proc/{pid}/maps"):
        fields = line.split()
        name = fields[5] if len(fields) > 5 else ""
        if "w" in fields[1] and name in ("", "[heap]"):
            start, end = (int(address, 16) for address in fields[0].split("-"))
            mappings.append((start, end, name or "anonymous"))
    return mappings


def frames(pid: int, start: int, end: int) -> List[Optional[int]]:
    """The physical frame of each page in [start, end), None where none is resident."""
    with open(f"/proc/{pid}/pagemap", "rb") as pagemap:
        pagemap.seek(start // PAGE * 8)
        entries = struct.iter_unpack("<Q", pagemap.read((end - start) // PAGE * 8))
        return [entry & ((1 << 55) - 1) if entry >> 63 else None for (entry,) in entries]


def _pool_blocks_in_use(memory, address: int) -> Optional[int]:
    """Blocks in use in the pool holding `address`, or None if no pool header is there."""
    memory.seek(address & ~(POOL - 1))
    count, _free, _next, _previous, indices, offsets = struct.unpack("<6Q", memory.read(48))
    size_class, next_offset = indices >> 32, offsets & 0xFFFFFFFF
    if size_class >= 32 or next_offset > POOL or (count & 0xFFFFFFFF) > POOL:
        return None
    return count & 0xFFFFFFFF


def compare(master: int, worker: int) -> Counter:
    """Pages of the worker by mapping and kind."""
    master_frames: Dict[int, Optional[int]] = {}
    for start, end, _ in writable_anonymous(master):
        master_frames.update(zip(range(start, end, PAGE), frames(master, start, end)))
    pages: Counter = Counter()
    with open(f"/proc/{master}/mem", "rb") as master_memory, open(f"/proc/{worker}/mem", "rb") as worker_memory:
        for start, end, name in writable_anonymous(worker):
            for address, frame in zip(range(start, end, PAGE), frames(worker, start, end)):
                if frame is None:
                    continue
                theirs = master_frames.get(address)
                if theirs is None:
                    pages[name, "new"] += 1
                elif theirs == frame:
                    pages[name, "shared"] += 1
                elif name == "[heap]":
                    pages[name, "copied"] += 1
                else:
                    before, after = _pool_blocks_in_use(master_memory, address), _pool_blocks_in_use(worker_memory, address)
                    kind = ("copied, not a pool" if before is None or after is None
                            else "copied, free blocks taken" if after > before
                            else "copied, objects written")
                    pages[name, kind] += 1
    return pages


def main() -> None:
    server, *workers = server_processes(int(sys.argv[1]))
    for worker in workers:
        pages = compare(server, worker)
        print(f"worker {worker}: " + ", ".join(f"{name} {kind} {count * PAGE / MiB:.1f} MB ({count} pages)"
                                                for (name, kind), count in sorted(pages.items())))


if __name__ == "__main__":
    main()
