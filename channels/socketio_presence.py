"""Whether a widget of a conversation has a socket anywhere the emits reach.

A socket.io server knows only its own sockets. The console asks after a
staff reply whether the visitor's widget is connected (channels/socketio.py
``/presence``), and the widget's socket may be in another worker of the same
server (channels/socketio_workers.py) or in another Rasa server of the
production profile (channels/socketio_servers.py). The asker sends a query
over its client manager's pub/sub and waits at most PRESENCE_WAIT seconds
for the others' answers; each manager says how a query is sent and how an
answer goes back.
"""
from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any, Dict, Optional

PRESENCE_WAIT = 0.5  # seconds a presence query waits for the others' answers
QUERY, ANSWER = "clinic_presence", "clinic_presence_answer"  # never python-socketio's own methods


class PresenceQueries:
    """Mixin for a python-socketio pub/sub client manager."""

    _presence_queries: Dict[str, "asyncio.Queue[bool]"]

    def start_presence(self) -> None:
        self._presence_queries = {}

    def present_here(self, namespace: str, room: str) -> bool:
        return any(True for _ in self.get_participants(namespace, room))  # type: ignore[attr-defined]

    async def ask_others(self, query: Dict[str, Any]) -> int:
        """Sends a presence query to the others; returns how many will answer."""
        raise NotImplementedError

    def answer(self, query: Dict[str, Any], answer: Dict[str, Any]) -> None:
        """Sends `answer` back to whoever sent `query`."""
        raise NotImplementedError

    async def present(self, namespace: str, room: str) -> bool:
        """Whether a socket here or anywhere the emits reach is in `room`."""
        if self.present_here(namespace, room):
            return True
        query_id = uuid.uuid4().hex
        answers: "asyncio.Queue[bool]" = asyncio.Queue()
        self._presence_queries[query_id] = answers
        try:
            asked = await self.ask_others({"method": QUERY, "query": query_id, "namespace": namespace, "room": room})
            loop = asyncio.get_running_loop()
            deadline = loop.time() + PRESENCE_WAIT
            for _ in range(asked):
                try:
                    if await asyncio.wait_for(answers.get(), max(0.0, deadline - loop.time())):
                        return True
                except asyncio.TimeoutError:
                    return False  # one that does not answer holds no socket we could reach
            return False
        finally:
            self._presence_queries.pop(query_id, None)

    def presence_message(self, message: Any) -> bool:
        """Handles a presence query or answer; False for python-socketio's own messages."""
        data = _presence_data(message)
        if data is None:
            return False
        if data.get("method") == QUERY:
            self.answer(data, {"method": ANSWER, "query": data.get("query"),
                               "present": self.present_here(data.get("namespace") or "/", data.get("room") or "")})
        else:
            waiting = self._presence_queries.get(data.get("query"))
            if waiting is not None:
                waiting.put_nowait(bool(data.get("present")))
        return True


def _presence_data(message: Any) -> Optional[Dict[str, Any]]:
    if isinstance(message, str):
        message = message.encode()
    if not isinstance(message, bytes) or b'"clinic_presence' not in message:
        return None
    try:
        data = json.loads(message)
    except ValueError:
        return None
    return data if isinstance(data, dict) and data.get("method") in (QUERY, ANSWER) else None
