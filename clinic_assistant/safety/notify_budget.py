"""How many handoff notifications the clinic gets in an hour, whatever a flood does.

A ticket is one per conversation (the handoff reuses the open one), but a
flood can start many conversations, and each new ticket would send a webhook
call and an e-mail. `NotificationBudget` lets through at most `per_hour`
ordinary notifications and `urgent_per_hour` urgent ones in any sliding hour;
the rest are counted and, at the next notification let through (or by
`due_digest()` on a timer), reported as one summary: "N more tickets were
opened; see the console". Tickets themselves are never dropped: the queue
in the console shows them all.

    budget = NotificationBudget.from_env()   # HANDOFF_NOTIFY_PER_HOUR, HANDOFF_URGENT_NOTIFY_PER_HOUR
    decision = budget.admit(urgent=ticket.urgent)
    if decision.send:
        body = notification_body(ticket_event(...))       # clinic_assistant/pii.py
        if decision.held_back:
            body["held_back"] = decision.held_back          # tickets not notified since the last one
        ...send...

In memory, per action server process (docker-compose.yml runs one).
"""
from __future__ import annotations

import os
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable, Deque, Mapping, Optional

DEFAULT_PER_HOUR = 30
DEFAULT_URGENT_PER_HOUR = 60
HOUR = 3600.0


@dataclass(frozen=True)
class Decision:
    send: bool
    held_back: int = 0  # notifications not sent since the last one that was (to report with this one)


class NotificationBudget:
    def __init__(
        self,
        per_hour: int = DEFAULT_PER_HOUR,
        urgent_per_hour: int = DEFAULT_URGENT_PER_HOUR,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits = {False: max(1, per_hour), True: max(1, urgent_per_hour)}
        self.clock = clock
        self.sent: dict = {False: deque(), True: deque()}
        self.held_back = 0
        self._lock = threading.Lock()

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None, **kwargs) -> "NotificationBudget":
        environ = os.environ if environ is None else environ
        return cls(
            int(environ.get("HANDOFF_NOTIFY_PER_HOUR") or DEFAULT_PER_HOUR),
            int(environ.get("HANDOFF_URGENT_NOTIFY_PER_HOUR") or DEFAULT_URGENT_PER_HOUR),
            **kwargs,
        )

    def _recent(self, urgent: bool, now: float) -> Deque[float]:
        sent = self.sent[urgent]
        while sent and sent[0] <= now - HOUR:
            sent.popleft()
        return sent

    def admit(self, urgent: bool = False) -> Decision:
        """Whether to notify the clinic of this ticket now."""
        now = self.clock()
        with self._lock:
            sent = self._recent(urgent, now)
            if len(sent) >= self.limits[urgent]:
                self.held_back += 1
                return Decision(False)
            sent.append(now)
            held_back, self.held_back = self.held_back, 0
            return Decision(True, held_back)

    def due_digest(self) -> int:
        """Held-back notifications to report now when an ordinary one may be
        sent (for a timer; 0 when there is nothing to report or no room)."""
        now = self.clock()
        with self._lock:
            if not self.held_back or len(self._recent(False, now)) >= self.limits[False]:
                return 0
            self._recent(False, now).append(now)
            held_back, self.held_back = self.held_back, 0
            return held_back
