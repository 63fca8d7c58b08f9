"""Request dependencies: who is acting (``ActorDep``) and their tenant's session (``SessionDep``).

``resolve_actor(request)`` is the one place that turns a request into an Actor; the web
UI extends it (session cookie) by registering a resolver with ``add_actor_resolver``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.openapi.models import OAuthFlowClientCredentials, OAuthFlows
from fastapi.security import OAuth2
from sqlalchemy.orm import Session, sessionmaker

from engine.db import transaction
from engine.errors import AuthenticationFailed
from engine.identity.actor import Actor

ActorResolver = Callable[[Request], Actor | None]
READING_METHODS = frozenset({"GET", "HEAD"})  # requests that only read (HTTP safe methods)
_extra_resolvers: list[ActorResolver] = []


def add_actor_resolver(resolver: ActorResolver) -> ActorResolver:
    """Register another way to find the actor (tried after the Bearer token)."""
    if resolver not in _extra_resolvers:
        _extra_resolvers.append(resolver)
    return resolver


def bearer_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def resolve_actor(request: Request) -> Actor:
    """The actor of this request, cached on request.state; 401 when there is none."""
    cached = getattr(request.state, "actor", None)
    if isinstance(cached, Actor):
        return cached
    actor = _find_actor(request)
    if actor is None:
        raise AuthenticationFailed("this request needs a Bearer access token")
    request.state.actor = actor
    return actor


def _find_actor(request: Request) -> Actor | None:
    token = bearer_token(request)
    if token is not None:
        # a token that was sent but is wrong is an error, never a fallback to a cookie
        return request.app.state.token_signer.verify(token)
    for resolver in _extra_resolvers:
        actor = resolver(request)
        if actor is not None:
            return actor
    return None


# Declares the client-credentials flow in OpenAPI; resolve_actor does the real checking.
oauth2_scheme = OAuth2(
    flows=OAuthFlows(
        clientCredentials=OAuthFlowClientCredentials(
            tokenUrl="/api/v1/oauth/token", scopes={"akkoord": "use the Akkoord API"}
        )
    ),
    auto_error=False,
)


def _actor(request: Request, _token: Annotated[str | None, Security(oauth2_scheme)]) -> Actor:
    return resolve_actor(request)


ActorDep = Annotated[Actor, Depends(_actor)]


def session_factory(request: Request) -> sessionmaker[Session]:
    return request.app.state.session_factory


def _tenant_session(request: Request, actor: ActorDep) -> Iterator[Session]:
    # Committed when the handler returns, before the response is sent (scope="function"),
    # so a failing commit (stale write, audit) still becomes the answer. GET only reads
    # (on SQLite beside the writer); its processing-log rows are still committed first.
    reads = request.method in READING_METHODS
    with transaction(session_factory(request), actor.tenant_id, read_only=reads) as session:
        yield session


SessionDep = Annotated[Session, Depends(_tenant_session, scope="function")]
