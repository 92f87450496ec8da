"""Private memory a forked child writes: the pages it copies from its parent and its own."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from clinic_assistant.library_pages import is_library


def private_dirty_kib() -> int:
    rollup = Path("/proc/self/smaps_rollup").read_text().splitlines()
    return next(int(line.split()[1]) for line in rollup if line.startswith("Private_Dirty:"))


def dirtied_kib_in_a_forked_child(work: Callable[[], object]) -> int:
    """The growth of a forked child's private dirty memory while it does `work`."""
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:
        try:
            before = private_dirty_kib()
            work()
            os.write(write_end, str(private_dirty_kib() - before).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    os.waitpid(child, 0)
    with os.fdopen(read_end) as answer:
        return int(answer.read())


def library_private_clean_kib(pid: int | str = "self") -> int:
    """The pages of shared-library mappings (`.so`, `.so.N`) that only this process maps, read from their files."""
    total, in_library = 0, False
    with open(f"/proc/{pid}/smaps") as smaps:
        for line in smaps:
            fields = line.split()
            if not fields[0].endswith(":"):  # a mapping's first line: address range, permissions, ..., path
                in_library = len(fields) > 5 and is_library(fields[5])
            elif in_library and fields[0] == "Private_Clean:":
                total += int(fields[1])
    return total
