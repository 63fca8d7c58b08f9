"""Helpers for the case file form tests: log in as a user of the web world, post a form
with its CSRF token, read what the service layer stored."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient

from casefiles import service
from engine.identity.models import Tenant, User
from engine.identity.service import create_user, user_actor
from tests.security.web_world import PASSWORD, WebWorld, csrf_of, login


def client_as(world: WebWorld, username: str, roles: list[str] | None = None) -> TestClient:
    """A logged-in browser of a (new, when ``roles`` is given) user of tenant utrecht."""
    if roles is not None:
        with world.db.tx() as session:
            tenant = session.query(Tenant).filter_by(slug="utrecht").one()
            create_user(session, tenant=tenant, username=username, password=PASSWORD, roles=roles)
    client = TestClient(world.client.app, base_url="http://127.0.0.1")
    login(client, username)
    return client


def post_form(client: TestClient, url: str, data: dict[str, str]) -> Any:
    """Open the form page (for its CSRF token) and post ``data`` without following."""
    token = csrf_of(client.get(url).text)
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)


def stored(world: WebWorld, case_id: str, what: str) -> list[Any]:
    """Incomes, expenses, debts or household of the case, read through the service."""
    with world.db.tx() as session:
        anna = session.query(User).filter_by(username="anna").one()
        tenant_id = anna.tenant_id
        actor = user_actor(anna)
    readers = {
        "incomes": service.list_incomes,
        "expenses": service.list_expenses,
        "debts": service.list_debts,
        "household": service.list_household,
    }
    with world.db.tx(tenant_id) as session:
        rows = readers[what](session, actor, uuid.UUID(case_id))
        session.expunge_all()
        return rows
