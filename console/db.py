"""The console's own tables, in the same database as Rasa's tracker store.

Rasa owns `events` (one row per tracker event) and the action server owns
`handoff_tickets`; the console only reads those and writes its tables here.
`console_conversations` is a summary per conversation kept up to date by
`console.indexer`, so that listing and filtering stay fast with 100,000
conversations instead of grouping millions of events on every page.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from channels.sms_opt_outs import metadata as sms_opt_out_metadata
from clinic_assistant.database import create_engine
from clinic_assistant.tickets import default_db_url
from clinic_assistant.tickets import metadata as ticket_metadata

metadata = sa.MetaData()

# Rasa's table (rasa.core.tracker_store.SQLTrackerStore.SQLEvent), declared
# here for reading and for deleting old conversations; Rasa creates it.
events = sa.Table(
    "events",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("type_name", sa.String(255), nullable=False),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)

staff = sa.Table(
    "console_staff",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(255), nullable=False, unique=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    sa.Column("failed_logins", sa.Integer, nullable=False, default=0),
    sa.Column("locked_until", sa.Float),
    sa.Column("created_at", sa.Float, nullable=False),
)

sessions = sa.Table(
    "console_sessions",
    metadata,
    # Only a hash of the cookie's token is stored: a copy of the database
    # does not let anyone sign in.
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("staff_id", sa.Integer, sa.ForeignKey("console_staff.id", ondelete="CASCADE"), nullable=False),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
)

conversations = sa.Table(
    "console_conversations",
    metadata,
    sa.Column("conversation_id", sa.String(255), primary_key=True),
    # started_at: the dashboard's last 30 days and the date filter's "to" day.
    sa.Column("started_at", sa.Float, nullable=False, index=True),
    sa.Column("last_message_at", sa.Float, nullable=False, index=True),
    sa.Column("last_event_id", sa.Integer, nullable=False),
    sa.Column("channel", sa.String(64), nullable=False, default="unknown", index=True),
    sa.Column("turns", sa.Integer, nullable=False, default=0),
    sa.Column("last_message", sa.String(200), nullable=False, default=""),
    sa.Column("handoff", sa.Boolean, nullable=False, default=False),
    sa.Column("urgent", sa.Boolean, nullable=False, default=False),
    sa.Column("contraindication", sa.Boolean, nullable=False, default=False),
    sa.Column("fallback", sa.Boolean, nullable=False, default=False),
    sa.Column("reviewed_by", sa.String(255)),
    sa.Column("reviewed_at", sa.Float),
    sa.Column("note", sa.Text, nullable=False, default=""),
)

conversation_intents = sa.Table(
    "console_conversation_intents",
    metadata,
    sa.Column("conversation_id", sa.String(255), primary_key=True),
    sa.Column("intent", sa.String(255), primary_key=True, index=True),
)

# Visitors' and staff messages, for full-text search (console.search adds the
# dialect's text index on `text`).
messages = sa.Table(
    "console_messages",
    metadata,
    sa.Column("event_id", sa.Integer, primary_key=True),
    sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
    sa.Column("text", sa.Text, nullable=False),
)

tags = sa.Table(
    "console_tags",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(64), nullable=False, unique=True),
)

conversation_tags = sa.Table(
    "console_conversation_tags",
    metadata,
    sa.Column("conversation_id", sa.String(255), primary_key=True),
    sa.Column("tag_id", sa.Integer, sa.ForeignKey("console_tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)

corrections = sa.Table(
    "console_corrections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("event_id", sa.Integer, nullable=False),
    sa.Column("conversation_id", sa.String(255), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("predicted", sa.String(255)),
    sa.Column("intent", sa.String(255), nullable=False),
    sa.Column("suggested_by", sa.String(255), nullable=False),
    sa.Column("status", sa.String(16), nullable=False, default="pending", index=True),
    sa.Column("decided_by", sa.String(255)),
    sa.Column("created_at", sa.Float, nullable=False),
)

audit_log = sa.Table(
    "console_audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.Float, nullable=False, index=True),
    sa.Column("actor", sa.String(255), nullable=False),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("target", sa.String(255), nullable=False, default=""),
    sa.Column("detail", sa.Text, nullable=False, default=""),
)

# Who claimed a ticket, by account: the ticket itself stores only the claimer's
# display name, which two people can share (stop 48). Written in the same
# transaction as the ticket's claim (console/claims.py).
ticket_claims = sa.Table(
    "console_ticket_claims",
    metadata,
    sa.Column("ticket_id", sa.String(16), primary_key=True),
    sa.Column("staff_id", sa.Integer, sa.ForeignKey("console_staff.id", ondelete="CASCADE"), nullable=False, index=True),
)

settings = sa.Table(
    "console_settings",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(255), nullable=False),
)


def make_engine(url: str = "") -> Engine:
    return create_engine(url or default_db_url())


def create_tables(engine: Engine) -> None:
    metadata.create_all(engine)
    # create_all adds indexes only with a new table; databases made before an
    # index was added get it here.
    for index in conversations.indexes:
        index.create(engine, checkfirst=True)
    ticket_metadata.create_all(engine)
    sms_opt_out_metadata.create_all(engine)  # written by the Twilio channel
    from console import search  # the text index depends on the dialect

    search.create_index(engine)


def get_setting(engine: Engine, key: str, default: str) -> str:
    with engine.connect() as connection:
        value = connection.execute(sa.select(settings.c.value).where(settings.c.key == key)).scalar()
    return default if value is None else value


def put_setting(connection, key: str, value: str) -> None:
    updated = connection.execute(settings.update().where(settings.c.key == key).values(value=value))
    if not updated.rowcount:
        connection.execute(settings.insert().values(key=key, value=value))


def events_table_exists(engine: Engine) -> bool:
    return sa.inspect(engine).has_table("events")
