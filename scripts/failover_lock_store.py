"""Rasa's Redis lock store, without a hang after a Rasa server dies.

Each turn takes a ticket in its conversation's queue; a ticket expires after
TICKET_LOCK_LIFETIME (60 s), so one left by a killed server stops blocking the
conversation. But Rasa 3.6 counts a waiting ticket's lifetime from when it was
issued: the next turn, queued right behind the dead ticket, expires at nearly
the same moment, and once it is gone Rasa waits for it to be served forever
(the load test found this). Here a waiter whose own ticket expired takes its
turn instead: every ticket issued before it has expired too.
"""
from __future__ import annotations

import asyncio
import logging

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)


class FailoverRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        # Rasa builds a custom lock store from its endpoints entry.
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    async def _acquire_lock(self, conversation_id: str, ticket: int, wait_time_in_seconds: float) -> TicketLock:
        while True:
            lock = self.get_lock(conversation_id)
            if lock is None:
                raise LockError(f"The lock for conversation '{conversation_id}' expired.")
            if not lock.is_locked(ticket):
                return lock
            if ticket not in {queued.number for queued in lock.tickets}:
                logger.warning("Lock for '%s': ticket %s expired while waiting; taking the turn.", conversation_id, ticket)
                return lock
            await asyncio.sleep(wait_time_in_seconds)
            self.update_lock(conversation_id)
