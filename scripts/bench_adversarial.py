"""Adversarial input: time per message of every reader that sees visitor text.

    .venv/bin/python scripts/bench_adversarial.py [--repeat 5] [--json results/adversarial.json]

For 1k, 4k, 16k and 64k characters of repeated letters, alternating letters,
spaced letters, separators, commas, short words, long words, digits used as
letters and text without "@", it times (best of --repeat runs):

- the red-flag reader (clinic_assistant/safety/red_flags.assess), which runs on the
  Rasa server's event loop for every message;
- the NLU guard's normalisation (components/input_guard.guard_text);
- the phone/e-mail finder and redaction (actions/pii), used by exports and
  the contact form;
- the cutting of a message into questions (clinic_assistant/questions.py),
  in the NLU graph for every message (of at most 1,000 characters there).

Channels accept at most MAX_CHANNEL_CHARS (20,000) characters, so the 64k
row shows the reader's own cap (MAX_READ_CHARS) at work. The issue's target:
time grows linearly and stays under 50 ms at the channel's maximum size.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from clinic_assistant import pii
from clinic_assistant.limits import MAX_CHANNEL_CHARS, MAX_READ_CHARS, MAX_READ_WORDS
from clinic_assistant.questions import split_questions
from clinic_assistant.safety.red_flags import assess
from components.input_guard import guard_text

ROOT = Path(__file__).resolve().parents[1]

SIZES = (1_000, 4_000, 16_000, MAX_CHANNEL_CHARS, 64_000)
PATTERNS = {
    "aaaa": "a",
    "abab": "ab",
    "a b a b": "a b ",
    "a.b-a_b*": "a.b-a_b*",
    "a/b|a~b": "a/b|a~b",
    ",,,,": ",",
    ", , , ": ", ",
    "ab ab": "ab ",
    "a ab a": "a ab ",
    "ab,ab,": "ab,",
    "swell swell": "swell ",
    "long words": "swellingbreathingchest" * 20 + " ",
    "c4nt br3athe": "c4nt br3athe ",
    "no @ text": "name.surname+tag_",
    "digits": "1 2 3 4 5 6 7 ",
    "zero-width": "s\u200bw\u200be\u200bl\u200bl ",
    "ordinary": "so I had my session and I wanted to ask about makeup and aftercare, ",
    "spaces": " ",
    "joined questions": ", and is it ",
}
READERS = {
    "red flags": assess,
    "normalise": guard_text,
    "pii find": pii.find_contact,
    "pii redact": pii.redact,
    "questions": split_questions,
}


def text_of(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def best_ms(reader, text: str, repeat: int) -> float:
    """CPU time of this process (other programs on a shared machine do not count)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        reader(text)
        best = min(best, time.process_time() - start)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    assess("warm up the word lists"), pii.redact("x")
    results = {}
    print(f"CPU ms per message (best of {args.repeat}); channels accept {MAX_CHANNEL_CHARS:,} characters, "
          f"the red-flag reader reads {MAX_READ_CHARS:,} characters and {MAX_READ_WORDS:,} words")
    header = "reader       input           " + "".join(f"{size:>9,}" for size in SIZES)
    print(header)
    worst_at_limit = 0.0
    for reader_name, reader in READERS.items():
        for name, unit in PATTERNS.items():
            row = [best_ms(reader, text_of(unit, size), args.repeat) for size in SIZES]
            results.setdefault(reader_name, {})[name] = dict(zip(map(str, SIZES), row))
            worst_at_limit = max(worst_at_limit, row[SIZES.index(MAX_CHANNEL_CHARS)])
            print(f"{reader_name:<12} {name:<15} " + "".join(f"{ms:9.1f}" for ms in row))
    print(f"slowest reader at the channel limit ({MAX_CHANNEL_CHARS:,} characters): {worst_at_limit:.1f} ms")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"sizes": SIZES, "ms": results, "worst_at_limit_ms": worst_at_limit}, indent=1))


if __name__ == "__main__":
    main()
