"""Tickets a disabled account had claimed go back to the queue.

A claimed ticket keeps the assistant quiet and reads "claimed by Sam" in the
queue; when Sam's account is disabled nobody is handling it any more, so it
is released: open again, no claimer, one audit entry per ticket.

The ticket stores the claimer's display name, which two people can share, so
a ticket counts as theirs only when the audit log's last claim of it was made
by their account (e-mail).
"""
from __future__ import annotations

import datetime as dt
from typing import List, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from clinic_assistant.tickets import CLAIMED, OPEN, tickets
from console import audit
from console.db import audit_log


def claimed_by_account(engine: Engine, email: str, name: str) -> List[str]:
    """Ids of the tickets still claimed by the account `email` (named `name`)."""
    with engine.connect() as connection:
        candidates = [row[0] for row in connection.execute(
            sa.select(tickets.c.id).where(tickets.c.status == CLAIMED).where(tickets.c.claimed_by == name)
        )]
        theirs = []
        for ticket_id in candidates:
            last_claimer = connection.execute(
                sa.select(audit_log.c.actor).where(audit_log.c.action == "ticket.claim").where(audit_log.c.target == ticket_id)
                .order_by(audit_log.c.id.desc()).limit(1)
            ).scalar()
            if last_claimer == email:
                theirs.append(ticket_id)
    return theirs


def release_claims(engine: Engine, email: str, name: str, actor: str) -> List[str]:
    """Puts the account's claimed tickets back in the queue; their ids."""
    released = claimed_by_account(engine, email, name)
    for ticket_id in released:
        with engine.begin() as connection:
            connection.execute(
                tickets.update().where(tickets.c.id == ticket_id).where(tickets.c.status == CLAIMED)
                .values(status=OPEN, claimed_by=None, claimed_at=None)
            )
        audit.record(engine, actor, "ticket.release", ticket_id, f"claimed by {email}, whose account was disabled")
    return released


def claim(engine: Engine, ticket_id: str, name: str, take_over_from: Optional[str] = None) -> bool:
    """Claims an open ticket for `name`, in one conditional update, so that of
    two people who click "Claim" at once only the first gets it (stop 47: the
    second used to take it over silently, and both were told "You have the
    conversation now"). With `take_over_from`, takes a ticket over from the
    person named, only while it is still theirs. False when nothing changed."""
    condition = tickets.c.status == OPEN
    if take_over_from:
        condition = sa.and_(tickets.c.status == CLAIMED, tickets.c.claimed_by == take_over_from)
    with engine.begin() as connection:
        changed = connection.execute(
            tickets.update().where(tickets.c.id == ticket_id).where(condition)
            .values(status=CLAIMED, claimed_by=name, claimed_at=dt.datetime.now(dt.timezone.utc))
        ).rowcount
    return changed == 1
