"""Staff accounts, sign-in, sessions and CSRF tokens.

Passwords are hashed with argon2id. A session is a random token in an
HttpOnly, SameSite=Strict cookie; the database keeps only its SHA-256, with
the session's CSRF token. Five wrong passwords lock an account for fifteen
minutes; `LoginThrottle` also limits attempts per client address, so nobody
can try many accounts from one place.
"""
from __future__ import annotations

import hashlib
import secrets
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Deque, Dict, Optional

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine

from console.db import sessions, staff

ROLES = ("staff", "admin")
MAX_FAILED_LOGINS = 5
LOCKOUT_SECONDS = 15 * 60
SESSION_SECONDS = 12 * 3600
MIN_PASSWORD_LENGTH = 12

hasher = PasswordHasher()
# Verifying against this when the e-mail is unknown takes as long as a real
# check, so response times do not reveal which accounts exist.
_DUMMY_HASH = hasher.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """A staff account cannot be created or changed as asked."""


@dataclass(frozen=True)
class Staff:
    id: int
    email: str
    name: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class SignIn:
    staff: Optional[Staff]
    locked: bool = False


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_staff(engine: Engine, email: str, name: str, password: str, role: str = "staff") -> Staff:
    email = email.strip().lower()
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if "@" not in email or not name.strip():
        raise AccountError("an e-mail address and a name are needed")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    with engine.begin() as connection:
        if connection.execute(sa.select(staff.c.id).where(staff.c.email == email)).first():
            raise AccountError(f"{email} already has an account")
        result = connection.execute(
            staff.insert().values(
                email=email, name=name.strip(), role=role, password_hash=hasher.hash(password),
                active=True, failed_logins=0, created_at=time.time(),
            )
        )
    return Staff(result.inserted_primary_key[0], email, name.strip(), role)


def set_password(engine: Engine, staff_id: int, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    with engine.begin() as connection:
        connection.execute(
            staff.update().where(staff.c.id == staff_id).values(password_hash=hasher.hash(password), failed_logins=0, locked_until=None)
        )
        connection.execute(sessions.delete().where(sessions.c.staff_id == staff_id))


def sign_in(engine: Engine, email: str, password: str, now: Optional[float] = None) -> SignIn:
    now = now or time.time()
    with engine.begin() as connection:
        row = connection.execute(staff.select().where(staff.c.email == (email or "").strip().lower())).first()
        if row is None or not row.active:
            _verify(_DUMMY_HASH, password)
            return SignIn(None)
        if row.locked_until and row.locked_until > now:
            return SignIn(None, locked=True)
        if not _verify(row.password_hash, password):
            failed = row.failed_logins + 1
            locked_until = now + LOCKOUT_SECONDS if failed >= MAX_FAILED_LOGINS else None
            connection.execute(
                staff.update().where(staff.c.id == row.id).values(
                    failed_logins=0 if locked_until else failed, locked_until=locked_until
                )
            )
            return SignIn(None, locked=locked_until is not None)
        connection.execute(staff.update().where(staff.c.id == row.id).values(failed_logins=0, locked_until=None))
        return SignIn(Staff(row.id, row.email, row.name, row.role))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False


def open_session(engine: Engine, member: Staff, now: Optional[float] = None) -> str:
    token = secrets.token_urlsafe(32)
    with engine.begin() as connection:
        connection.execute(sessions.delete().where(sessions.c.expires_at < (now or time.time())))
        connection.execute(
            sessions.insert().values(
                token_hash=_hash_token(token), staff_id=member.id,
                csrf_token=secrets.token_urlsafe(32), expires_at=(now or time.time()) + SESSION_SECONDS,
            )
        )
    return token


@dataclass(frozen=True)
class Session:
    staff: Staff
    csrf_token: str


def current_session(engine: Engine, token: Optional[str], now: Optional[float] = None) -> Optional[Session]:
    if not token:
        return None
    query = (
        sa.select(staff.c.id, staff.c.email, staff.c.name, staff.c.role, sessions.c.csrf_token)
        .select_from(sessions.join(staff, staff.c.id == sessions.c.staff_id))
        .where(sessions.c.token_hash == _hash_token(token))
        .where(sessions.c.expires_at > (now or time.time()))
        .where(staff.c.active.is_(True))
    )
    with engine.connect() as connection:
        row = connection.execute(query).first()
    if row is None:
        return None
    return Session(Staff(row.id, row.email, row.name, row.role), row.csrf_token)


def close_session(engine: Engine, token: Optional[str]) -> None:
    if token:
        with engine.begin() as connection:
            connection.execute(sessions.delete().where(sessions.c.token_hash == _hash_token(token)))


def csrf_matches(session: Session, submitted: Optional[str]) -> bool:
    return bool(submitted) and secrets.compare_digest(session.csrf_token, submitted)


class LoginThrottle:
    """At most `limit` sign-in attempts per client address in `window` seconds."""

    def __init__(self, limit: int = 20, window: float = 600.0) -> None:
        self.limit = limit
        self.window = window
        self.attempts: Dict[str, Deque[float]] = defaultdict(deque)

    def allow(self, client: str, now: Optional[float] = None) -> bool:
        now = now or time.monotonic()
        recent = self.attempts[client]
        while recent and recent[0] < now - self.window:
            recent.popleft()
        if len(recent) >= self.limit:
            return False
        recent.append(now)
        return True


def staff_count(engine: Engine) -> int:
    if not sa.inspect(engine).has_table(staff.name):
        return 0
    with engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(staff)).scalar() or 0
