"""The team lead's page: caseload per case worker and the overdue terms, linked to cases."""

from __future__ import annotations

import uuid
from datetime import date

from casefiles.service_deadlines import add_deadline
from engine.identity.actor import system_actor
from engine.identity.models import Tenant
from tests.security.web_world import WebWorld, login
from tests.web.casefile_world import client_as


def _overdue_term(world: WebWorld) -> None:
    with world.db.tx() as session:
        tenant_id = session.query(Tenant).filter_by(slug="utrecht").one().id
    with world.db.tx(tenant_id) as session:
        add_deadline(
            session,
            system_actor(tenant_id, "test"),
            uuid.UUID(world.case_a),
            kind="eerste_gesprek_test",
            starts_on=date(2020, 1, 1),
            due_on=date(2020, 1, 10),
            label="Eerste gesprek (test)",
        )


def test_team_lead_sees_caseload_and_overdue_terms(world: WebWorld) -> None:
    _overdue_term(world)
    tim = client_as(world, "tim", ["teamleider"])
    home = tim.get("/").text
    assert 'href="/team"' in home
    page = tim.get("/team")
    assert page.status_code == 200
    assert "anna" in page.text  # a case worker, listed even without claimed tasks
    overdue = page.text[page.text.index('id="verlopen"') :]
    assert f'href="/zaken/{world.case_a}"' in overdue
    assert "Eerste gesprek (test)" in overdue
    assert world.case_b not in overdue  # the other municipality's cases stay out


def test_case_worker_has_no_team_page(world: WebWorld) -> None:
    login(world.client, "anna")
    assert 'href="/team"' not in world.client.get("/").text
    assert world.client.get("/team").status_code == 403
