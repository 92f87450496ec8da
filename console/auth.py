"""Staff accounts, sign-in, sessions and CSRF tokens.

Passwords are hashed with argon2id. A session is a random token in an
HttpOnly, SameSite=Strict cookie; the database keeps only its SHA-256, with
the session's CSRF token. Wrong passwords slow further attempts down
exponentially (`SignInGuard`): per account and address, per address, and,
more gently, per account. No account is ever locked, so nobody can lock a
colleague out by typing their e-mail address with wrong passwords.
"""
from __future__ import annotations

import hashlib
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Optional

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine

from console.db import sessions, staff

ROLES = ("staff", "admin")
SESSION_SECONDS = 12 * 3600
MIN_PASSWORD_LENGTH = 12

hasher = PasswordHasher()
# Verifying against this when the e-mail is unknown takes as long as a real
# check, so response times do not reveal which accounts exist.
_DUMMY_HASH = hasher.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """A staff account cannot be created or changed as asked; `notice` names
    what the admin page tells (console/web.py NOTICES)."""

    notice = "account_error"


class AccountExists(AccountError):
    notice = "account_exists"


class NameTooLong(AccountError):
    notice = "name_too_long"


# The name signs every reply visitors get from that person and fills a column
# of the admin page: a 300-character name stretched the page to 3,000 px.
MAX_NAME_LENGTH = 60


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


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_staff(engine: Engine, email: str, name: str, password: str, role: str = "staff") -> Staff:
    email = email.strip().lower()
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if "@" not in email or not name.strip():
        raise AccountError("an e-mail address and a name are needed")
    if len(name.strip()) > MAX_NAME_LENGTH:
        raise NameTooLong(f"a name has at most {MAX_NAME_LENGTH} characters")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    with engine.begin() as connection:
        # lower() on both sides: an address stored in another case by an older console still counts.
        if connection.execute(sa.select(staff.c.id).where(sa.func.lower(staff.c.email) == email)).first():
            raise AccountExists(f"{email} already has an account")
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


def sign_in(engine: Engine, email: str, password: str) -> SignIn:
    """Checks the password (in constant time whether or not the account
    exists). Throttling is the caller's, with `SignInGuard`."""
    with engine.begin() as connection:
        row = connection.execute(staff.select().where(staff.c.email == (email or "").strip().lower())).first()
        if row is None or not row.active:
            _verify(_DUMMY_HASH, password)
            return SignIn(None)
        if not _verify(row.password_hash, password):
            connection.execute(staff.update().where(staff.c.id == row.id).values(failed_logins=row.failed_logins + 1))
            return SignIn(None)
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


@dataclass
class _Failures:
    count: int = 0
    last: float = float("-inf")


class SignInGuard:
    """Exponential back-off after wrong passwords, kept in memory.

    Each key may fail `free` times; after that each attempt must wait
    2, 4, 8... seconds after the last failure, up to `cap`:

    - an account from one address: 3 free, up to 15 minutes (guessing);
    - one address, whatever the accounts: 10 free, up to 15 minutes (spraying);
    - one account, from any address: 10 free, at most 60 seconds, so that a
      distributed guess is slow while its real owner waits a minute at most.

    A key is forgotten an hour after its last failure; a successful sign-in
    clears its account-and-address and account keys.
    """

    RULES = (("pair", 3, 900.0), ("address", 10, 900.0), ("account", 10, 60.0))
    FORGET_SECONDS = 3600.0
    MAX_TRACKED = 100_000

    def __init__(self, clock=time.monotonic) -> None:
        self.clock = clock
        self.failures: "OrderedDict[tuple, _Failures]" = OrderedDict()

    def _keys(self, email: str, address: str):
        email = (email or "").strip().lower()
        return {"pair": ("pair", email, address), "address": ("address", address), "account": ("account", email)}

    def wait(self, email: str, address: str) -> float:
        """Seconds until the next attempt is allowed (0: now)."""
        now = self.clock()
        keys = self._keys(email, address)
        longest = 0.0
        for rule, free, cap in self.RULES:
            entry = self.failures.get(keys[rule])
            if entry is None or now - entry.last > self.FORGET_SECONDS or entry.count < free:
                continue
            delay = min(cap, 2.0 ** (entry.count - free + 1))
            longest = max(longest, entry.last + delay - now)
        return max(0.0, longest)

    def failed(self, email: str, address: str) -> None:
        now = self.clock()
        for key in self._keys(email, address).values():
            entry = self.failures.pop(key, None) or _Failures()
            if now - entry.last > self.FORGET_SECONDS:
                entry = _Failures()
            entry.count += 1
            entry.last = now
            self.failures[key] = entry
        while len(self.failures) > self.MAX_TRACKED:
            self.failures.popitem(last=False)

    def succeeded(self, email: str, address: str) -> None:
        keys = self._keys(email, address)
        self.failures.pop(keys["pair"], None)
        self.failures.pop(keys["account"], None)


def staff_count(engine: Engine) -> int:
    if not sa.inspect(engine).has_table(staff.name):
        return 0
    with engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(staff)).scalar() or 0
