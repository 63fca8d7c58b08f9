"""OAuth2 client credentials (OAuth NL GOV profile): short-lived HS256 JWTs.

Tokens are signed with joserfc, the JOSE library of the Authlib project (Authlib's own
``authlib.jose`` is deprecated in its favour). No refresh tokens; the API checks issuer,
audience and expiry, and the roles in the token decide what a client may do.
"""

from __future__ import annotations

import base64
import binascii
import time
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey
from joserfc.jwt import JWTClaimsRegistry
from sqlalchemy.orm import Session, sessionmaker

from engine.db import transaction
from engine.errors import AuthenticationFailed, FieldError, ValidationFailed
from engine.identity.actor import Actor
from engine.identity.roles import parse_roles
from engine.identity.service import authenticate_client, client_actor

ISSUER = "akkoord"
AUDIENCE = "akkoord-api"
ALGORITHM = "HS256"
SCOPE = "akkoord"

router = APIRouter(tags=["oauth"])


@dataclass(frozen=True)
class TokenSigner:
    secret: str
    lifetime_seconds: int

    @property
    def key(self) -> OctKey:
        return OctKey.import_key(self.secret)

    def issue(self, actor: Actor) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": ISSUER,
            "sub": actor.id,
            "aud": AUDIENCE,
            "iat": now,
            "exp": now + self.lifetime_seconds,
            "tenant": actor.tenant_id,
            "name": actor.name,
            "roles": sorted(r.value for r in actor.roles),
            "scope": SCOPE,
        }
        return jwt.encode({"alg": ALGORITHM, "typ": "JWT"}, claims, self.key, [ALGORITHM])

    def verify(self, token: str) -> Actor:
        """The actor a token speaks for; AuthenticationFailed when anything is off."""
        try:
            decoded = jwt.decode(token, self.key, [ALGORITHM])
            registry = JWTClaimsRegistry(
                iss={"essential": True, "value": ISSUER},
                aud={"essential": True, "value": AUDIENCE},
                exp={"essential": True},
                sub={"essential": True},
                tenant={"essential": True},
            )
            registry.validate(decoded.claims)
        except (JoseError, ValueError) as exc:
            raise AuthenticationFailed("the access token is invalid or has expired") from exc
        claims = decoded.claims
        if SCOPE not in str(claims.get("scope", "")).split():
            raise AuthenticationFailed(f"the access token lacks the scope {SCOPE!r}")
        return Actor(
            tenant_id=int(claims["tenant"]),
            kind="client",
            id=str(claims["sub"]),
            name=str(claims.get("name", claims["sub"])),
            roles=parse_roles(list(claims.get("roles", []))),
        )


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic" or not value:
        return None
    try:
        client_id, sep, secret = base64.b64decode(value).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise AuthenticationFailed("malformed Basic credentials") from None
    return (client_id, secret) if sep else None


@router.post("/oauth/token", summary="Get an access token (client credentials)")
def issue_token(
    request: Request,
    grant_type: Annotated[str, Form()],
    client_id: Annotated[str | None, Form()] = None,
    client_secret: Annotated[str | None, Form()] = None,
) -> JSONResponse:
    if grant_type != "client_credentials":
        raise ValidationFailed(
            "only grant_type=client_credentials is supported",
            [FieldError("grant_type", "unsupported grant type")],
        )
    credentials = _basic_credentials(request) or (client_id, client_secret)
    if not credentials[0] or not credentials[1]:
        raise AuthenticationFailed("client_id and client_secret are required")
    factory: sessionmaker[Session] = request.app.state.session_factory
    with transaction(factory) as session:
        actor = client_actor(authenticate_client(session, credentials[0], credentials[1]))
    signer: TokenSigner = request.app.state.token_signer
    body = {
        "access_token": signer.issue(actor),
        "token_type": "Bearer",
        "expires_in": signer.lifetime_seconds,
        "scope": SCOPE,
    }
    # RFC 6749 §5.1: token responses must not be cached.
    return JSONResponse(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})
