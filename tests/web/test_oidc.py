"""OIDC login against a local provider: known user logs in, unknown subject is refused,
a tampered state is refused."""

from __future__ import annotations

import httpx
import pytest

from api.web.sessions import SESSION_COOKIE
from engine.identity.models import Tenant, User
from tests.security.web_world import WebWorld
from tests.web.oidc_provider import Provider, running_provider

pytestmark = pytest.mark.parametrize("db", ["sqlite"], indirect=True)


def _configure(world: WebWorld, provider: Provider) -> None:
    with world.db.tx() as session:
        tenant = session.query(Tenant).filter_by(slug="utrecht").one()
        tenant.settings = {
            "web": {
                "oidc": {
                    "issuer": provider.issuer,
                    "client_id": provider.client_id,
                    "client_secret": provider.client_secret,
                    "label": "Entra ID",
                }
            }
        }


def _login_via_provider(world: WebWorld, state: str | None = None) -> httpx.Response:
    start = world.client.get("/login/oidc/utrecht", follow_redirects=False)
    assert start.status_code == 303
    at_provider = httpx.get(start.headers["location"], follow_redirects=False)
    assert at_provider.status_code == 302
    back = httpx.URL(at_provider.headers["location"])
    params = dict(back.params)
    if state is not None:
        params["state"] = state
    return world.client.get(back.path, params=params, follow_redirects=False)


def test_known_user_logs_in_with_oidc(world: WebWorld) -> None:
    with running_provider() as provider:
        _configure(world, provider)
        assert "Inloggen met Entra ID" in world.client.get("/login").text
        answer = _login_via_provider(world)
        assert answer.status_code == 303, answer.text
        assert SESSION_COOKIE in world.client.cookies
        assert "Laatste keer ingelogd" in world.client.get("/").text
    with world.db.tx() as session:
        assert session.query(User).filter_by(username="anna").one().oidc_subject == "entra-123"


def test_unknown_person_is_refused(world: WebWorld) -> None:
    with running_provider() as provider:
        provider.username = "onbekend"
        provider.subject = "entra-999"
        _configure(world, provider)
        answer = _login_via_provider(world)
        assert answer.status_code == 401
        assert "geen account" in answer.text
        assert SESSION_COOKIE not in world.client.cookies


def test_tampered_state_is_refused(world: WebWorld) -> None:
    with running_provider() as provider:
        _configure(world, provider)
        answer = _login_via_provider(world, state="vals")
        assert answer.status_code == 401
        assert SESSION_COOKIE not in world.client.cookies
