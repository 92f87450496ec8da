"""Mistakes turned into training data, with a person's review in between.

A staff member marks a visitor message's intent as wrong and picks the right
one: that is a pending suggestion. An admin approves it (then the message is
written, in Rasa's format, to the training file under data/nlu/ and the next
`make run` retrains) or rejects it.

What reaches the training file is checked first (`problem`): a message with
a visitor's phone number or e-mail address is refused (training data is kept
for ever and shared with whoever trains the model; blanking the number would
still leave the name beside it, "07700 900123, Jo, best after 5pm"); one
message may be filed under one intent only (Rasa's data validation rejects an
example under two intents); and a message that asks several questions is
flagged, so the admin approves it under one intent only on purpose.
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
from clinic_assistant.pii import has_contact_details
from clinic_assistant.questions import split_questions
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


class Refused(ValueError):
    """A suggestion that cannot become training data; `reason` is a notice key
    (console/web.py NOTICES)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _example(text: str) -> str:
    return " ".join((text or "").split())


def several_questions(text: str) -> bool:
    """Whether the message asks more than one question ("Does it hurt? How
    much does it cost?"): one intent for it teaches the classifier wrong."""
    return len(split_questions(text or "")) > 1


def _other_intent(connection, text: str, intent: str, excluding: Optional[int] = None) -> Optional[str]:
    """The intent the same message is already suggested or approved under, if
    it is not `intent`."""
    query = (
        sa.select(corrections.c.id, corrections.c.text, corrections.c.intent)
        .where(corrections.c.status.in_(("pending", "approved")))
        .where(corrections.c.intent != intent)
    )
    for row in connection.execute(query):
        if row.id != excluding and _example(row.text).lower() == _example(text).lower():
            return row.intent
    return None


def problem(connection, text: str, intent: str, excluding: Optional[int] = None) -> Optional[str]:
    """Why `text` cannot go into the training data under `intent` (a notice
    key), or None."""
    if has_contact_details(text):
        return "training_contact"
    if _other_intent(connection, text, intent, excluding):
        return "training_conflict"
    return None


def suggest(engine: Engine, event_id: int, conversation_id: str, text: str, predicted: Optional[str], intent: str, staff: str) -> int:
    if intent not in known_intents():
        raise ValueError(f"unknown intent {intent!r}")
    if intent == predicted:
        raise Refused("training_same")
    with engine.begin() as connection:
        reason = problem(connection, text, intent)
        if reason:
            raise Refused(reason)
        already = connection.execute(
            sa.select(corrections.c.id).where(corrections.c.event_id == event_id).where(corrections.c.intent == intent)
            .where(corrections.c.status.in_(("pending", "approved")))
        ).first()
        if already is not None:
            raise Refused("training_duplicate")
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
        rows = [dict(row._mapping) for row in connection.execute(query)]
    for row in rows:
        row["several_questions"] = several_questions(row["text"])
    return rows


def decide(engine: Engine, correction_id: int, approve: bool, admin: str, several_confirmed: bool = False) -> Optional[Dict]:
    """Approves or rejects a pending suggestion; None when there is none.
    Raises Refused when it cannot be approved (contact details, another
    intent for the same message, or several questions not confirmed)."""
    with engine.begin() as connection:
        row = connection.execute(
            corrections.select().where(corrections.c.id == correction_id).where(corrections.c.status == "pending")
        ).first()
        if row is None:
            return None
        if approve:
            # Checked again here: suggestions stored before these checks, or
            # two pending ones for the same message, reach this point too.
            reason = problem(connection, row.text, row.intent, excluding=row.id)
            if reason is None and several_questions(row.text) and not several_confirmed:
                reason = "training_several"
            if reason:
                raise Refused(reason)
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
    example = _example(text)
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


def for_conversation(engine: Engine, conversation_id: str) -> Dict[int, List[Dict]]:
    """The suggestions made from each message of a conversation (pending,
    approved or rejected), by event id, so the transcript shows them on the
    message (stop 47: after "Suggest" the page showed nothing on it)."""
    query = (
        sa.select(corrections.c.event_id, corrections.c.intent, corrections.c.status, corrections.c.suggested_by)
        .where(corrections.c.conversation_id == conversation_id).order_by(corrections.c.id)
    )
    found: Dict[int, List[Dict]] = {}
    with engine.connect() as connection:
        for row in connection.execute(query):
            found.setdefault(row.event_id, []).append(dict(row._mapping))
    return found
