"""The tracker store keeps saved trackers in memory and still returns what the
database holds (clinic_assistant/stores/tracker_cache.py). Two stores on one SQLite file
stand for two Rasa servers sharing a database."""
import asyncio
import sqlite3

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered

from clinic_assistant.stores.durable_tracker_store import DurableSQLTrackerStore
from clinic_assistant.stores.tracker_cache import CachedSQLTrackerStore
from testkit.databases import fresh_postgres_url
from testkit.small_domain import small_domain

DOMAIN = small_domain(["greet", "ask_pain"], """\
  utter_greet: [{text: hi}]
  utter_pain: [{text: a little}]
""")

def run(coroutine):
    return asyncio.run(coroutine)


@pytest.fixture
def database(tmp_path):
    return str(tmp_path / "trackers.db")


def store(database, **kwargs):
    return CachedSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=database, **kwargs)


def turn(tracker, text, intent="ask_pain"):
    for event in (ActionExecuted("action_listen"), UserUttered(text, {"name": intent, "confidence": 1.0}),
                  ActionExecuted("utter_pain"), BotUttered("a little")):
        tracker.update(event)


def new_conversation(store_, sender="visitor"):
    tracker = run(store_.get_or_create_tracker(sender))
    for event in (ActionExecuted("action_session_start"), SessionStarted()):
        tracker.update(event)
    return tracker


def full_read(database, sender="visitor"):
    return run(SQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=database).retrieve(sender))


def stored_rows(database, sender="visitor"):
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT type_name, data FROM events WHERE sender_id = ? ORDER BY id", (sender,)).fetchall()


@pytest.fixture(autouse=True)
def count_full_reads(monkeypatch):
    """Every query over a whole session: Rasa's full read and its count before a save."""
    reads = []
    original = SQLTrackerStore._event_query

    def counted(self, session, sender_id, fetch_events_from_all_sessions):
        reads.append(sender_id)
        return original(self, session, sender_id, fetch_events_from_all_sessions)

    monkeypatch.setattr(SQLTrackerStore, "_event_query", counted)
    return reads


def test_a_saved_conversation_is_not_read_back_from_the_database(database, count_full_reads):
    server = store(database)
    tracker = new_conversation(server)
    turn(tracker, "does it hurt")
    run(server.save(tracker))
    # Rasa's session start is not where a full read starts: kept after the next save.
    tracker = run(server.retrieve("visitor"))
    turn(tracker, "really?")
    run(server.save(tracker))
    reads_before = len(count_full_reads)
    for text in ("and after?", "how much?", "ok"):
        tracker = run(server.retrieve("visitor"))
        turn(tracker, text)
        run(server.save(tracker))
    assert len(count_full_reads) == reads_before
    assert [e.as_dict() for e in run(server.retrieve("visitor")).events] == [
        e.as_dict() for e in full_read(database).events
    ]


def test_a_turn_served_by_the_other_server_is_seen(database):
    first, second = store(database), store(database)
    tracker = new_conversation(first)
    turn(tracker, "hello", "greet")
    run(first.save(tracker))
    run(first.save(run(first.retrieve("visitor"))))  # kept by the first server from here on
    other = run(second.retrieve("visitor"))
    turn(other, "does it hurt")
    other.update(SlotSet("screening_outcome", "clear"))
    run(second.save(other))
    mine = run(first.retrieve("visitor"))
    assert mine.get_slot("screening_outcome") == "clear"
    assert [e.as_dict() for e in mine.events] == [e.as_dict() for e in full_read(database).events]
    turn(mine, "thanks")
    run(first.save(mine))
    texts = [kind for kind, _ in stored_rows(database)]
    assert texts.count("user") == 3 and len(set(stored_rows(database))) == len(stored_rows(database))


def test_a_deleted_conversation_is_not_brought_back(database):
    server = store(database)
    tracker = new_conversation(server)
    turn(tracker, "my name is Jane, does it hurt")
    run(server.save(tracker))
    run(server.save(run(server.retrieve("visitor"))))
    with sqlite3.connect(database) as connection:  # retention or erasure, outside Rasa
        connection.execute("DELETE FROM events WHERE sender_id = 'visitor'")
    assert run(server.retrieve("visitor")) is None
    tracker = new_conversation(server)
    turn(tracker, "hello again", "greet")
    run(server.save(tracker))
    assert not any("Jane" in data for _, data in stored_rows(database))


def test_a_turn_that_failed_before_saving_is_not_kept(database):
    server = store(database)
    tracker = new_conversation(server)
    turn(tracker, "does it hurt")
    run(server.save(tracker))
    run(server.save(run(server.retrieve("visitor"))))
    half_done = run(server.retrieve("visitor"))
    half_done.update(UserUttered("lost", {"name": "greet", "confidence": 1.0}))  # then the turn failed
    again = run(server.retrieve("visitor"))
    assert "lost" not in [getattr(e, "text", None) for e in again.events]


def test_a_new_session_is_read_as_a_full_read_would_read_it(database):
    server = store(database)
    tracker = new_conversation(server)
    turn(tracker, "does it hurt")
    run(server.save(tracker))
    tracker = run(server.retrieve("visitor"))
    for event in (ActionExecuted("action_session_start"), SessionStarted()):
        tracker.update(event)
    turn(tracker, "back a week later")
    run(server.save(tracker))
    assert [e.as_dict() for e in run(server.retrieve("visitor")).events] == [
        e.as_dict() for e in full_read(database).events
    ]


def test_the_number_kept_is_bounded(database):
    server = store(database, cache_size=2)
    for sender in ("a", "b", "c"):
        tracker = new_conversation(server, sender)
        turn(tracker, "hi", "greet")
        run(server.save(tracker))
        run(server.save(run(server.retrieve(sender))))
    assert list(server._kept) == ["b", "c"]


def all_columns(database, sender="visitor"):
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT sender_id, type_name, timestamp, intent_name, action_name, data FROM events "
                                  "WHERE sender_id = ? ORDER BY id", (sender,)).fetchall()


def test_a_kept_tracker_is_stored_in_the_rows_rasa_writes(tmp_path):
    ours, theirs = store(str(tmp_path / "ours.db")), SQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "rasa.db"))
    tracker = new_conversation(ours)
    for text in ("hello", "does it hurt", "and after?"):
        turn(tracker, text, intent="greet" if text == "hello" else "ask_pain")
        tracker.update(SlotSet("screening_outcome", f"after {text}"))
        run(ours.save(tracker))
        run(theirs.save(tracker))
        tracker = run(ours.retrieve("visitor"))
    assert tracker is ours._kept["visitor"].tracker  # the last saves took the kept path
    ours_rows, rasa_rows = all_columns(str(tmp_path / "ours.db")), all_columns(str(tmp_path / "rasa.db"))
    assert len(ours_rows) == 3 + 3 * 5 and ours_rows == rasa_rows  # action_listen, session start, 5 events a turn


def test_on_postgresql_two_servers_write_rasas_rows_and_see_each_others_turns():
    # The production profile's database: the kept path's SQL is compiled for
    # PostgreSQL's driver there (named parameters, no RETURNING).
    with fresh_postgres_url() as url:
        address = sa.engine.make_url(url)

        def postgres(cls):
            return cls(domain=DOMAIN, dialect="postgresql", host=address.host, port=address.port,
                       db=address.database, username=address.username, password=address.password)

        first, second, plain = postgres(DurableSQLTrackerStore), postgres(DurableSQLTrackerStore), postgres(SQLTrackerStore)
        tracker = new_conversation(first)
        turn(tracker, "hello", "greet")
        run(first.save(tracker))
        tracker = run(first.retrieve("visitor"))
        turn(tracker, "does it hurt")
        run(first.save(tracker))
        assert first._kept["visitor"].tracker is tracker  # the second save took the kept path
        other = run(second.retrieve("visitor"))
        turn(other, "and after?")
        other.update(SlotSet("screening_outcome", "clear"))
        run(second.save(other))
        mine = run(first.retrieve("visitor"))
        assert mine is tracker and mine.get_slot("screening_outcome") == "clear"
        assert [e.as_dict() for e in mine.events] == [e.as_dict() for e in run(plain.retrieve("visitor")).events]
        with plain.engine.connect() as connection:
            rows = connection.execute(sa.text(
                "SELECT type_name, intent_name, action_name FROM events WHERE sender_id = 'visitor' ORDER BY id")).all()
        assert len(rows) == 3 + 3 * 4 + 1 and [row.type_name for row in rows].count("user") == 3  # 4 events a turn, 1 slot
        assert [row.intent_name for row in rows if row.type_name == "user"] == ["greet", "ask_pain", "ask_pain"]
        for store_ in (first, second, plain):
            store_.engine.dispose()
