"""Rasa's Redis lock store, without a hang after a Rasa server dies and with
each change of a lock one Redis transaction (atomic_ticket_locks.py says why):
WATCH the key, read it, write it in MULTI/EXEC, again if it changed meanwhile.
"""
from __future__ import annotations

from typing import Callable, Text

import redis
from rasa.core.lock_store import RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from clinic_assistant.stores.atomic_ticket_locks import AtomicTicketLocks, Stored


class FailoverRedisLockStore(AtomicTicketLocks, RedisLockStore):
    STORE_ERRORS = (redis.RedisError,)

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        # Rasa builds a custom lock store from its endpoints entry.
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def _replace(self, conversation_id: Text, update: Callable[[Stored], Stored]) -> None:
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    replacement = update(pipe.get(key))
                    pipe.multi()
                    if replacement is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, replacement)
                    pipe.execute()
                    return
                except redis.WatchError:
                    continue
