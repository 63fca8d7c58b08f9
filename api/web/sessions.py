"""Web sessions: a random token in an HttpOnly cookie; idle timeout and absolute lifetime.

The idle timeout comes from the tenant setting ``settings["web"]["idle_timeout_minutes"]``
(default 15), the absolute lifetime from ``session_lifetime_hours`` (default 10).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from api.web.models import WebSession
from api.web.request_tx import page_read
from engine import clock
from engine.db import transaction, write_after_read
from engine.identity.actor import Actor
from engine.identity.models import Tenant, User
from engine.identity.service import user_actor

SESSION_COOKIE = "akkoord_session"
PRE_COOKIE = "akkoord_pre"  # anonymous visitor id: binds the login form's CSRF token
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
# Last-seen is written at most once a minute, not per page: the idle timeout errs by at most
# that on the safe side (a session may end up to a minute early, never late).
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class WebUser:
    actor: Actor
    user_id: str
    username: str
    full_name: str
    tenant_id: int
    tenant_name: str
    previous_login_at: datetime | None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def web_settings(tenant: Tenant) -> dict[str, object]:
    value = (tenant.settings or {}).get("web") or {}
    return value if isinstance(value, dict) else {}


def _setting(tenant: Tenant, key: str, default: int) -> int:
    value = web_settings(tenant).get(key, default)
    return value if isinstance(value, int) and value > 0 else default


def start_session(
    session: Session, user: User, tenant: Tenant, previous_login_at: datetime | None
) -> str:
    token = secrets.token_urlsafe(32)
    now = clock.now()
    lifetime = timedelta(hours=_setting(tenant, "session_lifetime_hours", 10))
    session.add(
        WebSession(
            id=_digest(token),
            tenant_id=tenant.id,
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + lifetime,
            previous_login_at=previous_login_at,
        )
    )
    return token


def _session_row(session: Session, token: str) -> tuple[WebSession, User, Tenant] | None:
    """The session with its user and tenant in one statement (this runs on every page)."""
    query = (
        select(WebSession, User, Tenant)
        .join(User, User.id == WebSession.user_id)
        .join(Tenant, Tenant.id == WebSession.tenant_id)
        .where(WebSession.id == _digest(token))
    )
    row = session.execute(query).first()
    return None if row is None else (row[0], row[1], row[2])


def _idle_timeout(tenant: Tenant) -> timedelta:
    return timedelta(minutes=_setting(tenant, "idle_timeout_minutes", 15))


def _ended(row: WebSession, user: User, tenant: Tenant, now: datetime) -> bool:
    idle = _idle_timeout(tenant)
    return not user.active or now >= row.expires_at or now - row.last_seen_at >= idle


def _touch_due(row: WebSession, tenant: Tenant, now: datetime) -> bool:
    # half the idle timeout at most, so a user who keeps clicking is never timed out
    return now - row.last_seen_at >= min(TOUCH_EVERY, _idle_timeout(tenant) / 2)


def check_session(session: Session, token: str) -> WebUser | None:
    """The user of a live session; ends the session when it is idle or too old. Reads only:
    the last-seen time and the end are written after the read (``write_after_read``)."""
    found = _session_row(session, token)
    if found is None:
        return None
    row, user, tenant = found
    now = clock.now()
    this_session = WebSession.id == row.id
    if _ended(row, user, tenant, now):
        write_after_read(session, lambda s: s.execute(delete(WebSession).where(this_session)))
        return None
    if _touch_due(row, tenant, now):
        seen = update(WebSession).where(this_session).values(last_seen_at=now)
        write_after_read(session, lambda s: s.execute(seen))
    return WebUser(
        actor=user_actor(user),
        user_id=str(user.id),
        username=user.username,
        full_name=user.full_name,
        tenant_id=tenant.id,
        tenant_name=tenant.name,
        previous_login_at=row.previous_login_at,
    )


def _load_session(request: Request, token: str) -> WebUser | None:
    read = page_read(request)
    if read is None:
        with transaction(request.app.state.session_factory, read_only=True) as session:
            return check_session(session, token)
    web_user = check_session(read.session(), token)
    if web_user is None:
        read.finish()  # the ended session is deleted even though the page is not served
    return web_user


def end_session(factory: sessionmaker[Session], token: str) -> None:
    with transaction(factory) as session:
        session.execute(delete(WebSession).where(WebSession.id == _digest(token)))


def current_web_user(request: Request) -> WebUser | None:
    cached = getattr(request.state, "web_user", None)
    if isinstance(cached, WebUser):
        return cached
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    web_user = _load_session(request, token)
    if web_user is not None:
        request.state.web_user = web_user
    return web_user


# --- cookies and CSRF -------------------------------------------------------------------


def cookie_is_secure(request: Request) -> bool:
    """Secure everywhere except plain http on this machine (development, tests)."""
    return not (request.url.scheme == "http" and request.url.hostname in LOCAL_HOSTS)


def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        httponly=True,
        secure=cookie_is_secure(request),
        samesite="lax",
        path="/",
    )


def visitor_id(request: Request) -> str:
    """The session token, or the anonymous visitor id (made here when missing)."""
    token = request.cookies.get(SESSION_COOKIE) or request.cookies.get(PRE_COOKIE)
    if token:
        return token
    fresh = getattr(request.state, "new_visitor_id", None)
    if not isinstance(fresh, str):
        fresh = request.state.new_visitor_id = secrets.token_urlsafe(24)
    return fresh


def csrf_token(request: Request) -> str:
    key = request.app.state.settings.resolved_secret_key().encode()
    return hmac.new(key, b"csrf:" + visitor_id(request).encode(), hashlib.sha256).hexdigest()


def csrf_valid(request: Request, sent: str | None) -> bool:
    if not sent or not (request.cookies.get(SESSION_COOKIE) or request.cookies.get(PRE_COOKIE)):
        return False
    return hmac.compare_digest(sent, csrf_token(request))


def session_actor(request: Request) -> Actor | None:
    """Actor resolver for the REST API: a web session counts, but unsafe methods also need
    the CSRF header (so another site cannot ride on the cookie)."""
    if not request.cookies.get(SESSION_COOKIE):
        return None
    if request.method not in ("GET", "HEAD", "OPTIONS") and not csrf_valid(
        request, request.headers.get("x-csrf-token")
    ):
        return None
    web_user = current_web_user(request)
    return web_user.actor if web_user else None
