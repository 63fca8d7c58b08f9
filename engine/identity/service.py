"""Create and look up tenants, users and API clients."""

from __future__ import annotations

import re
import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.audit import record
from engine.errors import AuthenticationFailed, Conflict, FieldError, NotFound, ValidationFailed
from engine.identity.actor import Actor, system_actor
from engine.identity.models import ApiClient, Tenant, User
from engine.identity.passwords import hash_secret, verify_secret
from engine.identity.roles import parse_roles

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")


def create_tenant(
    session: Session, *, slug: str, name: str, settings: dict[str, Any] | None = None
) -> Tenant:
    if not _SLUG.match(slug):
        raise ValidationFailed(
            "tenant slug must be 2-63 lowercase letters, digits or hyphens",
            [FieldError("slug", "invalid")],
        )
    if session.scalars(select(Tenant).where(Tenant.slug == slug)).first():
        raise Conflict(f"tenant {slug!r} already exists")
    tenant = Tenant(slug=slug, name=name, settings=settings or {})
    session.add(tenant)
    session.flush()
    record(
        session,
        system_actor(tenant.id, "cli"),
        "tenant.created",
        "tenant",
        tenant.id,
        after={"slug": slug, "name": name},
    )
    return tenant


def get_tenant_by_slug(session: Session, slug: str) -> Tenant:
    tenant = session.scalars(select(Tenant).where(Tenant.slug == slug)).first()
    if tenant is None:
        raise NotFound(f"no tenant {slug!r}")
    return tenant


def create_user(
    session: Session,
    *,
    tenant: Tenant,
    username: str,
    password: str | None,
    roles: list[str],
    full_name: str = "",
    email: str = "",
    actor: Actor | None = None,
) -> User:
    parsed = parse_roles(roles)
    existing = session.scalars(
        select(User).where(User.tenant_id == tenant.id, User.username == username)
    ).first()
    if existing:
        raise Conflict(f"user {username!r} already exists in tenant {tenant.slug!r}")
    user = User(
        tenant_id=tenant.id,
        username=username,
        full_name=full_name or username,
        email=email,
        password_hash=hash_secret(password) if password else None,
        roles=sorted(r.value for r in parsed),
    )
    session.add(user)
    session.flush()
    record(
        session,
        actor or system_actor(tenant.id, "cli"),
        "user.created",
        "user",
        user.id,
        after={"username": username, "roles": user.roles},
    )
    return user


def user_actor(user: User) -> Actor:
    return Actor(
        tenant_id=user.tenant_id,
        kind="user",
        id=str(user.id),
        name=user.username,
        roles=parse_roles(user.roles),
        full_name=user.full_name or "",
        email=user.email or "",
    )


def create_client(
    session: Session, *, tenant: Tenant, name: str, roles: list[str]
) -> tuple[ApiClient, str]:
    """Register an API client; returns it with its secret, shown once."""
    parsed = parse_roles(roles)
    secret = secrets.token_urlsafe(32)
    client = ApiClient(
        tenant_id=tenant.id,
        client_id=f"{tenant.slug}-{secrets.token_hex(6)}",
        name=name,
        secret_hash=hash_secret(secret),
        roles=sorted(r.value for r in parsed),
    )
    session.add(client)
    session.flush()
    record(
        session,
        system_actor(tenant.id, "cli"),
        "client.created",
        "api_client",
        client.id,
        after={"client_id": client.client_id, "name": name, "roles": client.roles},
    )
    return client, secret


def authenticate_client(session: Session, client_id: str, secret: str) -> ApiClient:
    client = session.scalars(select(ApiClient).where(ApiClient.client_id == client_id)).first()
    if client is None or not client.active or not verify_secret(client.secret_hash, secret):
        raise AuthenticationFailed("unknown client or wrong secret")
    return client


def client_actor(client: ApiClient) -> Actor:
    return Actor(
        tenant_id=client.tenant_id,
        kind="client",
        id=client.client_id,
        name=client.name,
        roles=parse_roles(client.roles),
    )
