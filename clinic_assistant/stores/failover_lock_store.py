"""Rasa's Redis lock store, without a hang after a Rasa server dies.

Each turn takes a ticket in its conversation's queue; a ticket expires after
TICKET_LOCK_LIFETIME (60 s), so one left by a killed server stops blocking the
conversation. But Rasa 3.6 counts a waiting ticket's lifetime from when it was
issued: the next turn, queued right behind the dead ticket, expires at nearly
the same moment, and once it is gone Rasa waits for it to be served forever
(the load test found this). Here a waiter whose own ticket expired takes its
turn instead: every ticket issued before it has expired too.

And Rasa changes a lock by reading it and writing it back (issuing a ticket,
dropping expired ones, finishing a turn): a ticket another server wrote in
between was lost, and its turn ran beside another one of the same
conversation (two deliveries of one message at once on both servers ran it
twice, tests/production/test_exactly_once.py). Here each change is one Redis
transaction, repeated when the lock changed under it.
"""
from __future__ import annotations

import asyncio
import json
import logging
from typing import Callable, Optional, Text, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

T = TypeVar("T")

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

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return self._change(conversation_id, lambda lock: lock.issue_ticket(lock_lifetime), create=True)
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: Text) -> None:
        self._change(conversation_id, TicketLock.remove_expired_tickets)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        self._change(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number), drop_when_empty=True)

    def _change(
        self, conversation_id: Text, change: Callable[[TicketLock], T], create: bool = False, drop_when_empty: bool = False
    ) -> Optional[T]:
        """`change(lock)` applied to the stored lock as one step (WATCH/MULTI)."""
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    if stored is None and not create:
                        return None
                    lock = TicketLock.from_dict(json.loads(stored)) if stored else TicketLock(conversation_id)
                    result = change(lock)
                    pipe.multi()
                    if drop_when_empty and not lock.is_someone_waiting():
                        pipe.delete(key)
                    else:
                        pipe.set(key, lock.dumps())
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue
