"""Rasa's SQL tracker store, made safe for a database that restarts.

Rasa 3.6 wraps every tracker store in FailSafeTrackerStore, which logs a
failed save and keeps the tracker in memory, and turns a failed read into a
brand-new conversation. The REST channel then still answers 200, so a
visitor's turn would be acknowledged without being stored, and the next save
would skip events. This store instead retries while the database is away (a
restart takes seconds) and, if it stays away, ends the Rasa server loudly
before anything is acknowledged: the proxy sends later turns to another server
and the supervisor (docker compose `restart:`) starts this one again.
"""
from __future__ import annotations

import asyncio
import logging
import os
import time
from typing import Any, Awaitable, Callable, Optional

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import InterfaceError, OperationalError

from clinic_assistant.stores.tracker_cache import CachedTrackers

logger = logging.getLogger(__name__)

# How long a save or a read keeps trying before the server gives up.
RETRY_SECONDS = float(os.environ.get("TRACKER_STORE_RETRY_SECONDS", "30"))
# EX_TEMPFAIL: the supervisor should start the server again.
EXIT_DATABASE_GONE = 75
DATABASE_GONE = (OperationalError, InterfaceError)


class DurableSQLTrackerStore(CachedTrackers, SQLTrackerStore):
    """Keeps saved trackers in memory too (clinic_assistant/stores/tracker_cache.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Pooled connections die with a database restart: test each before use.
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def save(self, tracker: DialogueStateTracker) -> None:
        # Safe to repeat: the parent stores only the events the database lacks.
        await self._retrying(f"save {tracker.sender_id}", super().save, tracker)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        return await self._retrying(f"read {sender_id}", super()._retrieve, sender_id, fetch_events_from_all_sessions)

    async def _retrying(self, what: str, operation: Callable[..., Awaitable[Any]], *args: Any) -> Any:
        deadline = time.monotonic() + RETRY_SECONDS
        delay = 0.2
        while True:
            try:
                return await operation(*args)
            except DATABASE_GONE as error:
                if time.monotonic() + delay > deadline:
                    logger.critical(
                        "Tracker store: cannot %s for %.0f s (%s). Stopping this Rasa server so that no "
                        "turn is acknowledged without being stored.", what, RETRY_SECONDS, error,
                    )
                    logging.shutdown()
                    os._exit(EXIT_DATABASE_GONE)
                logger.warning("Tracker store: %s failed (%s); retrying in %.1f s", what, error.orig or error, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
