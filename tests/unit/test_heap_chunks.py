"""clinic_assistant/heap_chunks.py: after take_free_heap_chunks(), a forked
child's allocations from glibc's heap go to pages of its own instead of
copying the parent's pages that had free chunks."""
from __future__ import annotations

from clinic_assistant.heap_chunks import free_below_top, take_free_heap_chunks
from testkit.forked_memory import dirtied_kib_in_a_forked_child

OBJECTS = 2_000  # of 1.5 KB each, over Python's small-object limit (512 bytes): 2.9 MiB from malloc
SIZE = 1_500
_kept_by_the_child: list = []


def _new_objects() -> None:
    # Kept: freed chunks at the heap's end would go back to the kernel before the child measures.
    _kept_by_the_child.extend(b"x" * SIZE + bytes([number % 256]) for number in range(OBJECTS))


def _chunks_with_free_ones_between() -> list:
    """One chunk in eight freed over 40,000 chunks of 1.5 KB: 7 MB free between live ones."""
    kept = [bytes(SIZE) for _ in range(40_000)]
    del kept[::8]
    return kept


def test_a_forked_childs_allocations_copy_no_page_of_its_parent():
    parents_objects = _chunks_with_free_ones_between()
    assert free_below_top() > 5 * 1024 * 1024
    # Without it the child's objects fill the free chunks: a page copied for each (11 MB).
    # (free_below_top() counts other threads' arenas too, which this process's earlier tests may have left.)
    assert take_free_heap_chunks() > 5 * 1024 * 1024
    assert dirtied_kib_in_a_forked_child(_new_objects) < 1.5 * OBJECTS * SIZE // 1024
    assert len(parents_objects) == 35_000
