"""The library pages only the Rasa server's first process touched, given back
once its workers listen.

With several Sanic workers the first process loads the model, forks the
workers and then only waits for them. Loading read pages of some hundred
shared libraries (import-time code, relocations, tables) that the workers
never touch: after the bench's traffic the first process still held 48 MB of
file pages mapped by no other process, counted whole in the server's memory
(docs/performance.md, "The first process's library pages, and the heap's
free chunks before the fork").

`page_out_libraries()` asks the kernel to reclaim the pages of the process's
shared-library mappings (`madvise(MADV_PAGEOUT)`, Linux 5.4): it skips any
page another process maps, so what a worker uses stays, and a reclaimed page
is read again from its file if anyone needs it. Only libraries: the model's
weight file is read by the workers' first turns, and anonymous memory has
nowhere to go without swap. Elsewhere (older kernels, no such advice) the
kernel refuses and nothing changes.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import threading
from typing import Iterator, Tuple

from clinic_assistant.workers import wait_until_all_listen

logger = logging.getLogger(__name__)

MADV_PAGEOUT = 21


def is_library(path: str) -> bool:
    """A shared library file (`.so`, `.so.N`), by its name."""
    name = os.path.basename(path)
    return name.endswith(".so") or ".so." in name


def _library_mappings(pid: int | str = "self") -> Iterator[Tuple[int, int]]:
    """(start, length) of each mapping of a shared library file."""
    with open(f"/proc/{pid}/maps") as maps:
        for line in maps:
            fields = line.split(maxsplit=5)
            if len(fields) == 6 and is_library(fields[5].strip()):
                start, end = (int(address, 16) for address in fields[0].split("-"))
                yield start, end - start


def page_out_libraries() -> int:
    """Advises the kernel to reclaim this process's library pages that no other process maps;
    returns how many mappings it took the advice for."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    return sum(libc.madvise(start, length, MADV_PAGEOUT) == 0 for start, length in _library_mappings())


def page_out_once_workers_listen(port: int, workers: int, timeout: float = 600) -> threading.Thread:
    """In the first process, before Sanic forks (the fork copies only the
    thread that calls it): waits in a thread of its own until every worker
    listens on `port`, then pages the libraries out."""
    def run() -> None:
        try:
            wait_until_all_listen(os.getpid(), port, workers, timeout)
        except TimeoutError:
            return  # the server is failing to start; its own logs say why
        taken = page_out_libraries()
        logger.info("Library pages only this process used given back (%d mappings).", taken)

    thread = threading.Thread(target=run, name="library-pages", daemon=True)
    thread.start()
    return thread
