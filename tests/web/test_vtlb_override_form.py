"""Overriding a VTLB line on the case page: a new amount with a mandatory reason, audited,
the budget plan recomputed; refused without reason, role, CSRF token or own case."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from casefiles.models import VtlbOverride
from engine.audit.models import AuditEntry
from engine.identity.models import Tenant
from tests.security.web_world import WebWorld, csrf_of, login
from tests.web.casefile_world import client_as, post_form

LINE = "eigen_risico"


@pytest.fixture
def planned(world: WebWorld) -> WebWorld:
    """Anna (schuldhulpverlener) has entered an income, so case A has a budget plan."""
    login(world.client, "anna")
    income = {"kind": "uitkering", "monthlyAmount": "1500"}
    assert (
        post_form(world.client, f"/zaken/{world.case_a}/inkomsten/nieuw", income).status_code == 303
    )
    return world


def _overrides(world: WebWorld) -> list[tuple[str, str]]:
    with world.db.tx() as session:
        tenant_id = session.query(Tenant).filter_by(slug="utrecht").one().id
    with world.db.tx(tenant_id) as session:
        rows = session.scalars(select(VtlbOverride)).all()
        return [(row.line, row.reason) for row in rows]


def _vtlb_total(page: str) -> str:
    start = page.index(">VTLB</th>")
    return page[start : start + 200]


def test_line_is_overridden_with_its_reason_and_the_vtlb_recomputed(planned: WebWorld) -> None:
    case_page = planned.client.get(f"/zaken/{planned.case_a}").text
    url = f"/zaken/{planned.case_a}/vtlb/{LINE}"
    assert f'href="{url}"' in case_page
    form = planned.client.get(url).text
    assert "Reservering eigen risico" in form  # the line is named with its computed amount
    answer = post_form(planned.client, url, {"amount": "0", "reason": "Eigen risico al betaald"})
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/zaken/{planned.case_a}?opgeslagen=1#vtlb"
    page = planned.client.get(answer.headers["location"]).text
    assert "(aangepast: Eigen risico al betaald)" in page
    assert _vtlb_total(page) != _vtlb_total(case_page)
    assert _overrides(planned) == [(LINE, "Eigen risico al betaald")]
    with planned.db.tx() as session:
        entry = session.scalars(
            select(AuditEntry).where(
                AuditEntry.case_id == uuid.UUID(planned.case_a),
                AuditEntry.action == "casefile.vtlb_line_overridden",
            )
        ).one()
    assert entry.after is not None and entry.after["reason"] == "Eigen risico al betaald"


@pytest.mark.parametrize(
    ("posted", "field"),
    [
        ({"amount": "0", "reason": "   "}, "reason"),  # the reason is mandatory
        ({"amount": "weinig", "reason": "Betaald"}, "amount"),
    ],
)
def test_refused_override_shows_the_error_at_its_field_and_stores_nothing(
    planned: WebWorld, posted: dict[str, str], field: str
) -> None:
    answer = post_form(planned.client, f"/zaken/{planned.case_a}/vtlb/{LINE}", posted)
    assert answer.status_code == 400
    assert "Er is 1 fout gevonden" in answer.text
    assert f'href="#veld-{field}"' in answer.text
    assert f'id="fout-veld-{field}"' in answer.text
    assert f'value="{posted["amount"]}"' in answer.text  # the input is kept for correction
    assert _overrides(planned) == []


def test_unknown_line_is_not_found(planned: WebWorld) -> None:
    assert planned.client.get(f"/zaken/{planned.case_a}/vtlb/zakgeld").status_code == 404


def test_intake_may_not_override_a_line(planned: WebWorld) -> None:
    ida = client_as(planned, "ida", ["intake"])
    page = ida.get(f"/zaken/{planned.case_a}").text
    url = f"/zaken/{planned.case_a}/vtlb/{LINE}"
    assert f'href="{url}"' not in page
    assert ida.get(url).status_code == 403
    data = {"csrf_token": csrf_of(page), "amount": "0", "reason": "Betaald"}
    assert ida.post(url, data=data, follow_redirects=False).status_code == 403
    assert _overrides(planned) == []


def test_line_of_another_municipality_is_not_found(planned: WebWorld) -> None:
    token = csrf_of(planned.client.get(f"/zaken/{planned.case_a}").text)
    other = f"/zaken/{planned.case_b}/vtlb/{LINE}"
    assert planned.client.get(other).status_code == 404
    data = {"csrf_token": token, "amount": "0", "reason": "Betaald"}
    assert planned.client.post(other, data=data, follow_redirects=False).status_code == 404


def test_override_without_csrf_token_is_refused(planned: WebWorld) -> None:
    url = f"/zaken/{planned.case_a}/vtlb/{LINE}"
    answer = planned.client.post(url, data={"amount": "0", "reason": "Betaald"})
    assert answer.status_code == 403
    assert _overrides(planned) == []
