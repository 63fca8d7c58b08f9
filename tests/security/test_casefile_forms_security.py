"""The case file forms: another municipality's creditor cannot be used, markup in a creditor
name stays text, and every edit form refuses a post without its CSRF token."""

from __future__ import annotations

import uuid

import pytest

from casefiles.schemas import CreditorIn
from casefiles.service_creditors import create_creditor
from engine.identity.models import Tenant, User
from engine.identity.service import user_actor
from tests.security.web_world import WebWorld, login
from tests.web.casefile_world import post_form, stored

XSS = '<img src=x onerror="alert(1)">Energie'


def _zeist_creditor(world: WebWorld) -> str:
    with world.db.tx() as session:
        tenant_id = session.query(Tenant).filter_by(slug="zeist").one().id
        bart = user_actor(session.query(User).filter_by(username="bart").one())
    with world.db.tx(tenant_id) as session:
        return str(create_creditor(session, bart, CreditorIn(name="Zeister Energie")).id)


def test_creditor_of_another_municipality_cannot_be_used(world: WebWorld) -> None:
    foreign = _zeist_creditor(world)
    login(world.client, "anna")
    form = world.client.get(f"/zaken/{world.case_a}/schulden/nieuw").text
    assert "Zeister Energie" not in form
    url = f"/zaken/{world.case_a}/schulden/nieuw"
    answer = post_form(world.client, url, {"creditorId": foreign, "claimedAmount": "100"})
    assert answer.status_code == 400
    assert "Onbekende schuldeiser." in answer.text
    assert stored(world, world.case_a, "debts") == []


def test_markup_in_a_creditor_name_is_shown_as_text(world: WebWorld) -> None:
    login(world.client, "anna")
    url = f"/zaken/{world.case_a}/schuldeisers/nieuw"
    answer = post_form(world.client, url, {"name": XSS, "kind": "energie"})
    creditor_id = str(answer.headers["location"]).split("schuldeiser=")[1]
    data = {"creditorId": creditor_id, "claimedAmount": "50"}
    post_form(world.client, f"/zaken/{world.case_a}/schulden/nieuw", data)
    page = world.client.get(f"/zaken/{world.case_a}").text
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;Energie" in page
    assert XSS not in page


@pytest.mark.parametrize(
    "path",
    [
        "personen/nieuw",
        "inkomsten/nieuw",
        "uitgaven/nieuw",
        "schuldeisers/nieuw",
        "schulden/nieuw",
        f"personen/{uuid.UUID(int=1)}/verwijderen",
        f"schulden/{uuid.UUID(int=1)}/reactie",
        f"inkomsten/{uuid.UUID(int=1)}",
        f"uitgaven/{uuid.UUID(int=1)}/verwijderen",
        f"schulden/{uuid.UUID(int=1)}",
        "vtlb/eigen_risico",
    ],
)
def test_case_file_forms_refuse_a_post_without_csrf_token(world: WebWorld, path: str) -> None:
    login(world.client, "anna")
    answer = world.client.post(f"/zaken/{world.case_a}/{path}", data={"lastName": "X"})
    assert answer.status_code == 403
    assert "beveiligingscode" in answer.text
