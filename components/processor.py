"""The MessageProcessor the Rasa server runs: Rasa's, with each of the
project's additions a class of its own. clinic_assistant/launcher.py installs
it as the processor Rasa's Agent creates."""
from __future__ import annotations

from components.exactly_once import ExactlyOnceProcessor
from components.follow_ups import FollowUpReading


class ClinicProcessor(ExactlyOnceProcessor, FollowUpReading):
    """Each message once (exactly_once.py); a reply read with the question before it (follow_ups.py)."""
