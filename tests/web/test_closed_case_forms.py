"""The case page forms of a closed case: opening, posting and removing are refused with
the service's Dutch explanation (409), and nothing is stored."""

from __future__ import annotations

import uuid

from casefiles.service_edits import CASE_CLOSED
from engine.cases.service import close_case, get_case
from engine.identity.actor import system_actor
from engine.identity.models import Tenant
from tests.security.web_world import WebWorld, csrf_of, login
from tests.web.casefile_world import post_form, stored


def _close_case_a(world: WebWorld) -> None:
    with world.db.tx() as session:
        tenant_id = session.query(Tenant).filter_by(slug="utrecht").one().id
    with world.db.tx(tenant_id) as session:
        case = get_case(session, uuid.UUID(world.case_a))
        close_case(session, system_actor(tenant_id, "test"), case, result="verstrekt")


def test_closed_case_refuses_a_new_income(world: WebWorld) -> None:
    login(world.client, "anna")
    url = f"/zaken/{world.case_a}/inkomsten/nieuw"
    token = csrf_of(world.client.get(url).text)
    _close_case_a(world)
    opened = world.client.get(url)
    assert opened.status_code == 409
    assert CASE_CLOSED in opened.text
    answer = world.client.post(
        url,
        data={"csrf_token": token, "kind": "loon", "monthlyAmount": "100"},
        follow_redirects=False,
    )
    assert answer.status_code == 409
    assert CASE_CLOSED in answer.text
    assert stored(world, world.case_a, "incomes") == []


def test_closed_case_keeps_its_rows(world: WebWorld) -> None:
    login(world.client, "anna")
    post_form(
        world.client,
        f"/zaken/{world.case_a}/uitgaven/nieuw",
        {"kind": "huur", "monthlyAmount": "650"},
    )
    [expense] = stored(world, world.case_a, "expenses")
    token = csrf_of(world.client.get(f"/zaken/{world.case_a}").text)
    _close_case_a(world)
    remove = f"/zaken/{world.case_a}/uitgaven/{expense.id}/verwijderen"
    answer = world.client.post(remove, data={"csrf_token": token}, follow_redirects=False)
    assert answer.status_code == 409
    assert CASE_CLOSED in answer.text
    assert [e.id for e in stored(world, world.case_a, "expenses")] == [expense.id]


def test_closed_case_page_offers_no_changes(world: WebWorld) -> None:
    login(world.client, "anna")
    case_page = f"/zaken/{world.case_a}"
    assert "Inkomen toevoegen" in world.client.get(case_page).text
    _close_case_a(world)
    page = world.client.get(case_page)
    assert page.status_code == 200
    for offer in ("Inkomen toevoegen", "Schuld toevoegen", "Persoon toevoegen", "Wijzigen"):
        assert offer not in page.text
