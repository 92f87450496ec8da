"""Who has texted STOP, for the staff console.

Twilio honours an SMS opt-out itself: after STOP (or another opt-out word) it
refuses every message to that number until the person texts START, and the
Twilio channel neither answers nor stores the word (channels/twilio.py, stop
45). Staff, though, were not told: a reply to that visitor was "sent" and
never arrived. The channel records the opt-out here, in the clinic's database
(the one the tracker store and the console use), and START removes it; the
console reads it to say so on the conversation and to refuse an SMS reply.

Only the conversation id (which holds the number) and the time are stored,
never the words. The console's retention job deletes the row with the
conversation.
"""
from __future__ import annotations

import asyncio
import functools
import logging
import time
from typing import Dict, Iterable, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine

logger = logging.getLogger(__name__)

metadata = sa.MetaData()
opt_outs = sa.Table(
    "sms_opt_outs",
    metadata,
    sa.Column("conversation_id", sa.String(255), primary_key=True),
    sa.Column("opted_out_at", sa.Float, nullable=False),
)


@functools.lru_cache(maxsize=None)
def _engine(url: str) -> Engine:
    from clinic_assistant.database import create_engine

    engine = create_engine(url)
    metadata.create_all(engine)
    return engine


def default_engine() -> Engine:
    from clinic_assistant.tickets import default_db_url

    return _engine(default_db_url())


def record(engine: Engine, conversation_id: str, stopped: bool, at: Optional[float] = None) -> None:
    """`stopped`: the visitor texted STOP (kept, with the time); else START (removed)."""
    metadata.create_all(engine, checkfirst=True)
    with engine.begin() as connection:
        connection.execute(opt_outs.delete().where(opt_outs.c.conversation_id == conversation_id))
        if stopped:
            connection.execute(opt_outs.insert().values(conversation_id=conversation_id, opted_out_at=at or time.time()))


async def record_in_background(conversation_id: str, stopped: bool) -> None:
    """`record` on the clinic's database in a worker thread; a failure is logged, never raised
    (the webhook must answer Twilio whatever happens)."""
    try:
        await asyncio.get_running_loop().run_in_executor(None, lambda: record(default_engine(), conversation_id, stopped))
    except Exception:  # noqa: BLE001
        logger.exception("could not record the SMS %s of %s", "opt-out" if stopped else "opt-in", conversation_id)


def opted_out(engine: Engine, conversation_ids: Iterable[str]) -> Dict[str, float]:
    """When each of these conversations opted out, for those that have (and not back in)."""
    ids = [conversation_id for conversation_id in dict.fromkeys(conversation_ids) if conversation_id.startswith("twilio:")]
    if not ids or not sa.inspect(engine).has_table(opt_outs.name):
        return {}
    with engine.connect() as connection:
        rows = connection.execute(sa.select(opt_outs).where(opt_outs.c.conversation_id.in_(ids)))
        return {row.conversation_id: row.opted_out_at for row in rows}
