"""`rasa data validate` on the rendered domain and data/ must be clean.

Rasa warns about every response that no rule or story names. Ours that are
sent by custom actions (response="utter_...", and per screening item
utter_general_<item>, and utter_ask_screen_<item> for items with a time
window) or the guard policies
cannot appear in rules, so that one warning is accepted only
for responses the code really sends; any other warning fails the test, and so
does a response that nothing sends at all.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from clinic_assistant.answer_parts import AFTERCARE_PRODUCT, PARTS, PRICE_OF_LAST_ANSWER, PRICE_SCOPE, PRICE_TOO_HIGH
from clinic_assistant.no_then import NOT_TOLD, WITH_WHAT_IS_KNOWN
from clinic_assistant.screening.follow_ups import AFTER_BIRTH_QUESTION

ROOT = Path(__file__).resolve().parents[1]
UNUSED = re.compile(r"UserWarning: The utterance '(utter_\w+)' is not used in any story or rule\.")


def responses_sent_by_code() -> set:
    sent = set()
    for folder in ("actions", "channels", "components"):
        for path in (ROOT / folder).rglob("*.py"):
            sent.update(re.findall(r"[\"'](utter_\w+)[\"']", path.read_text(encoding="utf-8")))
    sent.update(part.response for part in PARTS)  # the part of an answer a follow-up asks about
    sent.update(PRICE_OF_LAST_ANSWER.values())  # "how much is that one?" right after an answer
    sent.add(AFTERCARE_PRODUCT)  # "what about vaseline" right after the aftercare
    sent.add(PRICE_SCOPE)  # "is that per area" right after the price
    sent.add(PRICE_TOO_HIGH)  # "ur prices are too high" (stop 48)
    sent.add(AFTER_BIRTH_QUESTION)  # "I had a baby": breastfeeding?
    sent.update(WITH_WHAT_IS_KNOWN.values())  # "ok so no then?" after the pay-later answer (stop 48)
    sent.add(NOT_TOLD)  # "ok so no then?" after another answer that was not told (stop 48)
    clinic = yaml.safe_load((ROOT / "clinic.yml").read_text(encoding="utf-8"))
    for item in clinic["screening"]["items"]:
        sent.add(f"utter_general_{item['id']}")
        if item.get("within_days"):
            sent.add(f"utter_ask_screen_{item['id']}")
    return sent


def test_rasa_data_validate_has_no_unexplained_warnings():
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "rasa"), "data", "validate", "--domain", "build/domain.yml", "--data", "data", "--config", "config.yml"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]

    sent = responses_sent_by_code()
    unexplained = []
    for line in output.splitlines():
        unused = UNUSED.search(line)
        if unused:
            if unused.group(1) not in sent:
                unexplained.append(f"{unused.group(1)} is sent by nothing")
            continue
        # Rasa reports data problems as UserWarnings (DeprecationWarnings are
        # library noise about Rasa's own dependencies).
        if "UserWarning" in line:
            unexplained.append(line.strip())
    assert not unexplained, "\n".join(unexplained)
