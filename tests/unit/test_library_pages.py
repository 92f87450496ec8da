"""clinic_assistant/library_pages.py: a process's library pages that no other
process maps are given back to the kernel; what it still uses reads again.
tests/test_rasa_workers.py checks the Rasa server's first process."""
from __future__ import annotations

import subprocess
import sys
import textwrap


def test_the_library_pages_only_this_process_maps_are_given_back():
    # In a process of its own: NumPy and SciPy read some MB of their libraries' pages while loading.
    program = textwrap.dedent("""
        import numpy, scipy.linalg, scipy.sparse
        from clinic_assistant.library_pages import page_out_libraries
        from testkit.forked_memory import library_private_clean_kib
        before = library_private_clean_kib()
        mappings = page_out_libraries()
        after = library_private_clean_kib()
        assert float(scipy.linalg.det(numpy.eye(3))) == 1.0  # the libraries still work, read again from their files
        print(before, after, mappings)
    """)
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    before, after, mappings = (int(number) for number in result.stdout.split())
    assert mappings > 50
    assert before > 4_000 and after < before / 4, (before, after)

