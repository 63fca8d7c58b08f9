"""A closed case is read-only: every change to its case file is refused by the service with
a Conflict in Dutch (409 over REST), and nothing is stored; reopened, it may change again."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from casefiles import service
from casefiles.schemas import (
    CreditorResponseIn,
    DebtIn,
    DebtUpdateIn,
    ExpenseIn,
    HouseholdMemberIn,
    IncomeIn,
    PersonIn,
)
from casefiles.service_debts import update_debt
from casefiles.service_edits import CASE_CLOSED
from casefiles.service_finance import update_expense, update_income
from casefiles.service_persons import update_person
from engine.audit.models import AuditEntry
from engine.cases.service import close_case, get_case, reopen_case
from engine.clock import FrozenClock
from engine.errors import Conflict
from engine.identity.actor import Actor, system_actor
from tests.api.conftest import Api, ApiClientInfo
from tests.casefiles.conftest import V1, CaseWorld, creditor, open_melding, post_melding

Ids = dict[str, uuid.UUID]
Edit = Callable[[Session, Actor, str, Ids], Any]
INCOME = IncomeIn(kind="loon", monthly_amount=Decimal(1900))
RENT = ExpenseIn(kind="huur", monthly_amount=Decimal(700))

EDITS: dict[str, Edit] = {
    "set_client": lambda s, a, c, ids: service.set_client(s, a, c, PersonIn(last_name="X")),
    "update_person": lambda s, a, c, ids: update_person(
        s, a, c, ids["partner"], PersonIn(last_name="X")
    ),
    "add_household_member": lambda s, a, c, ids: service.add_household_member(
        s, a, c, HouseholdMemberIn(role="child", last_name="X")
    ),
    "remove_household_member": lambda s, a, c, ids: service.remove_household_member(
        s, a, c, ids["partner"]
    ),
    "add_income": lambda s, a, c, ids: service.add_income(s, a, c, INCOME),
    "update_income": lambda s, a, c, ids: update_income(s, a, c, ids["income"], INCOME),
    "remove_income": lambda s, a, c, ids: service.remove_income(s, a, c, ids["income"]),
    "add_expense": lambda s, a, c, ids: service.add_expense(s, a, c, RENT),
    "update_expense": lambda s, a, c, ids: update_expense(s, a, c, ids["expense"], RENT),
    "remove_expense": lambda s, a, c, ids: service.remove_expense(s, a, c, ids["expense"]),
    "add_debt": lambda s, a, c, ids: service.add_debt(
        s, a, c, DebtIn(creditor_id=ids["creditor"], claimed_amount=Decimal(5))
    ),
    "update_debt": lambda s, a, c, ids: update_debt(
        s, a, c, ids["debt"], DebtUpdateIn(claimed_amount=Decimal(5), preferent=False)
    ),
    "record_creditor_response": lambda s, a, c, ids: service.record_creditor_response(
        s, a, c, CreditorResponseIn(creditor_id=ids["creditor"], kind="saldo", amount=Decimal(9))
    ),
    "request_reconsideration": lambda s, a, c, ids: service.request_reconsideration(
        s, a, c, ids["creditor"]
    ),
    "override_vtlb_line": lambda s, a, c, ids: service.override_vtlb_line(
        s, a, c, line="eigen_risico", amount=Decimal(0), reason="al betaald"
    ),
}


def _filled_case(cw: CaseWorld) -> tuple[str, Ids]:
    case_id = open_melding(cw)
    creditor_id = uuid.UUID(creditor(cw, "Essent"))
    with cw.db.tx(cw.tenant_id) as session:
        partner = HouseholdMemberIn(role="partner", last_name="Jansen")
        ids = {
            "creditor": creditor_id,
            "partner": service.add_household_member(session, cw.worker, case_id, partner).id,
            "income": service.add_income(session, cw.worker, case_id, INCOME).id,
            "expense": service.add_expense(session, cw.worker, case_id, RENT).id,
            "debt": service.add_debt(
                session,
                cw.worker,
                case_id,
                DebtIn(creditor_id=creditor_id, claimed_amount=Decimal(800)),
            ).id,
        }
    return case_id, ids


def _close(cw: CaseWorld, case_id: str) -> None:
    with cw.db.tx(cw.tenant_id) as session:
        close_case(session, cw.worker, get_case(session, uuid.UUID(case_id)), result="verstrekt")


def _case_file_state(cw: CaseWorld, case_id: str) -> tuple[Any, ...]:
    with cw.db.tx(cw.tenant_id) as session:
        household = [
            (p.role, p.last_name) for p in service.list_household(session, cw.worker, case_id)
        ]
        incomes = [i.monthly_amount for i in service.list_incomes(session, cw.worker, case_id)]
        expenses = [e.monthly_amount for e in service.list_expenses(session, cw.worker, case_id)]
        debts = [d.claimed_amount for d in service.list_debts(session, cw.worker, case_id)]
        audited = session.query(AuditEntry).filter_by(case_id=uuid.UUID(case_id)).count()
    return household, incomes, expenses, debts, audited


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_closed_case_refuses_the_edit_and_stores_nothing(
    cw: CaseWorld, frozen_clock: FrozenClock, edit: str
) -> None:
    case_id, ids = _filled_case(cw)
    _close(cw, case_id)
    before = _case_file_state(cw, case_id)
    with pytest.raises(Conflict) as refused, cw.db.tx(cw.tenant_id) as session:
        EDITS[edit](session, cw.worker, case_id, ids)
    assert str(refused.value) == CASE_CLOSED
    assert _case_file_state(cw, case_id) == before


def test_reopened_case_may_be_edited_again(cw: CaseWorld, frozen_clock: FrozenClock) -> None:
    case_id, ids = _filled_case(cw)
    _close(cw, case_id)
    with cw.db.tx(cw.tenant_id) as session:
        reopen_case(session, cw.worker, get_case(session, uuid.UUID(case_id)))
    with cw.db.tx(cw.tenant_id) as session:
        EDITS["update_income"](session, cw.worker, case_id, ids)
        [income] = service.list_incomes(session, cw.worker, case_id)
    assert income.monthly_amount == Decimal("1900.00")


def test_rest_answers_409_for_a_closed_case_and_stores_nothing(
    api: Api, worker: ApiClientInfo, frozen_clock: FrozenClock
) -> None:
    case_id = post_melding(api, worker)["caseId"]
    incomes = f"{V1}/cases/{case_id}/incomes"
    with api.db.tx(worker.tenant_id) as session:
        closer = system_actor(worker.tenant_id, "test")
        close_case(session, closer, get_case(session, uuid.UUID(case_id)), result="verstrekt")
    answer = api.http.post(
        incomes, headers=worker.headers, json={"kind": "loon", "monthlyAmount": "100"}
    )
    assert answer.status_code == 409
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["detail"] == CASE_CLOSED
    assert api.http.get(incomes, headers=worker.headers).json()["results"] == []
