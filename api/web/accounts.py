"""Local accounts for the web UI: login with lockout, password policy, password change.

The common-password list is the 1,000 most frequent passwords of the zxcvbn frequency
lists (MIT licence), one per line in ``data/common_passwords.txt``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import clock
from engine.audit import record
from engine.errors import FieldError, ValidationFailed
from engine.identity.models import Tenant, User
from engine.identity.passwords import hash_secret, verify_secret
from engine.identity.service import user_actor

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 12
_DUMMY_HASH = hash_secret("akkoord-timing-equaliser")
_COMMON = Path(__file__).resolve().parent / "data" / "common_passwords.txt"


@dataclass(frozen=True)
class LoginOutcome:
    user: User | None
    previous_login_at: datetime | None = None
    locked_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.user is not None


@cache
def common_passwords() -> frozenset[str]:
    return frozenset(
        line.strip().lower() for line in _COMMON.read_text().splitlines() if line.strip()
    )


def password_problems(password: str, username: str) -> list[str]:
    """What is wrong with a new password, in Dutch; empty when it is acceptable."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"Het wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens lang zijn.")
    if username and username.lower() in password.lower():
        problems.append("Het wachtwoord mag uw gebruikersnaam niet bevatten.")
    if password.lower() in common_passwords():
        problems.append("Dit wachtwoord komt voor in de lijst van veelgebruikte wachtwoorden.")
    return problems


def attempt_login(session: Session, tenant: Tenant, username: str, password: str) -> LoginOutcome:
    """Check a password; counts failures and locks the account after five for 15 minutes.

    Never raises for a wrong password: the failure count must be committed."""
    now = clock.now()
    user = session.scalars(
        select(User).where(User.tenant_id == tenant.id, User.username == username)
    ).first()
    if user is None or not user.active:
        verify_secret(_DUMMY_HASH, password)  # same work for unknown names
        return LoginOutcome(None)
    if user.locked_until is not None and user.locked_until > now:
        return LoginOutcome(None, locked_until=user.locked_until)
    actor = user_actor(user)
    if not verify_secret(user.password_hash, password):
        user.failed_logins += 1
        locked_until = None
        if user.failed_logins >= MAX_FAILURES:
            locked_until = user.locked_until = now + LOCKOUT
            user.failed_logins = 0
            record(session, actor, "user.locked", "user", user.id, after={"until": locked_until})
        else:
            record(session, actor, "user.login_failed", "user", user.id)
        return LoginOutcome(None, locked_until=locked_until)
    previous = user.last_login_at
    user.last_login_at = now
    user.failed_logins = 0
    user.locked_until = None
    record(session, actor, "user.logged_in", "user", user.id)
    return LoginOutcome(user, previous_login_at=previous)


def change_password(session: Session, user: User, current: str, new: str, repeat: str) -> None:
    errors = []
    if not verify_secret(user.password_hash, current):
        errors.append(FieldError("current", "Het huidige wachtwoord klopt niet."))
    errors += [FieldError("new", p) for p in password_problems(new, user.username)]
    if new != repeat:
        errors.append(FieldError("repeat", "De twee nieuwe wachtwoorden zijn niet gelijk."))
    if errors:
        raise ValidationFailed("het wachtwoord is niet gewijzigd", errors)
    user.password_hash = hash_secret(new)
    record(session, user_actor(user), "user.password_changed", "user", user.id)


def list_tenants(session: Session) -> list[Tenant]:
    return list(session.scalars(select(Tenant).order_by(Tenant.name)))
