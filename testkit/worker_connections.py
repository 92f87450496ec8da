"""Requests to a chosen Sanic worker of a running Rasa server.

A kept-alive connection stays with the worker that accepted it
(clinic_assistant/workers.py finds which one did), so a test holds one
connection per worker and sends each request through the worker it names.
"""
from __future__ import annotations

import http.client
import json
from typing import Any, Dict, List, Tuple

from clinic_assistant.stack import Stack
from clinic_assistant.workers import connection_owner, worker_pids

# Connections opened before each worker has been given one (the kernel picks the worker).
MAX_ATTEMPTS = 200


class WorkerConnections:
    def __init__(self, stack: Stack) -> None:
        self.server_pid = stack.processes["rasa"].pid
        self.port = int(stack.config["RASA_PORT"])
        self.workers: List[int] = sorted(worker_pids(self.server_pid))
        self._connections: Dict[int, http.client.HTTPConnection] = {}

    def request(self, worker: int, method: str, path: str, body: Any = None) -> Tuple[int, Any]:
        """The status and JSON answer of `method path` served by `worker`."""
        connection = self._connection_to(worker)
        payload = None if body is None else json.dumps(body)
        connection.request(method, path, body=payload, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")

    def close(self) -> None:
        for connection in self._connections.values():
            connection.close()

    def _connection_to(self, worker: int) -> http.client.HTTPConnection:
        kept = self._connections.get(worker)
        if kept is not None and kept.sock is not None and self._owner(kept, timeout=0.5) == worker:
            return kept
        for _ in range(MAX_ATTEMPTS):
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            connection.connect()
            owner = self._owner(connection, timeout=5)
            if owner == worker:
                self._connections[worker] = connection
                return connection
            connection.close()
        raise AssertionError(f"no connection reached worker {worker} in {MAX_ATTEMPTS} attempts")

    def _owner(self, connection: http.client.HTTPConnection, timeout: float) -> int | None:
        return connection_owner(self.server_pid, self.port, connection.sock, timeout=timeout)
