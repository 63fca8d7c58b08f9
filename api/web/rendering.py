"""Render pages: Jinja2 with autoescape, security headers, the CSRF token, login guard."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from api.web.labels import action_label
from api.web.request_tx import page_read
from api.web.sessions import PRE_COOKIE, SESSION_COOKIE, WebUser, csrf_token, set_cookie
from api.web.sessions import current_web_user as _current
from engine.db import begin_session, finishing

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "templates"))
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
WEB_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-store",
}


class LoginRequired(Exception):
    """Raised by ``require_user``; answered with a redirect to /login."""


def euro(value: Decimal | int | float | None) -> str:
    if value is None:
        return "–"
    text = f"{Decimal(value):,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"€ {text}"


def nl_date(value: date | datetime | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return value.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M")
    return value.strftime("%d-%m-%Y")


def mask_bsn(value: str | None) -> str:
    return f"*****{value[-4:]}" if value and len(value) >= 4 else "–"


TEMPLATES.env.filters.update(
    euro=euro, nl_date=nl_date, mask_bsn=mask_bsn, action_label=action_label
)


def secure(request: Request, response: Response) -> Response:
    for name, value in WEB_HEADERS.items():
        response.headers[name] = value
    fresh = getattr(request.state, "new_visitor_id", None)
    if isinstance(fresh, str) and not request.cookies.get(SESSION_COOKIE):
        set_cookie(request, response, PRE_COOKIE, fresh)
    return response


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> Response:
    page: dict[str, Any] = {
        "web_user": getattr(request.state, "web_user", None),
        "csrf_token": csrf_token(request),
        "path": request.url.path,
    }
    page.update(context or {})
    response = TEMPLATES.TemplateResponse(request, template, page, status_code=status)
    return secure(request, response)


def redirect(request: Request, url: str) -> Response:
    return secure(request, RedirectResponse(url, status_code=303))


def require_user(request: Request) -> WebUser:
    web_user = _current(request)
    if web_user is None:
        raise LoginRequired
    return web_user


def not_found(request: Request) -> Response:
    return render(
        request,
        "error.html",
        {
            "title": "Niet gevonden",
            "message": "Deze pagina of zaak bestaat niet, of u heeft er geen toegang toe.",
        },
        status=404,
    )


def forbidden(request: Request, message: str) -> Response:
    return render(request, "error.html", {"title": "Geen toegang", "message": message}, 403)


@contextmanager
def tenant_tx(request: Request, web_user: WebUser) -> Iterator[Session]:
    """The page's transaction in the user's tenant: a page read continues the transaction
    its session check began (read-only); any other request writes in one of its own."""
    read = page_read(request)
    if read is None:
        session = begin_session(request.app.state.session_factory, web_user.tenant_id)
    else:
        session = read.hand_over(web_user.tenant_id)
    with finishing(session):
        yield session


def html(text: str) -> HTMLResponse:
    return HTMLResponse(text)
