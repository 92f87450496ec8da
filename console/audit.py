"""Who viewed, exported, tagged or changed what, and when."""
from __future__ import annotations

import time
from typing import List

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from console.db import audit_log

PAGE_SIZE = 100


def record(engine: Engine, actor: str, action: str, target: str = "", detail: str = "") -> None:
    with engine.begin() as connection:
        connection.execute(
            audit_log.insert().values(at=time.time(), actor=actor, action=action, target=target[:255], detail=detail)
        )


def recent(engine: Engine, page: int = 1, actor: str = "", action: str = "") -> List[dict]:
    query = sa.select(audit_log).order_by(audit_log.c.id.desc())
    if actor:
        query = query.where(audit_log.c.actor == actor)
    if action:
        query = query.where(audit_log.c.action == action)
    query = query.limit(PAGE_SIZE).offset((max(page, 1) - 1) * PAGE_SIZE)
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]
