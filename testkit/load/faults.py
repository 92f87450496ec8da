"""The faults `make loadtest` injects while the visitors talk, at fixed points
of progress (share of all turns done), one after the other."""
from __future__ import annotations

import asyncio
import subprocess
import time
from typing import Dict, List

from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import Pool

from .client import Turn
from .cluster import Cluster

# Long enough for several turns of every kind to meet the missing action server.
ACTION_OUTAGE_SECONDS = 15


def restart_postgres(port: str) -> None:
    """Restarts the local PostgreSQL cluster on `port` (Debian's pg_ctlcluster)."""
    listing = subprocess.run(["pg_lsclusters", "--no-header"], check=True, capture_output=True, text=True).stdout
    version, name = next(line.split()[:2] for line in listing.splitlines() if line.split()[2] == port)
    subprocess.run(["pg_ctlcluster", version, name, "restart"], check=True)
    # The restart kills every pooled connection of this process too (the
    # ledger's and testkit/databases.py's admin engine, which drops the database).
    if not event.contains(Pool, "checkout", _replace_dead_connection):
        event.listen(Pool, "checkout", _replace_dead_connection)


def _replace_dead_connection(dbapi_connection, connection_record, connection_proxy) -> None:
    """SQLAlchemy's pessimistic disconnect recipe: the pool retries with a new connection."""
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:
        raise DisconnectionError() from error


async def _progress(turns: List[Turn], share: float, total: int) -> None:
    while len(turns) < share * total:
        await asyncio.sleep(0.1)


async def kill_rasa(cluster: Cluster, times: Dict[str, float]) -> None:
    """Kills the second Rasa server; turns in flight between the two times may go unanswered."""
    times["rasa_killed"] = time.monotonic()
    await asyncio.to_thread(cluster.kill_rasa, 1)
    times["rasa_gone"] = time.monotonic()


async def inject(cluster: Cluster, turns: List[Turn], total: int, times: Dict[str, float]) -> None:
    """Fills `times` with when each fault started and ended (time.monotonic())."""
    await _progress(turns, 0.2, total)
    await kill_rasa(cluster, times)

    await _progress(turns, 0.35, total)
    times["actions_killed"] = time.monotonic()
    await asyncio.to_thread(cluster.kill_actions)
    await asyncio.sleep(ACTION_OUTAGE_SECONDS)
    await asyncio.to_thread(cluster.services.start_actions)
    times["actions_back"] = time.monotonic()

    await _progress(turns, 0.6, total)
    times["postgres_restart"] = time.monotonic()
    await asyncio.to_thread(restart_postgres, cluster.services.config["POSTGRES_PORT"])
    times["postgres_back"] = time.monotonic()
