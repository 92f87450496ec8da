"""clinic_assistant/blas_kernels.py: OpenBLAS gets its AVX-512 kernels only
where the CPU has every AVX-512 subset they use, and only when nothing chose
already; a served process runs it on one thread."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clinic_assistant.blas_kernels import AVX512_FLAGS, core_type, for_serving, prefer_avx512

ZEN4 = "processor\t: 0\nflags\t\t: fpu sse sse2 avx avx2 fma " + " ".join(sorted(AVX512_FLAGS)) + " avx512_bf16\n"
AVX2_ONLY = "processor\t: 0\nflags\t\t: fpu sse sse2 avx avx2 fma\n"


def test_the_kernels_follow_the_cpu_flags(tmp_path):
    assert core_type(ZEN4) == "SkylakeX"
    assert core_type(AVX2_ONLY) is None
    assert core_type(ZEN4.replace(" avx512bw", "")) is None
    for text, expected in ((ZEN4, {"OPENBLAS_CORETYPE": "SkylakeX"}), (AVX2_ONLY, {})):
        (tmp_path / "cpuinfo").write_text(text)
        environ = {}
        prefer_avx512(environ, tmp_path / "cpuinfo")
        assert environ == expected


def test_a_value_already_set_or_no_cpuinfo_is_left_alone(tmp_path):
    (tmp_path / "cpuinfo").write_text(ZEN4)
    environ = {"OPENBLAS_CORETYPE": "Haswell"}
    prefer_avx512(environ, tmp_path / "cpuinfo")
    assert environ == {"OPENBLAS_CORETYPE": "Haswell"}
    environ = {}
    prefer_avx512(environ, tmp_path / "missing")
    assert environ == {}


def test_numpy_loaded_afterwards_runs_the_chosen_kernels():
    if core_type(Path("/proc/cpuinfo").read_text()) is None:
        pytest.skip("this CPU lacks AVX-512: OpenBLAS keeps its own choice (the test above)")
    # A fresh interpreter, as the Rasa server is: the kernels OpenBLAS reports it runs.
    env = {key: value for key, value in os.environ.items() if key != "OPENBLAS_CORETYPE"}
    prepare = "from clinic_assistant.blas_kernels import prefer_avx512; prefer_avx512()"
    assert _openblas_in_fresh_interpreter(prepare, "architecture", env) == "SkylakeX"


def _openblas_in_fresh_interpreter(prepare: str, field: str, env: dict) -> str:
    """What threadpoolctl reports of NumPy's OpenBLAS after `prepare` ran in a new interpreter."""
    script = (f"{prepare}; import numpy; from threadpoolctl import threadpool_info; "
              f"print([i[{field!r}] for i in threadpool_info() if i['internal_api'] == 'openblas'][0])")
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env,
                         cwd=Path(__file__).resolve().parents[2])
    return ran.stdout.split()[-1]


def test_a_served_process_runs_openblas_on_one_thread():
    # The Rasa server's launcher calls for_serving (clinic_assistant/launcher.py);
    # without it NumPy's OpenBLAS starts a thread per core, and spins them.
    env = {key: value for key, value in os.environ.items() if key != "OPENBLAS_NUM_THREADS"}
    prepare = "from clinic_assistant.blas_kernels import for_serving; for_serving()"
    assert int(_openblas_in_fresh_interpreter(prepare, "num_threads", env)) == 1
    if os.cpu_count() > 1:
        assert int(_openblas_in_fresh_interpreter("pass", "num_threads", env)) > 1


@pytest.mark.parametrize("environ, expected", [
    ({"OPENBLAS_NUM_THREADS": "2"}, {"OPENBLAS_NUM_THREADS": "2"}),  # a comparison run's choice is kept
    ({}, {"OPENBLAS_NUM_THREADS": "1"}),
])
def test_one_thread_unless_a_count_is_set(tmp_path, environ, expected):
    (tmp_path / "cpuinfo").write_text(AVX2_ONLY)
    for_serving(environ, tmp_path / "cpuinfo")
    assert environ == expected
