"""Login, logout, own password and security.txt."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response

from api.web.accounts import attempt_login, change_password, list_tenants
from api.web.oidc import oidc_config
from api.web.rendering import AMSTERDAM, redirect, render, require_user, secure, tenant_tx
from api.web.sessions import (
    PRE_COOKIE,
    SESSION_COOKIE,
    csrf_valid,
    end_session,
    set_cookie,
    start_session,
    web_settings,
)
from engine import clock
from engine.db import transaction
from engine.errors import ValidationFailed
from engine.identity.models import User

router = APIRouter(include_in_schema=False)


def _safe_next(value: str | None) -> str:
    return value if value and value.startswith("/") and not value.startswith("//") else "/"


async def checked_form(request: Request) -> dict[str, Any] | None:
    """The posted form, or None when its CSRF token is missing or wrong."""
    form = await request.form()
    sent = form.get("csrf_token") or request.headers.get("x-csrf-token")
    if not csrf_valid(request, sent if isinstance(sent, str) else None):
        return None
    return {k: v for k, v in form.multi_items()}


def csrf_refused(request: Request) -> Response:
    return render(
        request,
        "error.html",
        {
            "title": "Formulier verlopen",
            "message": "Het formulier kon niet worden verwerkt (beveiligingscode ontbreekt of "
            "is verlopen). Laad de pagina opnieuw en probeer het nog eens.",
        },
        status=403,
    )


def _login_page(request: Request, errors: list[str] | None = None, **extra: Any) -> Response:
    with transaction(request.app.state.session_factory) as session:
        rows = list_tenants(session)
        tenants = [(t.slug, t.name) for t in rows]
        oidc = [
            (t.slug, t.name, config.get("label") or "uw organisatie")
            for t in rows
            if (config := oidc_config(t))
        ]
    context = {
        "tenants": tenants,
        "oidc": oidc,
        "errors": errors or [],
        "next": "/",
        **extra,
    }
    return render(request, "login.html", context, status=400 if errors else 200)


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    return _login_page(request, next=_safe_next(next))


@router.post("/login")
async def login(request: Request) -> Response:
    form = await checked_form(request)
    if form is None:
        return csrf_refused(request)
    username = str(form.get("username", "")).strip()
    password = str(form.get("password", ""))
    slug = str(form.get("tenant", "")).strip()
    factory = request.app.state.session_factory
    with transaction(factory) as session:
        tenants = list_tenants(session)
        tenant = next((t for t in tenants if t.slug == slug), None)
        if tenant is None and len(tenants) == 1:
            tenant = tenants[0]
        if tenant is None:
            outcome = None
        else:
            session.info["tenant_id"] = tenant.id
            outcome = attempt_login(session, tenant, username, password)
            token = (
                start_session(session, outcome.user, tenant, outcome.previous_login_at)
                if (outcome.user is not None)
                else None
            )
    if outcome is None or token is None:
        message = "Gebruikersnaam of wachtwoord onjuist."
        if outcome is not None and outcome.locked_until is not None:
            until = outcome.locked_until.astimezone(AMSTERDAM)
            message = (
                "Dit account is tijdelijk geblokkeerd na te veel mislukte pogingen. "
                f"Probeer het na {until:%H:%M} opnieuw."
            )
        return _login_page(
            request,
            [message],
            username=username,
            tenant=slug,
            next=_safe_next(str(form.get("next", "/"))),
        )
    response = redirect(request, _safe_next(str(form.get("next", "/"))))
    set_cookie(request, response, SESSION_COOKIE, token)
    response.delete_cookie(PRE_COOKIE, path="/")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    form = await checked_form(request)
    if form is None:
        return csrf_refused(request)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        end_session(request.app.state.session_factory, token)
    response = redirect(request, "/login?uitgelogd=1")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/wachtwoord")
def password_form(request: Request) -> Response:
    require_user(request)
    return render(request, "password.html", {"errors": {}, "done": False})


@router.post("/wachtwoord")
async def password_change(request: Request) -> Response:
    web_user = require_user(request)
    form = await checked_form(request)
    if form is None:
        return csrf_refused(request)
    try:
        with tenant_tx(request, web_user) as session:
            user = session.get(User, uuid.UUID(web_user.user_id))
            assert user is not None
            change_password(
                session,
                user,
                str(form.get("current", "")),
                str(form.get("new", "")),
                str(form.get("repeat", "")),
            )
    except ValidationFailed as error:
        errors: dict[str, list[str]] = {}
        for field in error.errors:
            errors.setdefault(field.field, []).append(field.message)
        return render(request, "password.html", {"errors": errors, "done": False}, status=400)
    return render(request, "password.html", {"errors": {}, "done": True})


@router.get("/.well-known/security.txt")
def security_txt(request: Request) -> Response:
    with transaction(request.app.state.session_factory) as session:
        tenants = list_tenants(session)
    contacts = []
    for tenant in tenants:
        contact = web_settings(tenant).get("security_contact")
        if isinstance(contact, str) and contact and contact not in contacts:
            contacts.append(contact)
    if not contacts:
        contacts = ["mailto:security@example.org"]
    expires = (
        (clock.now().replace(microsecond=0) + timedelta(days=365))
        .isoformat()
        .replace("+00:00", "Z")
    )
    lines = [f"Contact: {c}" for c in contacts]
    lines += [f"Expires: {expires}", "Preferred-Languages: nl, en"]
    canonical = f"{request.url.scheme}://{request.url.netloc}/.well-known/security.txt"
    lines.append(f"Canonical: {canonical}")
    return secure(request, PlainTextResponse("\n".join(lines) + "\n"))
