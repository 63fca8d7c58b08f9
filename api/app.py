"""The FastAPI application factory: database, token signer, routers, errors, headers."""

from __future__ import annotations

import importlib

from fastapi import APIRouter, FastAPI
from sqlalchemy.engine import Engine

from api import tokens
from api.errors import install_error_handlers
from api.middleware import API_VERSION, ApiHeadersMiddleware
from api.routes import ROUTER_MODULES
from api.web import install as install_web
from api.wiring import load_domains
from engine.db import make_engine, make_session_factory
from engine.settings import Settings, get_settings

API_PREFIX = "/api/v1"
CONTACT = {
    "name": "Akkoord",
    "url": "https://github.com/akkoord/akkoord",
    "email": "akkoord@example.org",
}


def create_app(settings: Settings | None = None, *, db_engine: Engine | None = None) -> FastAPI:
    """Build the app; ``db_engine`` lets tests share theirs, otherwise one is made from settings."""
    settings = settings or get_settings()
    load_domains()
    app = FastAPI(
        title="Akkoord API",
        version=API_VERSION,
        description="BPMN case engine for municipal debt relief (schuldhulpverlening).",
        contact=CONTACT,
        license_info={"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=f"{API_PREFIX}/docs/oauth2-redirect",
        redirect_slashes=False,
    )
    if db_engine is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        db_engine = make_engine(settings.effective_database_url)
    app.state.settings = settings
    app.state.db_engine = db_engine
    app.state.session_factory = make_session_factory(db_engine)
    app.state.token_signer = tokens.TokenSigner(
        settings.resolved_secret_key(), settings.token_lifetime_seconds
    )
    app.include_router(api_router())
    install_error_handlers(app)
    install_web(app)
    app.add_middleware(ApiHeadersMiddleware)
    return app


def api_router() -> APIRouter:
    router = APIRouter(prefix=API_PREFIX)
    router.include_router(tokens.router)
    for module_name in ROUTER_MODULES:
        module = importlib.import_module(module_name)
        router.include_router(module.router)
    return router
