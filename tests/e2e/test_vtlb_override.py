"""A case worker overrides a line of the budget plan in the browser: the form with its
errors passes axe, and the case page shows the line with its reason and the new total."""

from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from casefiles.schemas import IncomeIn, MeldingIn, PersonIn
from casefiles.service import register_melding
from casefiles.service_finance import add_income, compute_case_vtlb
from engine.db import transaction
from engine.identity.actor import Actor
from engine.identity.roles import Role
from tests.e2e.conftest import LiveServer, axe_violations, login

pytestmark = pytest.mark.browser
REASON = "Eigen risico is dit jaar al betaald"


def _case_with_budget_plan(server: LiveServer) -> str:
    actor = Actor(server.tenant_id, "user", "seed", "seed", frozenset({Role.SCHULDHULPVERLENER}))
    melding = MeldingIn(
        meldingsdatum=date(2026, 1, 5), channel="persoon", client=PersonIn(last_name="Visser")
    )
    with transaction(server.factory, server.tenant_id) as session:
        case_id = register_melding(session, actor, melding, start=False).case_id
        income = IncomeIn(kind="uitkering", monthly_amount=Decimal("1500.00"))
        add_income(session, actor, case_id, income)
        compute_case_vtlb(session, actor, case_id)
    return str(case_id)


def _vtlb_total(page: Any) -> str:
    table = page.get_by_role("table", name=re.compile("VTLB-berekening"))
    row = table.get_by_role("row", name=re.compile(r"^VTLB\b"))
    return str(row.get_by_role("cell").last.inner_text())


def test_case_worker_overrides_a_vtlb_line_with_a_reason(
    page: Any, live_server: LiveServer
) -> None:
    case_id = _case_with_budget_plan(live_server)
    login(page, live_server, "lotte")
    page.goto(f"{live_server.url}/zaken/{uuid.UUID(case_id)}")
    before = _vtlb_total(page)

    page.get_by_role("link", name=re.compile("Reservering eigen risico")).click()
    page.get_by_label("Nieuw bedrag per maand").fill("0")
    page.get_by_role("button", name="Aanpassing opslaan").click()
    assert page.get_by_role("heading", name="Er is 1 fout gevonden").is_visible()
    assert axe_violations(page) == []  # the override form with its error

    page.get_by_label("Reden van de aanpassing").fill(REASON)
    page.get_by_role("button", name="Aanpassing opslaan").click()
    assert page.get_by_text("De wijziging is opgeslagen.").is_visible()
    assert page.get_by_text(f"(aangepast: {REASON})").is_visible()
    assert _vtlb_total(page) != before
    assert axe_violations(page) == []
