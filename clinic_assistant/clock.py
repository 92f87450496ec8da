"""The time the assistant acts on.

Tests of opening hours and time windows set the clock per message through
the message metadata `test_clock` (an ISO date-time in the clinic's time
zone). It is honoured only in a process started with CLINIC_TEST_CLOCK=1, so
a visitor can never move the clock of a real deployment.
"""
from __future__ import annotations

import datetime as dt
import os
from typing import Any, Mapping, Optional

from clinic_assistant import clinic_config


def now(metadata: Optional[Mapping[str, Any]] = None) -> dt.datetime:
    stamp = (metadata or {}).get("test_clock")
    if stamp and os.environ.get("CLINIC_TEST_CLOCK") == "1":
        moment = dt.datetime.fromisoformat(str(stamp))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=clinic_config.current().hours.timezone)
        return moment
    return dt.datetime.now(dt.timezone.utc)


def today(metadata: Optional[Mapping[str, Any]] = None) -> dt.date:
    return now(metadata).astimezone(clinic_config.current().hours.timezone).date()


def day_of(moment: dt.datetime, today: dt.date) -> str:
    """"today" or "tomorrow" where it is one, else "on" the weekday: "we open
    on Thursday at 09:00" read on a Thursday morning is next week's."""
    days = (moment.date() - today).days
    return "today" if days == 0 else "tomorrow" if days == 1 else f"on {moment:%A}"
