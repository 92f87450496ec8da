"""Deleting conversations and tickets older than the retention period.

A conversation goes when its last message is older than the period, and with
it everything that holds its visitor's words or names it:

- its events in Rasa's tracker store, its handoff tickets (with contact
  details), its SMS opt-out record, the console's summary, tags, note and
  message index;
- every training suggestion made from it (pending, approved or rejected), and
  the approved examples it gave to the training file
  (data/nlu/console_reviewed.yml, rewritten without them unless another,
  still kept conversation gave the same example);
- its id in the audit log, replaced by its pseudonym (clinic_assistant/pii.py), so the
  log still shows who viewed or exported "conv-…" and when, without the
  phone number.

Each run is written to the audit log with the number of conversations deleted.
"""
from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set, Tuple

import sqlalchemy as sa
import yaml
from sqlalchemy.engine import Connection, Engine

from channels.sms_opt_outs import opt_outs as sms_opt_outs
from clinic_assistant.pii import pseudonym
from clinic_assistant.tickets import tickets
from console import audit, indexer, training
from console.db import audit_log, conversations, corrections, events, events_table_exists, get_setting, ticket_claims

SETTING = "retention_days"
DEFAULT_DAYS = 365
MIN_DAYS = 7
BATCH = 500
# Audit entries whose detail lists conversation ids (console/views/conversations.py).
ID_LISTING_ACTIONS = ("export", "export.unredacted")

Example = Tuple[str, str]  # (intent, text as written to the training file)


def retention_days(engine: Engine) -> int:
    return int(get_setting(engine, SETTING, str(DEFAULT_DAYS)))


def _example(intent: str, text: str) -> Example:
    return intent, " ".join((text or "").split())


def _pseudonymise_audit(connection: Connection, expired: List[str]) -> None:
    names = {conversation_id: pseudonym(conversation_id) for conversation_id in expired}
    rows = connection.execute(sa.select(audit_log.c.id, audit_log.c.target).where(audit_log.c.target.in_(expired)))
    for row_id, target in list(rows):
        connection.execute(audit_log.update().where(audit_log.c.id == row_id).values(target=names[target]))
    listings = connection.execute(
        sa.select(audit_log.c.id, audit_log.c.detail).where(audit_log.c.action.in_(ID_LISTING_ACTIONS))
    )
    for row_id, detail in list(listings):
        head, separator, listed = (detail or "").partition(": ")
        if not separator:
            continue
        ids = listed.split(", ")
        renamed = [names.get(conversation_id, conversation_id) for conversation_id in ids]
        if renamed != ids:
            connection.execute(
                audit_log.update().where(audit_log.c.id == row_id).values(detail=head + separator + ", ".join(renamed))
            )


def remove_examples(path: Path, examples: Iterable[Example]) -> int:
    """Rewrites the console's training file without `examples`; returns how many went."""
    drop: Set[Example] = set(examples)
    if not drop or not path.exists():
        return 0
    blocks = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []
    kept: Dict[str, List[str]] = {}
    removed = 0
    for block in blocks:
        lines = (block.get("examples") or "").splitlines()
        for line in (line[2:] for line in lines if line.startswith("- ")):
            if (block["intent"], line) in drop:
                removed += 1
            else:
                kept.setdefault(block["intent"], []).append(line)
    if removed:
        body = [training.HEADER, 'version: "3.1"\n', "nlu:\n"]
        for name in sorted(kept):
            body.append(f"- intent: {name}\n  examples: |\n")
            body.extend(f"    - {line}\n" for line in kept[name])
        partial = path.with_name(f".{path.name}.retention")
        partial.write_text("".join(body) if kept else "".join(body[:2]) + "nlu: []\n", encoding="utf-8")
        partial.replace(path)
    return removed


def count_expired(engine: Engine, now: Optional[float] = None) -> Tuple[int, int]:
    """What a run now would delete: (conversations, other tickets), as the
    admin's "Delete old conversations now" asks before it runs (stop 48)."""
    indexer.index_new_events(engine)
    cutoff = (now or time.time()) - retention_days(engine) * 86400
    with engine.connect() as connection:
        expired = connection.execute(
            sa.select(sa.func.count()).select_from(conversations).where(conversations.c.last_message_at < cutoff)
        ).scalar()
        old_tickets = connection.execute(
            sa.select(sa.func.count()).select_from(tickets)
            .where(tickets.c.created_at < dt.datetime.fromtimestamp(cutoff, dt.timezone.utc))
            .where(~tickets.c.conversation_id.in_(
                sa.select(conversations.c.conversation_id).where(conversations.c.last_message_at < cutoff)
            ))
        ).scalar()
    return int(expired or 0), int(old_tickets or 0)


def delete_expired(engine: Engine, actor: str = "retention", now: Optional[float] = None, how: str = "") -> int:
    """Deletes what is older than the period; returns the conversations deleted.
    `how` is added to the audit entry ("by hand, …")."""
    indexer.index_new_events(engine)  # a conversation that just continued is not old
    days = retention_days(engine)
    cutoff = (now or time.time()) - days * 86400
    deleted = 0
    given_examples: Set[Example] = set()
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
            connection.execute(sms_opt_outs.delete().where(sms_opt_outs.c.conversation_id.in_(expired)))
            approved = connection.execute(
                sa.select(corrections.c.intent, corrections.c.text)
                .where(corrections.c.conversation_id.in_(expired))
                .where(corrections.c.status == "approved")
            )
            given_examples.update(_example(intent, text) for intent, text in approved)
            connection.execute(corrections.delete().where(corrections.c.conversation_id.in_(expired)))
            _pseudonymise_audit(connection, expired)
            indexer.forget(connection, expired)
        deleted += len(expired)
    removed = 0
    if given_examples:
        with engine.connect() as connection:  # the same example from a conversation still kept stays
            still_given = {
                _example(intent, text)
                for intent, text in connection.execute(
                    sa.select(corrections.c.intent, corrections.c.text).where(corrections.c.status == "approved")
                )
            }
        removed = remove_examples(training.training_file(), given_examples - still_given)
    with engine.begin() as connection:
        # Tickets whose conversation was never indexed (or is already gone).
        old_tickets = connection.execute(
            tickets.delete().where(tickets.c.created_at < dt.datetime.fromtimestamp(cutoff, dt.timezone.utc))
        ).rowcount
        # An opt-out from a number whose conversation was never indexed (STOP alone is not stored).
        connection.execute(
            sms_opt_outs.delete().where(sms_opt_outs.c.opted_out_at < cutoff)
            .where(~sms_opt_outs.c.conversation_id.in_(sa.select(conversations.c.conversation_id)))
        )
        # Who claimed the tickets that went (console/claims.py).
        connection.execute(ticket_claims.delete().where(~ticket_claims.c.ticket_id.in_(sa.select(tickets.c.id))))
    audit.record(
        engine, actor, "retention.delete",
        detail=f"{deleted} conversations and {old_tickets} other tickets older than {days} days; "
        f"{removed} training examples removed{'; ' + how if how else ''}",
    )
    return deleted
