"""OIDC login (e.g. Entra ID) for tenants that configure it, with authlib.

Tenant setting ``settings["web"]["oidc"]``: ``{"issuer": "https://login.example/tenant/v2.0",
"client_id": "...", "client_secret": "...", "label": "Entra ID"}`` (discovery from
``<issuer>/.well-known/openid-configuration``). Authorization code flow with PKCE, state and
nonce kept in a short-lived signed cookie. The ID token is checked (signature from the JWKS,
issuer, audience, expiry, nonce). Only existing active users log in: matched on
``oidc_subject``, or the first time on ``preferred_username``/``email`` (then the subject is
stored). Nobody is created automatically: the municipality manages its accounts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from typing import Any

import httpx
from authlib.integrations.httpx_client import OAuth2Client
from fastapi import APIRouter, Request
from fastapi.responses import Response
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlalchemy import or_, select

from api.web.rendering import redirect, render
from api.web.sessions import PRE_COOKIE, SESSION_COOKIE, set_cookie, start_session, web_settings
from engine import clock
from engine.audit import record
from engine.db import transaction
from engine.identity.models import Tenant, User
from engine.identity.service import user_actor

router = APIRouter(include_in_schema=False)
FLOW_COOKIE = "akkoord_oidc"
FLOW_SECONDS = 600


def oidc_config(tenant: Tenant) -> dict[str, str] | None:
    value = web_settings(tenant).get("oidc")
    if isinstance(value, dict) and value.get("issuer") and value.get("client_id"):
        return {str(k): str(v) for k, v in value.items()}
    return None


def _discover(issuer: str) -> dict[str, Any]:
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    answer = httpx.get(url, timeout=10)
    answer.raise_for_status()
    metadata: dict[str, Any] = answer.json()
    return metadata


def _sign(request: Request, payload: dict[str, Any]) -> str:
    body = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()
    key = request.app.state.settings.resolved_secret_key().encode()
    mac = hmac.new(key, b"oidc:" + body.encode(), hashlib.sha256).hexdigest()
    return f"{body}.{mac}"


def _unsign(request: Request, value: str | None) -> dict[str, Any] | None:
    if not value or "." not in value:
        return None
    body, mac = value.rsplit(".", 1)
    key = request.app.state.settings.resolved_secret_key().encode()
    expected = hmac.new(key, b"oidc:" + body.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(mac, expected):
        return None
    payload: dict[str, Any] = json.loads(base64.urlsafe_b64decode(body))
    return payload if payload.get("until", 0) > time.time() else None


def _tenant(request: Request, slug: str) -> Tenant | None:
    with transaction(request.app.state.session_factory) as session:
        return session.scalars(select(Tenant).where(Tenant.slug == slug)).first()


def _callback_url(request: Request, slug: str) -> str:
    return str(request.url_for("oidc_callback", slug=slug))


def _refuse(request: Request, message: str) -> Response:
    context = {"tenants": [], "errors": [message], "next": "/"}
    return render(request, "login.html", context, status=401)


@router.get("/login/oidc/{slug}")
def oidc_start(request: Request, slug: str) -> Response:
    tenant = _tenant(request, slug)
    config = oidc_config(tenant) if tenant else None
    if config is None:
        return _refuse(request, "Inloggen via de organisatie is voor deze gemeente niet ingesteld.")
    metadata = _discover(config["issuer"])
    state, nonce, verifier = (secrets.token_urlsafe(24) for _ in range(3))
    client = OAuth2Client(
        config["client_id"],
        redirect_uri=_callback_url(request, slug),
        scope="openid profile email",
        code_challenge_method="S256",
    )
    url, _ = client.create_authorization_url(
        metadata["authorization_endpoint"], state=state, nonce=nonce, code_verifier=verifier
    )
    response = redirect(request, url)
    flow = {
        "state": state,
        "nonce": nonce,
        "verifier": verifier,
        "until": time.time() + FLOW_SECONDS,
    }
    set_cookie(request, response, FLOW_COOKIE, _sign(request, flow))
    return response


@router.get("/login/oidc/{slug}/callback", name="oidc_callback")
def oidc_callback(request: Request, slug: str) -> Response:
    tenant = _tenant(request, slug)
    config = oidc_config(tenant) if tenant else None
    flow = _unsign(request, request.cookies.get(FLOW_COOKIE))
    if tenant is None or config is None or flow is None:
        return _refuse(request, "De inlogpoging is verlopen of ongeldig. Probeer het opnieuw.")
    if not hmac.compare_digest(request.query_params.get("state", ""), flow["state"]):
        return _refuse(request, "De inlogpoging is ongeldig (state). Probeer het opnieuw.")
    if "code" not in request.query_params:
        return _refuse(request, "Inloggen via de organisatie is geannuleerd of geweigerd.")
    try:
        claims = _verified_claims(request, slug, config, flow)
    except (JoseError, httpx.HTTPError, ValueError, KeyError):
        return _refuse(request, "Het identiteitsbewijs van de organisatie klopt niet.")
    with transaction(request.app.state.session_factory, tenant.id) as session:
        user = _match_user(session, claims)
        if user is None:
            return _refuse(request, "U heeft geen account in Akkoord. Vraag uw beheerder erom.")
        previous = user.last_login_at
        user.last_login_at = clock.now()
        record(session, user_actor(user), "user.logged_in", "user", user.id, after={"via": "oidc"})
        token = start_session(session, user, tenant, previous)
    response = redirect(request, "/")
    set_cookie(request, response, SESSION_COOKIE, token)
    response.delete_cookie(FLOW_COOKIE, path="/")
    response.delete_cookie(PRE_COOKIE, path="/")
    return response


def _verified_claims(
    request: Request, slug: str, config: dict[str, str], flow: dict[str, Any]
) -> dict[str, Any]:
    metadata = _discover(config["issuer"])
    client = OAuth2Client(
        config["client_id"],
        config.get("client_secret"),
        redirect_uri=_callback_url(request, slug),
        token_endpoint_auth_method="client_secret_post",
    )
    token = client.fetch_token(
        metadata["token_endpoint"],
        code=request.query_params["code"],
        code_verifier=flow["verifier"],
    )
    keys = KeySet.import_key_set(httpx.get(metadata["jwks_uri"], timeout=10).json())
    decoded = jwt.decode(token["id_token"], keys)
    jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": metadata.get("issuer", config["issuer"])},
        aud={"essential": True, "value": config["client_id"]},
        nonce={"essential": True, "value": flow["nonce"]},
        sub={"essential": True},
        exp={"essential": True},
    ).validate(decoded.claims)
    return dict(decoded.claims)


def _match_user(session: Any, claims: dict[str, Any]) -> User | None:
    subject = str(claims["sub"])
    user: User | None = session.scalars(select(User).where(User.oidc_subject == subject)).first()
    if user is None:
        names = [str(claims[k]) for k in ("preferred_username", "email") if claims.get(k)]
        if names:
            user = session.scalars(
                select(User).where(
                    User.oidc_subject.is_(None),
                    or_(User.username.in_(names), User.email.in_(names)),
                )
            ).first()
            if user is not None:
                user.oidc_subject = subject
    return user if user is not None and user.active else None
