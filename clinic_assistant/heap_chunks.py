"""The free chunks of glibc's heap taken before a fork.

What Python's own allocator does not hold (objects over 512 bytes, the item
arrays of lists and dicts, NumPy's small arrays) comes from glibc's malloc.
Loading the model and serving the warm-up turns leave the Rasa server's first
process with megabytes of free chunks between the model's live ones. A Sanic
worker forked from it then put its own allocations there, and the kernel
copied each page of the model it wrote to. `take_free_heap_chunks()` first
hands glibc's wholly free pages back to the kernel (`malloc_trim`), then
allocates, and never touches, every free chunk below the heap's top, so that
a worker's allocations extend the heap with pages of its own
(docs/performance.md, "The first process's library pages, and the heap's free
chunks before the fork").

Only the main arena (the main thread's) is taken: the served process
allocates on its main thread. Without glibc's `mallinfo2` (glibc before
2.33, musl, macOS) nothing is done.
"""
from __future__ import annotations

import ctypes
import ctypes.util

_LARGEST = 1 << 16  # 64 KiB, below glibc's lowest threshold for mmap (128 KiB)
_SMALLEST = 16


class _Mallinfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]


def _libc() -> ctypes.CDLL | None:
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    if not hasattr(libc, "mallinfo2"):
        return None
    libc.mallinfo2.restype = _Mallinfo2
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    libc.sbrk.restype = ctypes.c_void_p
    libc.sbrk.argtypes = [ctypes.c_ssize_t]
    libc.malloc_trim.argtypes = [ctypes.c_size_t]
    return libc


def free_below_top() -> int:
    """Bytes in glibc's free chunks other than the main arena's top (the heap's unused end)."""
    libc = _libc()
    if libc is None:
        return 0
    info = libc.mallinfo2()
    return info.fordblks - info.keepcost


def take_free_heap_chunks() -> int:
    """Returns the wholly free pages to the kernel and fills the main arena's
    free chunks below its top; returns the bytes taken."""
    libc = _libc()
    if libc is None:
        return 0
    libc.malloc_trim(0)
    top_start = libc.sbrk(0) - libc.mallinfo2().keepcost
    taken = 0
    size = _LARGEST
    while size >= _SMALLEST:
        address = libc.malloc(size)
        if not address:
            break
        if address >= top_start:  # from the top (or mapped on its own): no free chunk this size is left
            libc.free(address)
            size //= 2
            continue
        taken += size  # kept for the process's life: nothing frees it
    return taken
