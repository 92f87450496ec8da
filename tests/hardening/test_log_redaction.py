"""Logs carry no phone numbers, e-mail addresses or messaging ids (clinic_assistant/pii.py)."""
from __future__ import annotations

import logging
import os
import subprocess
import sys

from clinic_assistant.pii import pseudonym, pseudonym_key, redact_for_log


def test_messaging_ids_become_pseudonyms_and_contact_details_markers():
    line = "Twilio refused a message to twilio:whatsapp:+15557654321 (jane@example.com, +44 7700 900123)"
    assert redact_for_log(line) == (
        f"Twilio refused a message to {pseudonym('twilio:whatsapp:+15557654321')} ([e-mail], [phone])"
    )
    assert redact_for_log("update from telegram:123456789") == f"update from {pseudonym('telegram:123456789')}"


def test_every_record_of_a_server_process_is_redacted(tmp_path):
    # A fresh interpreter, as a server starts: importing the channels package installs it.
    script = (
        "import logging, sys; import channels\n"
        "logging.basicConfig(stream=sys.stdout, level=logging.INFO, format='%(message)s')\n"
        "log = logging.getLogger('rasa.core.processor')\n"
        "log.info('Received message from %s', 'twilio:+15550001111')\n"
        "try:\n    raise ValueError('no chat facebook:6912345678901234')\n"
        "except ValueError:\n    log.exception('failed for %s', 'jane@example.com')\n"
    )
    env = {**os.environ, "RASA_API_TOKEN": "log-test-token"}
    env.pop("PSEUDONYM_KEY", None)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=tmp_path, env=env).stdout
    assert "5550001111" not in out and "6912345678901234" not in out and "jane@" not in out
    key = pseudonym_key({"RASA_API_TOKEN": "log-test-token"})  # every server of a deployment names it alike
    assert pseudonym("twilio:+15550001111", key) in out and "[e-mail]" in out and "ValueError" in out


def test_records_in_this_process_are_redacted_too(caplog):
    with caplog.at_level(logging.INFO):
        logging.getLogger("channels.twilio").info("sent to %s", "twilio:+15550002222")
    assert "5550002222" not in caplog.text
