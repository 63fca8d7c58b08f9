"""The web UI: server-rendered pages (Jinja2 + htmx, NL Design System) for case workers,
team leads and process designers. ``install(app)`` adds it to the FastAPI app."""

from __future__ import annotations

import importlib
from pathlib import Path
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from api.deps import add_actor_resolver
from api.web.rendering import LoginRequired, redirect
from api.web.request_tx import read_in_one_transaction
from api.web.sessions import session_actor

_HERE = Path(__file__).resolve().parent
BUILD_DIR = _HERE.parent / "static" / "build"
PAGE_MODULES = (
    "api.web.auth_routes",
    "api.web.pages",
    "api.web.cases",
    "api.web.casefile_edit",
    "api.web.debt_edit",
    "api.web.team",
    "api.web.tasks",
    "api.web.designer",
    "api.web.archive",
    "api.web.oidc",
)


def install(app: FastAPI) -> None:
    for name in PAGE_MODULES:
        page_read = Depends(read_in_one_transaction, scope="function")
        app.include_router(importlib.import_module(name).router, dependencies=[page_read])
    app.mount("/static/build", StaticFiles(directory=BUILD_DIR, check_dir=False), name="build")
    app.mount("/static/web", StaticFiles(directory=_HERE / "static"), name="web-static")
    add_actor_resolver(session_actor)

    @app.exception_handler(LoginRequired)
    async def _to_login(request: Request, _exc: LoginRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return redirect(request, f"/login?next={quote(target)}")
