"""clinic_assistant/free_blocks.py: after take_free_blocks(), a forked child's
new objects go to pages of its own instead of copying the parent's pages
that had free blocks."""
from __future__ import annotations

from clinic_assistant.free_blocks import free_blocks, take_free_blocks
from testkit.forked_memory import dirtied_kib_in_a_forked_child

OBJECTS = 20_000  # of 64 bytes each: 1.25 MB


def _new_objects() -> list:
    return [bytes(30) for _ in range(OBJECTS)]


def _pages_with_free_blocks() -> list:
    """One block in eight freed over 200,000 blocks of 64 bytes: free blocks on some 3,000 pages."""
    kept = [bytes(30) for _ in range(200_000)]
    del kept[::8]
    return kept


def test_the_statistics_name_every_size_class():
    assert [size for size, _ in free_blocks()] == list(range(16, 513, 16))


def test_a_forked_childs_new_objects_copy_no_page_of_its_parent():
    parents_objects = _pages_with_free_blocks()
    # Without it the child's objects fill the free blocks: a 4 KiB page copied for every eight (10 MB).
    assert take_free_blocks() >= 25_000
    assert dirtied_kib_in_a_forked_child(_new_objects) < 3 * OBJECTS * 64 // 1024
    assert len(parents_objects) == 175_000
