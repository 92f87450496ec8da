"""Handoff tickets, stored in the same SQL database as Rasa's tracker store.

SQLite by default, PostgreSQL in production: the URL comes from
CLINIC_DB_URL. Only flags are stored about a visitor's health (screening item
ids with yes / unsure), never what they typed.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from dataclasses import dataclass
from typing import Dict, List, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from clinic_assistant.clinic_config import PROJECT_ROOT
from clinic_assistant.database import create_engine

REASONS = (
    "urgent_symptom",
    "symptom",
    "contraindication",
    "medical_advice",
    "visitor_request",
    "low_confidence",
    "action_failure",
)
OPEN, CLAIMED, CLOSED = "open", "claimed", "closed"

metadata = sa.MetaData()
tickets = sa.Table(
    "handoff_tickets",
    metadata,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
    sa.Column("channel", sa.String(64), nullable=False),
    sa.Column("reason", sa.String(32), nullable=False),
    sa.Column("urgent", sa.Boolean, nullable=False, default=False),
    sa.Column("status", sa.String(16), nullable=False, default=OPEN, index=True),
    sa.Column("flags", sa.Text, nullable=False, default="{}"),
    sa.Column("contact", sa.String(255)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("claimed_by", sa.String(255)),
    sa.Column("claimed_at", sa.DateTime(timezone=True)),
    sa.Column("closed_at", sa.DateTime(timezone=True)),
)


def default_db_url() -> str:
    return os.environ.get("CLINIC_DB_URL", f"sqlite:///{PROJECT_ROOT / 'var' / 'clinic.db'}")


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class Ticket:
    id: str
    conversation_id: str
    channel: str
    reason: str
    urgent: bool
    status: str
    flags: Dict[str, str]
    contact: Optional[str]
    created_at: dt.datetime
    claimed_by: Optional[str] = None
    claimed_at: Optional[dt.datetime] = None
    closed_at: Optional[dt.datetime] = None

    @classmethod
    def from_row(cls, row) -> "Ticket":
        data = dict(row._mapping)
        data["flags"] = json.loads(data["flags"] or "{}")
        for key in ("created_at", "claimed_at", "closed_at"):
            # SQLite hands back naive datetimes; all stored times are UTC.
            if data[key] is not None and data[key].tzinfo is None:
                data[key] = data[key].replace(tzinfo=dt.timezone.utc)
        return cls(**data)

    def payload(self) -> Dict[str, object]:
        """The docs/design.md §3 custom payload."""
        return {"handoff": {"reason": self.reason, "urgent": self.urgent, "ticket": self.id}}


class TicketStore:
    def __init__(self, url: Optional[str] = None, engine: Optional[Engine] = None) -> None:
        url = url or default_db_url()
        self.engine = engine or create_engine(url)
        metadata.create_all(self.engine)

    def create(
        self,
        conversation_id: str,
        channel: str,
        reason: str,
        urgent: bool = False,
        flags: Optional[Dict[str, str]] = None,
    ) -> Ticket:
        if reason not in REASONS:
            raise ValueError(f"unknown handoff reason {reason!r}")
        # One open ticket per conversation, even if the slot naming it was
        # lost (a flood of handoffs in one chat adds nothing to the queue).
        with self.engine.connect() as connection:
            row = connection.execute(
                tickets.select()
                .where(tickets.c.conversation_id == conversation_id, tickets.c.status != CLOSED)
                .order_by(tickets.c.created_at.desc())
            ).first()
        if row is not None:
            existing = Ticket.from_row(row)
            return self.escalate(existing.id) if urgent and not existing.urgent else existing
        ticket = Ticket(
            id=f"T-{secrets.token_hex(5).upper()}",
            conversation_id=conversation_id,
            channel=channel or "unknown",
            reason=reason,
            urgent=urgent,
            status=OPEN,
            flags=dict(flags or {}),
            contact=None,
            created_at=now(),
        )
        values = {**ticket.__dict__, "flags": json.dumps(ticket.flags, sort_keys=True)}
        with self.engine.begin() as connection:
            connection.execute(tickets.insert().values(**values))
        return ticket

    def get(self, ticket_id: str) -> Optional[Ticket]:
        with self.engine.connect() as connection:
            row = connection.execute(tickets.select().where(tickets.c.id == ticket_id)).first()
        return Ticket.from_row(row) if row else None

    def _update(self, ticket_id: str, **values) -> Optional[Ticket]:
        with self.engine.begin() as connection:
            connection.execute(tickets.update().where(tickets.c.id == ticket_id).values(**values))
        return self.get(ticket_id)

    def escalate(self, ticket_id: str) -> Optional[Ticket]:
        """An open ticket becomes urgent when a red flag arrives later."""
        return self._update(ticket_id, urgent=True, reason="urgent_symptom")

    def raise_reason(self, ticket_id: str, reason: str) -> Optional[Ticket]:
        """An open ticket for a request for a person (or a question) becomes a
        symptom ticket when a problem after treatment arrives later."""
        if reason not in REASONS:
            raise ValueError(f"unknown handoff reason {reason!r}")
        return self._update(ticket_id, reason=reason)

    def add_flags(self, ticket_id: str, flags: Dict[str, str]) -> Optional[Ticket]:
        """A disclosure made after the handoff reaches the same ticket."""
        ticket = self.get(ticket_id)
        if ticket is None:
            return None
        merged = {**ticket.flags, **flags}
        return self._update(ticket_id, flags=json.dumps(merged, sort_keys=True))

    def remove_flags(self, ticket_id: str, items: List[str]) -> Optional[Ticket]:
        """A checklist line the visitor took back ("sorry not 3, i meant 9")."""
        ticket = self.get(ticket_id)
        if ticket is None:
            return None
        kept = {item: answer for item, answer in ticket.flags.items() if item not in items}
        return self._update(ticket_id, flags=json.dumps(kept, sort_keys=True))

    def set_contact(self, ticket_id: str, contact: str) -> Optional[Ticket]:
        return self._update(ticket_id, contact=contact)

    def claim(self, ticket_id: str, staff: str) -> Optional[Ticket]:
        return self._update(ticket_id, status=CLAIMED, claimed_by=staff, claimed_at=now())

    def close(self, ticket_id: str) -> Optional[Ticket]:
        return self._update(ticket_id, status=CLOSED, closed_at=now())

    def open_tickets(self) -> List[Ticket]:
        """Open and claimed tickets, urgent first, then oldest first."""
        query = (
            tickets.select()
            .where(tickets.c.status != CLOSED)
            .order_by(tickets.c.urgent.desc(), tickets.c.created_at.asc())
        )
        with self.engine.connect() as connection:
            return [Ticket.from_row(row) for row in connection.execute(query)]

    def for_conversation(self, conversation_id: str) -> List[Ticket]:
        query = (
            tickets.select()
            .where(tickets.c.conversation_id == conversation_id)
            .order_by(tickets.c.created_at.asc())
        )
        with self.engine.connect() as connection:
            return [Ticket.from_row(row) for row in connection.execute(query)]
