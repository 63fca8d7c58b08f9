"""Login rules: password policy, lockout for 15 minutes, idle timeout, absolute lifetime,
password change, and the web session as actor for the REST API (with the CSRF header)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from api.web.accounts import attempt_login
from api.web.sessions import SESSION_COOKIE
from engine.clock import FrozenClock
from engine.identity.models import Tenant, User
from tests.conftest import Database
from tests.security.web_world import PASSWORD, WebWorld, csrf_of, login

# Backend-neutral rules (argon2 makes each login cost ~0.3 s): SQLite is enough here; the
# security tests run the session table on PostgreSQL too.
pytestmark = pytest.mark.parametrize("db", ["sqlite"], indirect=True)


def test_lockout_lasts_fifteen_minutes(world: WebWorld, frozen_clock: FrozenClock) -> None:
    db: Database = world.db
    for attempt in range(5):
        with db.tx() as session:
            tenant = session.query(Tenant).filter_by(slug="utrecht").one()
            outcome = attempt_login(session, tenant, "anna", "fout")
            assert not outcome.ok
            assert (outcome.locked_until is not None) == (attempt == 4)
    with db.tx() as session:
        tenant = session.query(Tenant).filter_by(slug="utrecht").one()
        assert not attempt_login(session, tenant, "anna", PASSWORD).ok  # still locked
    frozen_clock.advance(timedelta(minutes=15, seconds=1))
    with db.tx() as session:
        tenant = session.query(Tenant).filter_by(slug="utrecht").one()
        outcome = attempt_login(session, tenant, "anna", PASSWORD)
        assert outcome.ok
        user = session.query(User).filter_by(username="anna").one()
        assert user.failed_logins == 0


def test_idle_session_ends_after_the_tenant_timeout(
    world: WebWorld, frozen_clock: FrozenClock
) -> None:
    with world.db.tx() as session:
        tenant = session.query(Tenant).filter_by(slug="utrecht").one()
        tenant.settings = {"web": {"idle_timeout_minutes": 5}}
    login(world.client, "anna")
    frozen_clock.advance(timedelta(minutes=4))
    assert world.client.get("/", follow_redirects=False).status_code == 200
    frozen_clock.advance(timedelta(minutes=4))  # activity above kept it alive
    assert world.client.get("/", follow_redirects=False).status_code == 200
    frozen_clock.advance(timedelta(minutes=5))
    assert world.client.get("/", follow_redirects=False).status_code == 303


def test_session_ends_at_its_absolute_lifetime(world: WebWorld, frozen_clock: FrozenClock) -> None:
    with world.db.tx() as session:
        tenant = session.query(Tenant).filter_by(slug="utrecht").one()
        tenant.settings = {"web": {"session_lifetime_hours": 1}}
    login(world.client, "anna")
    for _ in range(5):  # active every 10 minutes
        frozen_clock.advance(timedelta(minutes=10))
        assert world.client.get("/", follow_redirects=False).status_code == 200
    frozen_clock.advance(timedelta(minutes=10))
    assert world.client.get("/", follow_redirects=False).status_code == 303


def test_last_login_is_shown_after_login(world: WebWorld, frozen_clock: FrozenClock) -> None:
    login(world.client, "anna")
    assert "dit is uw eerste keer" in world.client.get("/").text
    frozen_clock.advance(timedelta(days=1))
    other = TestClient(world.client.app, base_url="http://127.0.0.1")
    login(other, "anna")
    assert "Laatste keer ingelogd: 02-03-2026 09:00" in other.get("/").text


def test_change_own_password(world: WebWorld) -> None:
    login(world.client, "anna")
    token = csrf_of(world.client.get("/wachtwoord").text)
    answer = world.client.post(
        "/wachtwoord",
        data={"csrf_token": token, "current": PASSWORD, "new": "kort", "repeat": "kort"},
    )
    assert answer.status_code == 400
    assert "minstens 12 tekens" in answer.text
    new = "Een-heel-nieuw-wachtwoord-7"
    answer = world.client.post(
        "/wachtwoord",
        data={"csrf_token": token, "current": PASSWORD, "new": new, "repeat": new},
    )
    assert "Uw wachtwoord is gewijzigd" in answer.text
    with world.db.tx() as session:
        tenant = session.query(Tenant).filter_by(slug="utrecht").one()
        assert attempt_login(session, tenant, "anna", new).ok


def test_web_session_acts_on_the_rest_api_only_with_the_csrf_header(world: WebWorld) -> None:
    login(world.client, "anna")
    assert SESSION_COOKIE in world.client.cookies
    assert world.client.get("/api/v1/tasks").status_code == 200
    refused = world.client.post("/api/v1/cases", json={"processKey": "schuldhulp"})
    assert refused.status_code == 401
