"""Opening hours, slot values and what a visitor is told after a handoff."""
import copy
import datetime as dt

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff.handoff import tell_what_happens_next
from clinic_assistant import clinic_config

NY = dt.timezone(dt.timedelta(hours=-5))  # New York in January (EST)
HOURS = clinic_config.OpeningHours.parse(
    {"mon": "09:00-18:00", "tue": "09:00-18:00", "sat": "10:00-14:00"}, "America/New_York"
)


@pytest.mark.parametrize(
    "local, is_open",
    [
        (dt.datetime(2026, 1, 5, 9, 0, tzinfo=NY), True),     # Monday opening time
        (dt.datetime(2026, 1, 5, 17, 59, tzinfo=NY), True),
        (dt.datetime(2026, 1, 5, 18, 0, tzinfo=NY), False),   # closing time is closed
        (dt.datetime(2026, 1, 7, 12, 0, tzinfo=NY), False),   # Wednesday: no hours
        (dt.datetime(2026, 1, 10, 13, 0, tzinfo=NY), True),   # Saturday
    ],
)
def test_is_open(local, is_open):
    assert HOURS.is_open(local) is is_open


def test_next_opening_skips_closed_days():
    wednesday_noon = dt.datetime(2026, 1, 7, 12, 0, tzinfo=NY)
    assert HOURS.next_opening(wednesday_noon).replace(tzinfo=None) == dt.datetime(2026, 1, 10, 10, 0)
    monday_night = dt.datetime(2026, 1, 5, 20, 0, tzinfo=NY)
    assert HOURS.next_opening(monday_night).replace(tzinfo=None) == dt.datetime(2026, 1, 6, 9, 0)


def test_describe_groups_equal_days():
    assert HOURS.describe() == "Mon–Tue 09:00–18:00; Sat 10:00–14:00; closed other days"


def test_time_is_read_in_the_clinic_time_zone():
    # 15:00 UTC on a Monday is 10:00 in New York: open.
    assert HOURS.is_open(dt.datetime(2026, 1, 5, 15, 0, tzinfo=dt.timezone.utc))


def test_every_slot_value_is_filled_from_the_file():
    values = clinic_config.current().slot_values()
    assert all(values.values()), [name for name, value in values.items() if not value]
    assert values["clinic_phone"] == clinic_config.current().clinic["phone"]


def test_visitor_is_told_when_the_team_replies():
    hours = clinic_config.current().hours
    weekday, (opens, _) = next(iter(sorted(hours.ranges.items())))
    day = dt.date(2026, 1, 5) + dt.timedelta(days=weekday)  # 2026-01-05 is a Monday
    open_time = dt.datetime.combine(day, opens, tzinfo=hours.timezone) + dt.timedelta(minutes=30)

    dispatcher = CollectingDispatcher()
    tell_what_happens_next(dispatcher, now=open_time)
    assert dispatcher.messages[0]["response"] == "utter_handoff_open"

    dispatcher = CollectingDispatcher()
    tell_what_happens_next(dispatcher, now=open_time.replace(hour=23, minute=30))
    [message] = dispatcher.messages
    assert message["response"] == "utter_handoff_closed"
    assert " at " in message["opens_at"]


@pytest.mark.parametrize("value, shown", [([20, 30], "20 to 30"), ([0.5, 2.0], "0.5 to 2"), (30, "30"), ("pen", "pen")])
def test_values_are_shown_as_a_response_reads_them(value, shown):
    assert clinic_config.format_value(value) == shown


def test_every_slot_names_a_key_of_the_file():
    config = clinic_config.current()
    for slot, key in clinic_config.SLOT_KEYS.items():
        if key != "hours":
            config.value(key)  # KeyError if clinic.yml lacks it
    assert config.slot_values()["clinic_needle_depth_mm"] == clinic_config.format_value(
        config.value("practice.needle_depth_mm")
    )


def test_policies_have_every_topic_and_empty_means_none():
    raw = copy.deepcopy(clinic_config.current().raw)
    raw["clinic"]["policies"] = {"deposit": "  ", "walk_ins": None, "cancellation": "48 hours' notice"}
    policies = clinic_config.ClinicConfig(raw).policies
    assert list(policies) == list(clinic_config.POLICY_TOPICS)
    assert policies["cancellation"] == "48 hours' notice"
    assert policies["deposit"] == policies["walk_ins"] == policies["insurance"] == ""


@pytest.mark.parametrize("days, shown", [(183, "6 months"), (365, "12 months"), (90, "3 months"), (7, "7 days"), (1, "1 day"), (40, "40 days")])
def test_screening_windows_read_as_people_say_them(days, shown):
    assert clinic_config.describe_days(days) == shown


def test_each_screening_window_is_a_slot_citing_its_item():
    config = clinic_config.current()
    windows = {item["id"]: item["within_days"] for item in config.screening_items if item.get("within_days")}
    values = config.slot_values()
    for item_id, days in windows.items():
        slot = f"clinic_window_{item_id}"
        assert values[slot] == clinic_config.describe_days(days)
        assert config.value(clinic_config.slot_key(slot)) == days
