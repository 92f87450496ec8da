"""Full-text search over messages: SQLite FTS5 or a PostgreSQL GIN index.

A search is the words of the query, each matching as a word prefix, all of
them in one message. Only letters and digits reach the database, and always as
a bound parameter, so nothing a staff member types is read as search syntax
or SQL.
"""
from __future__ import annotations

import re
from typing import List, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from console.db import messages

# Letters and digits: both text indexes split words at everything else.
WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_WORDS = 8


PHONE_QUERY = re.compile(r"^[\d\s()+.\-]+$")
MIN_PHONE_DIGITS = 7


def phone_digits(query: str) -> Optional[str]:
    """The digits of a query that is a phone number ("555-017-0004",
    "+1 555 017 0004", "07700 900123"), without leading zeros, or None: an
    SMS or WhatsApp conversation's id holds the visitor's number
    ("twilio:+15550170004"), and staff look a caller up by it (stop 47)."""
    if not PHONE_QUERY.match(query or ""):
        return None
    digits = re.sub(r"\D", "", query).lstrip("0")
    return digits if len(digits) >= MIN_PHONE_DIGITS else None


def words(query: str) -> List[str]:
    return [word.lower() for word in WORD.findall(query or "")][:MAX_WORDS]


def create_index(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        statements = [
            "CREATE VIRTUAL TABLE IF NOT EXISTS console_messages_fts USING fts5("
            "text, content='console_messages', content_rowid='event_id')",
            "CREATE TRIGGER IF NOT EXISTS console_messages_ai AFTER INSERT ON console_messages BEGIN "
            "INSERT INTO console_messages_fts(rowid, text) VALUES (new.event_id, new.text); END",
            "CREATE TRIGGER IF NOT EXISTS console_messages_ad AFTER DELETE ON console_messages BEGIN "
            "INSERT INTO console_messages_fts(console_messages_fts, rowid, text) "
            "VALUES ('delete', old.event_id, old.text); END",
        ]
    else:
        statements = [
            "CREATE INDEX IF NOT EXISTS console_messages_text_search "
            "ON console_messages USING gin (to_tsvector('simple', text))"
        ]
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(sa.text(statement))


def matching_conversations(dialect: str, query: str):
    """A subquery of conversation ids with a message matching `query`, or
    None when the query has no words."""
    terms = words(query)
    if not terms:
        return None
    if dialect == "sqlite":
        expression = " ".join(f'"{term}"*' for term in terms)
        return sa.text(
            "SELECT m.conversation_id FROM console_messages m "
            "JOIN console_messages_fts f ON f.rowid = m.event_id "
            "WHERE console_messages_fts MATCH :search_terms"
        ).bindparams(search_terms=expression).columns(messages.c.conversation_id).subquery()
    expression = " & ".join(f"{term}:*" for term in terms)
    return (
        sa.select(messages.c.conversation_id)
        .where(
            sa.func.to_tsvector(sa.literal_column("'simple'"), messages.c.text).op("@@")(
                sa.func.to_tsquery(sa.literal_column("'simple'"), sa.bindparam("search_terms", expression))
            )
        )
        .subquery()
    )
