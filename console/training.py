"""Mistakes turned into training data, with a person's review in between.

A staff member marks a visitor message's intent as wrong and picks the right
one: that is a pending suggestion. An admin approves it (then the message is
written, in Rasa's format, to the training file under data/nlu/ and the next
`make run` retrains) or rejects it.
"""
from __future__ import annotations

import os
import time
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import sqlalchemy as sa
import yaml
from sqlalchemy.engine import Engine

from clinic_assistant.clinic_config import PROJECT_ROOT
from console.db import corrections

DEFAULT_FILE = PROJECT_ROOT / "data" / "nlu" / "console_reviewed.yml"
HEADER = (
    "# Visitor messages whose intent staff corrected in the console and an\n"
    "# admin approved (console/training.py). Reviewed by people; edit freely.\n"
)


def training_file() -> Path:
    return Path(os.environ.get("CONSOLE_TRAINING_FILE") or DEFAULT_FILE)


@lru_cache(maxsize=1)
def known_intents() -> Tuple[str, ...]:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return tuple(sorted(name if isinstance(name, str) else next(iter(name)) for name in domain["intents"]))


def suggest(engine: Engine, event_id: int, conversation_id: str, text: str, predicted: Optional[str], intent: str, staff: str) -> int:
    if intent not in known_intents():
        raise ValueError(f"unknown intent {intent!r}")
    with engine.begin() as connection:
        result = connection.execute(
            corrections.insert().values(
                event_id=event_id, conversation_id=conversation_id, text=text, predicted=predicted,
                intent=intent, suggested_by=staff, status="pending", created_at=time.time(),
            )
        )
    return result.inserted_primary_key[0]


def pending(engine: Engine) -> List[Dict]:
    query = corrections.select().where(corrections.c.status == "pending").order_by(corrections.c.id)
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]


def decide(engine: Engine, correction_id: int, approve: bool, admin: str) -> Optional[Dict]:
    with engine.begin() as connection:
        row = connection.execute(
            corrections.select().where(corrections.c.id == correction_id).where(corrections.c.status == "pending")
        ).first()
        if row is None:
            return None
        connection.execute(
            corrections.update().where(corrections.c.id == correction_id).values(
                status="approved" if approve else "rejected", decided_by=admin
            )
        )
    if approve:
        add_example(training_file(), row.intent, row.text)
    return dict(row._mapping)


def add_example(path: Path, intent: str, text: str) -> bool:
    """Adds `text` under `intent` in a Rasa NLU file; False if already there."""
    example = " ".join(text.split())
    examples: Dict[str, List[str]] = {}
    if path.exists():
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            lines = (block.get("examples") or "").splitlines()
            examples[block["intent"]] = [line[2:] for line in lines if line.startswith("- ")]
    if not example or example in examples.get(intent, []):
        return False
    examples.setdefault(intent, []).append(example)
    body = [HEADER, 'version: "3.1"\n', "nlu:\n"]
    for name in sorted(examples):
        body.append(f"- intent: {name}\n  examples: |\n")
        body.extend(f"    - {line}\n" for line in examples[name])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(body), encoding="utf-8")
    return True


def count_pending(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(
            sa.select(sa.func.count()).select_from(corrections).where(corrections.c.status == "pending")
        ).scalar() or 0
