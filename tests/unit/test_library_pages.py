"""clinic_assistant/library_pages.py: a process's library pages that no other
process maps are given back to the kernel, and read again from the file when
used. tests/test_rasa_workers.py checks the Rasa server's first process."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap


def test_the_library_pages_only_this_process_maps_are_given_back(tmp_path):
    # A file of its own, so that no other process on the machine maps its pages
    # (NumPy's libraries would be shared with any running server): 8 MiB named
    # like a library, mapped and read in a process of its own.
    library = tmp_path / "libpages.so"
    content = bytes(range(256)) * (8 * 1024 * 4)
    with open(library, "wb") as file:
        file.write(content)
        file.flush()
        os.fsync(file.fileno())  # clean pages, as a library's are
    program = textwrap.dedent(f"""
        import mmap
        from clinic_assistant.library_pages import page_out_libraries
        from testkit.forked_memory import library_private_clean_kib
        with open({str(library)!r}, "rb") as file:
            mapped = mmap.mmap(file.fileno(), 0, flags=mmap.MAP_PRIVATE, prot=mmap.PROT_READ)
        assert sum(mapped[offset + 1] for offset in range(0, len(mapped), 4096)) > 0  # every page read
        before = library_private_clean_kib()
        mappings = page_out_libraries()
        after = library_private_clean_kib()
        assert mapped[:] == open({str(library)!r}, "rb").read()  # read again from the file
        print(before, after, mappings)
    """)
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    before, after, mappings = (int(number) for number in result.stdout.split())
    assert mappings >= 1
    assert before >= 8 * 1024 and after < 1024, (before, after)
