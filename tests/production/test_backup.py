"""`make backup` / `make restore` (clinic_assistant/backup.py) on a real PostgreSQL
database: conversations written by Rasa's own SQL tracker store, tickets by
the ticket store, staff accounts and tags by the console; backed up, the
database dropped, restored, and every row found again, the staff password
still signing in."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
import sqlalchemy as sa

from clinic_assistant import backup as backups
from clinic_assistant.tickets import TicketStore
from console import auth, db
from testkit.console_support import bot, save, tracker_store, user
from testkit.databases import POSTGRES_ADMIN_URL, fresh_postgres_url

pytestmark = pytest.mark.skipif(
    subprocess.run(["which", "pg_dump"], capture_output=True).returncode != 0, reason="pg_dump is not installed"
)

PASSWORD = "correct horse battery staple"


def _snapshot(url: str) -> dict:
    """Every row of the tables a backup must keep, as comparable tuples."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            def rows(query):
                return [tuple(row) for row in connection.execute(sa.text(query))]
            return {
                "events": rows("SELECT id, sender_id, type_name, timestamp, intent_name, action_name, data FROM events ORDER BY id"),
                "tickets": rows("SELECT id, conversation_id, channel, reason, urgent, status, flags, contact, created_at, claimed_by "
                                "FROM handoff_tickets ORDER BY id"),
                "staff": rows("SELECT id, email, name, role, password_hash, active FROM console_staff ORDER BY id"),
                "settings": rows("SELECT * FROM console_settings ORDER BY 1"),
                # A new row after the restore still gets a fresh id (sequences restored too).
                "next_event_id": rows("SELECT nextval(pg_get_serial_sequence('events', 'id')) > max(id) FROM events"),
            }
    finally:
        engine.dispose()


def _fill(url: str) -> None:
    store = tracker_store(url)
    for number in range(3):
        save(store, f"visitor-{number}", [user("does it hurt?"), *bot(f"A little, reply {number}"),
                                          user("can I talk to a person"), *bot("Of course.")])
    store.engine.dispose()
    tickets = TicketStore(url)
    first = tickets.create("visitor-0", "rest", "visitor_request", urgent=True, flags={"blood_thinner": "Xarelto"})
    tickets.set_contact(first.id, "jane@example.com")
    tickets.claim(first.id, "nurse@clinic.example")
    tickets.create("visitor-1", "telegram", "visitor_request")
    tickets.engine.dispose()
    engine = db.make_engine(url)
    db.create_tables(engine)
    auth.create_staff(engine, "admin@clinic.example", "Admin", PASSWORD, role="admin")
    auth.create_staff(engine, "nurse@clinic.example", "Nurse", PASSWORD)
    with engine.begin() as connection:
        db.put_setting(connection, "retention_days", "30")
    engine.dispose()


def _drop(url: str) -> None:
    name = sa.engine.make_url(url).database
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        assert not connection.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
    admin.dispose()


def test_a_backup_restores_every_conversation_ticket_and_staff_account(tmp_path):
    with fresh_postgres_url() as url:
        _fill(url)
        before = _snapshot(url)
        assert len({row[1] for row in before["events"]}) == 3 and len(before["tickets"]) == 2 and len(before["staff"]) == 2

        # The command line of `make backup`, then the database is lost.
        done = subprocess.run([sys.executable, "-m", "clinic_assistant.backup", "backup", "--url", url,
                               "--dir", str(tmp_path), "--keep", "3"], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        [archive] = backups.backups(tmp_path)
        assert archive.stat().st_mode & 0o077 == 0  # conversations and password hashes: owner only
        assert {"events", "handoff_tickets", "console_staff", "console_settings"} <= set(backups.tables_in(archive))
        _drop(url)

        # `make restore`: the newest backup, into a database that no longer exists.
        done = subprocess.run([sys.executable, "-m", "clinic_assistant.backup", "restore", "--url", url,
                               "--dir", str(tmp_path)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        after = _snapshot(url)
        assert after == before
        assert after["next_event_id"] == [(True,)]
        engine = db.make_engine(url)
        assert auth.sign_in(engine, "nurse@clinic.example", PASSWORD).staff.email == "nurse@clinic.example"
        claimed = TicketStore(engine=engine).for_conversation("visitor-0")[0]
        assert (claimed.contact, claimed.claimed_by, claimed.urgent) == ("jane@example.com", "nurse@clinic.example", True)
        engine.dispose()


def test_restore_over_a_changed_database_puts_back_the_backup_exactly(tmp_path):
    with fresh_postgres_url() as url:
        _fill(url)
        before = _snapshot(url)
        path = backups.backup(backups.Target(url), tmp_path, keep=5)
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.execute(sa.text("DELETE FROM handoff_tickets"))
            connection.execute(sa.text("UPDATE console_staff SET role = 'admin'"))
            connection.execute(sa.text("DELETE FROM events WHERE sender_id = 'visitor-2'"))
        engine.dispose()
        backups.restore(backups.Target(url), path)
        assert _snapshot(url) == before


def test_only_the_newest_backups_are_kept_and_a_failed_dump_leaves_nothing(tmp_path):
    with fresh_postgres_url() as url:
        _fill(url)
        start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
        made = [backups.backup(backups.Target(url), tmp_path, keep=3, now=start + dt.timedelta(days=day)) for day in range(5)]
        assert backups.backups(tmp_path) == made[-3:]
    # A database without the clinic's tables is refused, and no file is left behind.
    with fresh_postgres_url() as empty, pytest.raises(backups.BackupError, match="lacks events"):
        backups.backup(backups.Target(empty), tmp_path, keep=3)
    assert backups.backups(tmp_path) == made[-3:] and not list(tmp_path.glob("*.partial"))
    # A restore from a damaged file changes nothing.
    damaged = tmp_path / "clinic-29990101T000000000000Z.dump"
    damaged.write_bytes(made[-1].read_bytes()[:200])
    with pytest.raises(backups.BackupError):
        backups.restore(backups.Target(POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/clinic_never_made"), damaged)
