"""Rasa's ticket locks, changed atomically and without a hang after a process dies.

Shared by the lock stores of both profiles: Redis for several Rasa servers
(failover_lock_store.py), SQLite for several Sanic workers of one server
(sqlite_lock_store.py). A store provides `_replace`: read one conversation's
stored lock, compute the new one, write it (or delete it), as one step.

Each turn takes a ticket in its conversation's queue; a ticket expires after
TICKET_LOCK_LIFETIME (60 s), so one left by a killed process stops blocking
the conversation. But Rasa 3.6 counts a waiting ticket's lifetime from when
it was issued: the next turn, queued right behind the dead ticket, expires at
nearly the same moment, and once it is gone Rasa waits for it to be served
forever (the load test found this). Here a waiter whose own ticket expired
takes its turn instead: every ticket issued before it has expired too.

And Rasa changes a lock by reading it and writing it back (issuing a ticket,
dropping expired ones, finishing a turn): a ticket another process wrote in
between was lost, and its turn ran beside another one of the same
conversation (two deliveries of one message at once on both servers ran it
twice, tests/production/test_exactly_once.py). Here each change is one step
of the store.
"""
from __future__ import annotations

import asyncio
import json
import logging
from typing import Callable, List, Optional, Text, Tuple, TypeVar, Union

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError

T = TypeVar("T")
# A lock as stored: TicketLock.dumps(), as text or as Redis's bytes.
Stored = Optional[Union[str, bytes]]

logger = logging.getLogger(__name__)


class AtomicTicketLocks:
    """Mixin for a rasa.core.lock_store.LockStore that implements `_replace`."""

    # The store's own errors, reported to Rasa as a LockError when issuing a ticket.
    STORE_ERRORS: Tuple[type, ...] = ()

    def _replace(self, conversation_id: Text, update: Callable[[Stored], Stored]) -> None:
        """Stores `update(stored)` (None: no lock) in place of the stored lock, atomically."""
        raise NotImplementedError

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
        except self.STORE_ERRORS as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: Text) -> None:
        self._change(conversation_id, TicketLock.remove_expired_tickets)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        self._change(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number), drop_when_empty=True)

    def _change(
        self, conversation_id: Text, change: Callable[[TicketLock], T], create: bool = False, drop_when_empty: bool = False
    ) -> Optional[T]:
        """`change(lock)` applied to the stored lock as one step; its result."""
        results: List[T] = []

        def update(stored: Stored) -> Stored:
            results.clear()  # a store may call this again when the lock changed under it
            if stored is None and not create:
                return None
            lock = TicketLock.from_dict(json.loads(stored)) if stored else TicketLock(conversation_id)
            results.append(change(lock))
            return None if drop_when_empty and not lock.is_someone_waiting() else lock.dumps()

        self._replace(conversation_id, update)
        return results[0] if results else None
