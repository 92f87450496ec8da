"""The reader's ConText comes without QuickUMLS and NLTK (15 MB a server),
and leaves nothing behind that would stop the real QuickUMLS importing."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXPECTED_FINDINGS = "['isotretinoin=no', 'pregnancy=no']"

SCRIPT = """
import sys
from clinic_assistant.screening.reader import reader_for
from pathlib import Path
reader = reader_for(Path("clinic.yml").read_text(encoding="utf-8"))
reading = reader.read("I was on roaccutane but stopped last year, and I am not pregnant")
print(sorted(m for m in sys.modules if m.split(".")[0] in ("quickumls", "nltk")))
print(sorted(f"{item}={finding.answer.value}" for item, finding in reading.findings.items()))
import quickumls
print(quickumls.QuickUMLS.__name__)
"""


def test_reader_loads_without_quickumls_and_quickumls_still_imports():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    modules, findings, quickumls_class = out.stdout.strip().splitlines()[-3:]
    assert modules == "[]"
    # ConText's negation at work: "not pregnant" is a no
    assert findings == EXPECTED_FINDINGS
    assert quickumls_class == "QuickUMLS"
