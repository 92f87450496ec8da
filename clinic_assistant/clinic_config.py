"""The clinic configuration (clinic.yml): loading, opening hours, slot values.

Used by the action server, the domain build step and the staff console, so it
imports nothing from Rasa.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple
from zoneinfo import ZoneInfo

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = dict(zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")))


def config_path() -> Path:
    return Path(os.environ.get("CLINIC_CONFIG", PROJECT_ROOT / "clinic.yml"))


@dataclass(frozen=True)
class OpeningHours:
    timezone: ZoneInfo
    # weekday index (0 = Monday) -> (open, close)
    ranges: Dict[int, Tuple[dt.time, dt.time]]

    @classmethod
    def parse(cls, hours: Dict[str, str], timezone: str) -> "OpeningHours":
        ranges = {}
        for day, text in (hours or {}).items():
            start, end = (dt.time.fromisoformat(part.strip()) for part in str(text).split("-"))
            ranges[DAYS.index(day)] = (start, end)
        return cls(ZoneInfo(timezone), ranges)

    def is_open(self, now: dt.datetime) -> bool:
        local = now.astimezone(self.timezone)
        day = self.ranges.get(local.weekday())
        return bool(day) and day[0] <= local.time() < day[1]

    def next_opening(self, now: dt.datetime) -> Optional[dt.datetime]:
        """The next moment the clinic opens after `now` (None if never open)."""
        local = now.astimezone(self.timezone)
        for offset in range(0, 8):
            date = local.date() + dt.timedelta(days=offset)
            day = self.ranges.get(date.weekday())
            if not day:
                continue
            opening = dt.datetime.combine(date, day[0], tzinfo=self.timezone)
            if opening > local:
                return opening
        return None

    def last_open_day(self, on_or_before: dt.date, earliest: dt.date) -> Optional[dt.date]:
        """The last day the clinic opens, from `on_or_before` back to
        `earliest`; `on_or_before` itself when no hours are configured."""
        if not self.ranges:
            return on_or_before
        day = on_or_before
        while day >= earliest:
            if day.weekday() in self.ranges:
                return day
            day -= dt.timedelta(days=1)
        return None

    def describe(self) -> str:
        """'Mon–Thu 9:00–18:00; Fri 9:00–17:00; …' with equal days grouped."""
        groups: List[Tuple[List[int], Tuple[dt.time, dt.time]]] = []
        for index in range(7):
            day = self.ranges.get(index)
            if not day:
                continue
            if groups and groups[-1][1] == day and groups[-1][0][-1] == index - 1:
                groups[-1][0].append(index)
            else:
                groups.append(([index], day))
        parts = []
        for indices, (start, end) in groups:
            first, last = DAYS[indices[0]].title(), DAYS[indices[-1]].title()
            days = first if first == last else f"{first}–{last}"
            parts.append(f"{days} {start:%H:%M}–{end:%H:%M}")
        return "; ".join(parts) + ("" if len(self.ranges) == 7 else "; closed other days")


# Each clinic_* slot and the key of the `clinic:` section it comes from. The
# FAQ answers cite these keys as their sources (content/answers.yml).
SLOT_KEYS: Dict[str, str] = {
    "clinic_name": "name",
    "clinic_phone": "phone",
    "clinic_email": "email",
    "clinic_address": "address",
    "clinic_parking": "parking",
    "clinic_hours": "hours",
    "clinic_booking_url": "booking_url",
    "clinic_emergency_number": "emergency_number",
    "clinic_crisis_line": "crisis_line",
    "clinic_abuse_line": "abuse_line",
    "clinic_out_of_hours": "out_of_hours",
    "clinic_price_session": "prices.session",
    "clinic_price_package": "prices.package",
    "clinic_price_consultation": "prices.consultation",
    "clinic_financing": "prices.financing",
    "clinic_price_other_areas": "prices.other_areas",
    "clinic_payment_methods": "prices.payment_methods",
    "clinic_prp": "prices.prp",
    "clinic_practitioners": "practitioners",
    "clinic_minimum_age": "minimum_age",
}
# How this clinic does the treatment (`clinic: practice:`): each field and what
# it holds, "text" or the unit of a number or [low, high] range. The answers
# quote them through clinic_<field> slots, never as figures of their own
# (tests/unit/test_practice_facts.py).
PRACTICE_FIELDS: Dict[str, str] = {
    "device": "text",
    "numbing_minutes": "minutes",
    "needling_minutes": "minutes",
    "appointment_minutes": "minutes",
    "needle_depth_mm": "mm",
    "course_sessions": "sessions",
    "session_spacing_weeks": "weeks",
    "makeup_and_workout_pause_hours": "hours",
    "sun_avoidance_weeks": "weeks",
    "gentle_skincare_days": "days",
    "days_before_event": "days",
    "treatment_areas": "text",
}
SLOT_KEYS.update({f"clinic_{field}": f"practice.{field}" for field in PRACTICE_FIELDS})
# A clinic must give these (the answers would read "about  minutes" otherwise).
REQUIRED_KEYS = {"name", "phone", "booking_url", "emergency_number", "crisis_line", "abuse_line", "out_of_hours"} | {
    f"practice.{field}" for field in PRACTICE_FIELDS
}
DEFAULTS = {
    "minimum_age": 18,
    "prices.other_areas": "I don't have prices for other areas; the team can tell you at the consultation or by phone.",
    "prices.payment_methods": "I don't know which ways to pay the clinic takes; the team can tell you at the consultation or by phone.",
    "prices.prp": "I don't know whether the clinic adds PRP or what it costs; the team can tell you at the consultation or by phone.",
    "practitioners": "I don't have the details of who does the treatments here; the team can tell you by phone or at the consultation.",
}

# The optional ways to message the clinic (`clinic: messaging:`), answered by
# clinic_assistant/messaging_asked.py (stop 47).
MESSAGING_CHANNELS = ("whatsapp", "sms", "instagram", "facebook", "telegram")

# The booking-policy fields of `clinic: policies:` (actions/booking_policy.py).
POLICY_TOPICS = ("cancellation", "deposit", "late_arrival", "walk_ins", "consultation", "insurance", "waitlist", "gift_cards")


# A screening item's time window as a slot, e.g. clinic_window_isotretinoin =
# "6 months", so answers quote the window the screening really uses.
WINDOW_SLOT_PREFIX = "clinic_window_"


def slot_key(slot: str) -> str:
    """The clinic.yml key a clinic_* slot comes from (what an answer cites)."""
    if slot.startswith(WINDOW_SLOT_PREFIX):
        return f"screening.{slot[len(WINDOW_SLOT_PREFIX):]}.within_days"
    return SLOT_KEYS[slot]


def describe_days(days: int) -> str:
    """183 -> "6 months", 365 -> "12 months", 7 -> "7 days"."""
    if days >= 28:
        months = round(days / 30.44)
        if abs(months * 30.44 - days) <= 3:
            return f"{months} month" + ("s" if months != 1 else "")
    return f"{days} day" + ("s" if days != 1 else "")


def format_value(value: Any) -> str:
    """A clinic.yml value as a response shows it: [20, 30] -> "20 to 30", 0.5 -> "0.5"."""
    if isinstance(value, (list, tuple)):
        return " to ".join(format_value(part) for part in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class ClinicConfigError(ValueError):
    """clinic.yml lacks a field the answers need, or gives it in the wrong form."""


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def _check_practice(field: str, value: Any) -> None:
    where = f"clinic.practice.{field}"
    if PRACTICE_FIELDS[field] == "text":
        if not isinstance(value, str) or not value.strip():
            raise ClinicConfigError(f"clinic.yml: {where} must be text, not {value!r}")
        return
    is_range = isinstance(value, list) and len(value) == 2 and all(map(_is_number, value)) and value[0] <= value[1]
    if not (_is_number(value) or is_range):
        raise ClinicConfigError(
            f"clinic.yml: {where} must be a number of {PRACTICE_FIELDS[field]} or a range [low, high], not {value!r}"
        )


@dataclass(frozen=True)
class ClinicConfig:
    raw: Dict[str, Any]

    def __post_init__(self) -> None:
        # Checked when the file is read, so a broken clinic.yml stops the
        # domain build (the first step of `make run`), naming the field,
        # instead of an answer reading "about  minutes".
        for key in sorted(REQUIRED_KEYS):
            try:
                value = self.value(key)
            except KeyError:
                raise ClinicConfigError(f"clinic.yml: clinic.{key} is missing") from None
            if key.startswith("practice."):
                _check_practice(key.split(".", 1)[1], value)

    @property
    def clinic(self) -> Dict[str, Any]:
        return self.raw["clinic"]

    @property
    def hours(self) -> OpeningHours:
        return OpeningHours.parse(self.clinic.get("hours", {}), self.clinic["timezone"])

    @property
    def screening_items(self) -> List[Dict[str, Any]]:
        return list(self.raw.get("screening", {}).get("items", []))

    @property
    def handoff(self) -> Dict[str, Any]:
        return self.raw.get("handoff", {}) or {}

    @property
    def minimum_age(self) -> int:
        return int(self.clinic.get("minimum_age") or DEFAULTS["minimum_age"])

    @property
    def directions(self) -> str:
        """How to get here beyond the address (`clinic: directions:`), "" when not given."""
        return str(self.clinic.get("directions") or "").strip()

    @property
    def consultation_format(self) -> str:
        """Whether the consultation is in person, online or either (`clinic: consultation_format:`), "" when not given (stop 48)."""
        return str(self.clinic.get("consultation_format") or "").strip()

    @property
    def messaging(self) -> Dict[str, str]:
        """Other ways to message the clinic by channel (MESSAGING_CHANNELS); "" where not given."""
        given = self.clinic.get("messaging") or {}
        return {channel: str(given.get(channel) or "").strip() for channel in MESSAGING_CHANNELS}

    @property
    def policies(self) -> Dict[str, str]:
        """Booking policies by topic (POLICY_TOPICS); "" where the clinic has none."""
        given = self.clinic.get("policies") or {}
        return {topic: str(given.get(topic) or "").strip() for topic in POLICY_TOPICS}

    def value(self, key: str) -> Any:
        """A value of the `clinic:` section by dotted key ("practice.numbing_minutes"),
        or of a screening item ("screening.isotretinoin.within_days")."""
        node: Any = self.clinic
        parts = key.split(".")
        if parts[0] == "screening" and len(parts) > 1:
            items = {item["id"]: item for item in self.screening_items}
            node, parts = items, parts[1:]
        for part in parts:
            if not isinstance(node, dict) or part not in node:
                raise KeyError(key)
            node = node[part]
        return node

    def slot_values(self) -> Dict[str, str]:
        """The clinic_* slots that domain responses interpolate."""
        values = {}
        for slot, key in SLOT_KEYS.items():
            if key == "hours":
                values[slot] = self.hours.describe()
                continue
            try:
                value = self.value(key)
            except KeyError:  # an optional key: the required ones were checked on loading
                value = DEFAULTS.get(key, "")
            values[slot] = format_value(value)
        for item in self.screening_items:
            if item.get("within_days"):
                values[WINDOW_SLOT_PREFIX + item["id"]] = describe_days(int(item["within_days"]))
        return values


def load(path: Optional[Path] = None) -> ClinicConfig:
    with open(path or config_path(), encoding="utf-8") as handle:
        return ClinicConfig(yaml.safe_load(handle))


@lru_cache(maxsize=1)
def current() -> ClinicConfig:
    """The configuration of this process (read once)."""
    return load()
