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


@dataclass(frozen=True)
class ClinicConfig:
    raw: Dict[str, Any]

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

    def slot_values(self) -> Dict[str, str]:
        """The clinic_* slots that domain responses interpolate."""
        clinic, prices = self.clinic, self.clinic.get("prices", {})
        return {
            "clinic_name": clinic["name"],
            "clinic_phone": clinic["phone"],
            "clinic_email": clinic.get("email", ""),
            "clinic_address": clinic.get("address", ""),
            "clinic_parking": clinic.get("parking", ""),
            "clinic_hours": self.hours.describe(),
            "clinic_booking_url": clinic["booking_url"],
            "clinic_emergency_number": str(clinic["emergency_number"]),
            "clinic_price_session": prices.get("session", ""),
            "clinic_price_package": prices.get("package", ""),
            "clinic_price_consultation": prices.get("consultation", ""),
            "clinic_financing": prices.get("financing", ""),
            "clinic_minimum_age": str(clinic.get("minimum_age", 18)),
        }


def load(path: Optional[Path] = None) -> ClinicConfig:
    with open(path or config_path(), encoding="utf-8") as handle:
        return ClinicConfig(yaml.safe_load(handle))


@lru_cache(maxsize=1)
def current() -> ClinicConfig:
    """The configuration of this process (read once)."""
    return load()
