"""Deleting conversations and tickets older than the retention period.

A conversation goes when its last message is older than the period: its
events in Rasa's tracker store, its handoff tickets, the console's summary,
tags, note and pending training suggestions. Each run is written to the audit
log with the number of conversations deleted.
"""
from __future__ import annotations

import datetime as dt
import time
from typing import List, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from actions.handoff.store import tickets
from console import audit, indexer
from console.db import conversations, corrections, events, events_table_exists, get_setting

SETTING = "retention_days"
DEFAULT_DAYS = 365
MIN_DAYS = 7
BATCH = 500


def retention_days(engine: Engine) -> int:
    return int(get_setting(engine, SETTING, str(DEFAULT_DAYS)))


def delete_expired(engine: Engine, actor: str = "retention", now: Optional[float] = None) -> int:
    """Deletes what is older than the period; returns the conversations deleted."""
    indexer.index_new_events(engine)  # a conversation that just continued is not old
    days = retention_days(engine)
    cutoff = (now or time.time()) - days * 86400
    deleted = 0
    while True:
        with engine.begin() as connection:
            expired: List[str] = [
                row[0]
                for row in connection.execute(
                    sa.select(conversations.c.conversation_id).where(conversations.c.last_message_at < cutoff).limit(BATCH)
                )
            ]
            if not expired:
                break
            if events_table_exists(engine):
                connection.execute(events.delete().where(events.c.sender_id.in_(expired)))
            connection.execute(tickets.delete().where(tickets.c.conversation_id.in_(expired)))
            connection.execute(
                corrections.delete().where(corrections.c.conversation_id.in_(expired)).where(corrections.c.status == "pending")
            )
            indexer.forget(connection, expired)
        deleted += len(expired)
    with engine.begin() as connection:
        # Tickets whose conversation was never indexed (or is already gone).
        old_tickets = connection.execute(
            tickets.delete().where(tickets.c.created_at < dt.datetime.fromtimestamp(cutoff, dt.timezone.utc))
        ).rowcount
    audit.record(
        engine, actor, "retention.delete", detail=f"{deleted} conversations and {old_tickets} other tickets older than {days} days"
    )
    return deleted
