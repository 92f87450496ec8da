"""Who has a ticket: claims by staff account, and releasing a disabled account's.

The ticket (clinic_assistant/tickets.py, the action server's table) stores the
claimer's display name, which two people can share ("Sam Nurse" and "Sam
Nurse"). So the console keeps who claimed it by account id in its own table,
`console_ticket_claims`, written in the same transaction as the claim, and
every "is it mine?" compares ids (stop 48: two accounts with one name
counted as one person, and both could reply). A ticket claimed before that
table existed counts as the account whose claim the audit log recorded
last, or else, with nothing recorded, as the name's.

A claimed ticket keeps the assistant quiet and reads "claimed by Sam" in the
queue; when Sam's account is disabled nobody is handling it any more, so it
is released: open again, no claimer, one audit entry per ticket.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from clinic_assistant.tickets import CLAIMED, OPEN, Ticket, tickets
from console import audit
from console.db import audit_log, staff as staff_table, ticket_claims


@dataclass(frozen=True)
class Claimer:
    staff_id: int
    email: str
    name: str


def claimers(engine: Engine, claimed: Iterable) -> Dict[str, Claimer]:
    """The account that claimed each of the claimed tickets given, by ticket id
    (tickets whose claimer is known by name only are left out)."""
    ids = [ticket.id for ticket in claimed if ticket.status == CLAIMED]
    if not ids:
        return {}
    found: Dict[str, Claimer] = {}
    with engine.connect() as connection:
        for ticket_id, staff_id, email, name in connection.execute(
            sa.select(ticket_claims.c.ticket_id, staff_table.c.id, staff_table.c.email, staff_table.c.name)
            .join(staff_table, staff_table.c.id == ticket_claims.c.staff_id)
            .where(ticket_claims.c.ticket_id.in_(ids))
        ):
            found[ticket_id] = Claimer(staff_id, email, name)
        for ticket_id in (ticket_id for ticket_id in ids if ticket_id not in found):
            # Claimed before stop 48: the audit log's last claim says by whom.
            email = connection.execute(
                sa.select(audit_log.c.actor).where(audit_log.c.action == "ticket.claim").where(audit_log.c.target == ticket_id)
                .order_by(audit_log.c.id.desc()).limit(1)
            ).scalar()
            account = email and connection.execute(
                sa.select(staff_table.c.id, staff_table.c.email, staff_table.c.name).where(staff_table.c.email == email)
            ).first()
            if account:
                found[ticket_id] = Claimer(account.id, account.email, account.name)
    return found


def is_mine(ticket, staff, known: Dict[str, Claimer]) -> bool:
    """Whether `staff` (the signed-in account) has the claimed ticket."""
    if ticket.status != CLAIMED:
        return False
    claimer = known.get(ticket.id)
    return claimer.staff_id == staff.id if claimer else ticket.claimed_by == staff.name


def mine(engine: Engine, shown: Iterable, staff) -> tuple:
    """(ids of the shown tickets that are `staff`'s, their claimers by ticket id), for the templates."""
    shown = list(shown)
    known = claimers(engine, shown)
    return {ticket.id for ticket in shown if is_mine(ticket, staff, known)}, known


def claimed_by_account(engine: Engine, staff_id: int) -> List[str]:
    """Ids of the tickets still claimed by the account `staff_id`."""
    with engine.connect() as connection:
        claimed = [Ticket.from_row(row) for row in connection.execute(tickets.select().where(tickets.c.status == CLAIMED))]
    known = claimers(engine, claimed)
    return [ticket.id for ticket in claimed if ticket.id in known and known[ticket.id].staff_id == staff_id]


def release_claims(engine: Engine, staff_id: int, email: str, actor: str) -> List[str]:
    """Puts the account's claimed tickets back in the queue; their ids."""
    released = claimed_by_account(engine, staff_id)
    for ticket_id in released:
        with engine.begin() as connection:
            connection.execute(
                tickets.update().where(tickets.c.id == ticket_id).where(tickets.c.status == CLAIMED)
                .values(status=OPEN, claimed_by=None, claimed_at=None)
            )
            connection.execute(ticket_claims.delete().where(ticket_claims.c.ticket_id == ticket_id))
        audit.record(engine, actor, "ticket.release", ticket_id, f"claimed by {email}, whose account was disabled")
    return released


def claim(engine: Engine, ticket_id: str, staff, take_over_from: Optional[str] = None,
          take_over_from_id: Optional[int] = None) -> bool:
    """Claims an open ticket for the account `staff`, in one conditional update,
    so that of two people who click "Claim" at once only the first gets it
    (stop 47: the second used to take it over silently, and both were told
    "You have the conversation now"). With `take_over_from` (the name shown)
    and `take_over_from_id` (the account), takes a ticket over from that
    person, only while it is still theirs. False when nothing changed."""
    condition = tickets.c.status == OPEN
    if take_over_from or take_over_from_id:
        condition = tickets.c.status == CLAIMED
        if take_over_from:
            condition = sa.and_(condition, tickets.c.claimed_by == take_over_from)
        if take_over_from_id:
            recorded = sa.select(ticket_claims.c.ticket_id).where(ticket_claims.c.ticket_id == ticket_id)
            theirs = recorded.where(ticket_claims.c.staff_id == take_over_from_id)
            condition = sa.and_(condition, sa.or_(sa.exists(theirs), ~sa.exists(recorded)))
    with engine.begin() as connection:
        changed = connection.execute(
            tickets.update().where(tickets.c.id == ticket_id).where(condition)
            .values(status=CLAIMED, claimed_by=staff.name, claimed_at=dt.datetime.now(dt.timezone.utc))
        ).rowcount
        if changed == 1:
            connection.execute(ticket_claims.delete().where(ticket_claims.c.ticket_id == ticket_id))
            connection.execute(ticket_claims.insert().values(ticket_id=ticket_id, staff_id=staff.id))
    return changed == 1
