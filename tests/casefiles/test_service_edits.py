"""Corrections to the case file: household members, claims, the recomputed budget plan."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from casefiles import service
from casefiles.schemas import (
    DebtIn,
    DebtUpdateIn,
    ExpenseIn,
    HouseholdMemberIn,
    IncomeIn,
    PersonIn,
)
from casefiles.service_debts import update_debt
from casefiles.service_finance import refresh_vtlb, update_expense
from casefiles.service_persons import update_person
from engine.cases.service import case_history
from engine.clock import FrozenClock
from engine.errors import NotFound, PermissionDenied, ValidationFailed
from engine.identity.actor import Actor
from engine.identity.roles import Role
from tests.casefiles.conftest import CaseWorld, creditor, open_melding


def _claim(cw: CaseWorld, case_id: str, amount: str = "800") -> uuid.UUID:
    with cw.db.tx(cw.tenant_id) as session:
        data = DebtIn(creditor_id=creditor(cw, "Essent"), claimed_amount=Decimal(amount))
        return service.add_debt(session, cw.worker, case_id, data).id


def _case_with_proposal(cw: CaseWorld) -> tuple[str, uuid.UUID]:
    """A case with one claim, an income and the proposal built (not yet sent)."""
    case_id = open_melding(cw)
    debt_id = _claim(cw, case_id)
    with cw.db.tx(cw.tenant_id) as session:
        service.add_income(
            session, cw.worker, case_id, IncomeIn(kind="loon", monthly_amount=Decimal(2400))
        )
        service.build_proposal(session, cw.worker, case_id)
    return case_id, debt_id


def _correction(amount: str, preferent: bool = False) -> DebtUpdateIn:
    return DebtUpdateIn(claimed_amount=Decimal(amount), preferent=preferent)


def test_partner_is_corrected_and_audited(cw: CaseWorld, frozen_clock: FrozenClock) -> None:
    case_id = open_melding(cw)
    with cw.db.tx(cw.tenant_id) as session:
        member = HouseholdMemberIn(role="partner", last_name="Jansen", initials="M.")
        partner_id = service.add_household_member(session, cw.worker, case_id, member).id
    with cw.db.tx(cw.tenant_id) as session:
        update_person(session, cw.worker, case_id, partner_id, PersonIn(last_name="Pietersen"))
    with cw.db.tx(cw.tenant_id) as session:
        [history] = [
            e
            for e in case_history(session, uuid.UUID(case_id))
            if e.action == "casefile.household_member_updated"
        ]
        partner = next(
            p for p in service.list_household(session, cw.worker, case_id) if p.id == partner_id
        )
    assert (partner.last_name, partner.initials) == ("Pietersen", "")
    assert history.before is not None and history.before["last_name"] == "Jansen"


def test_person_of_another_case_is_not_found(cw: CaseWorld, frozen_clock: FrozenClock) -> None:
    first, second = open_melding(cw), open_melding(cw)
    with cw.db.tx(cw.tenant_id) as session:
        client = service.get_client(session, cw.worker, first)
        assert client is not None
        client_id = client.id
    with pytest.raises(NotFound), cw.db.tx(cw.tenant_id) as session:
        update_person(session, cw.worker, second, client_id, PersonIn(last_name="X"))


def test_corrected_claim_clears_the_proposal_share(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    case_id, debt_id = _case_with_proposal(cw)
    with cw.db.tx(cw.tenant_id) as session:
        update_debt(session, cw.worker, case_id, debt_id, _correction("950"))
        assert service.get_proposal(session, cw.worker, case_id) is None
        [debt] = service.list_debts(session, cw.worker, case_id)
    assert (debt.claimed_amount, debt.proposed_payout) == (Decimal("950.00"), None)


def test_claim_is_fixed_once_the_proposal_went_out(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    case_id, debt_id = _case_with_proposal(cw)
    with cw.db.tx(cw.tenant_id) as session:
        service.send_proposal(session, cw.worker, case_id)
    with pytest.raises(ValidationFailed) as caught, cw.db.tx(cw.tenant_id) as session:
        update_debt(session, cw.worker, case_id, debt_id, _correction("-1"))
    assert [e.field for e in caught.value.errors] == ["claimedAmount", "claimedAmount"]
    with cw.db.tx(cw.tenant_id) as session:
        [debt] = service.list_debts(session, cw.worker, case_id)
    assert debt.claimed_amount == Decimal("800.00")


def test_budget_plan_is_recomputed_only_for_roles_that_may(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    case_id = open_melding(cw)
    intake = Actor(cw.tenant_id, "user", "i", "intake", frozenset({Role.INTAKE}))
    with cw.db.tx(cw.tenant_id) as session:
        service.add_income(
            session, intake, case_id, IncomeIn(kind="loon", monthly_amount=Decimal(1500))
        )
        assert refresh_vtlb(session, intake, case_id) is None
        calc = refresh_vtlb(session, cw.worker, case_id)
    assert calc is not None and calc.net_income == Decimal("1500.00")


def test_auditor_may_not_correct_a_claim(cw: CaseWorld, frozen_clock: FrozenClock) -> None:
    case_id = open_melding(cw)
    debt_id = _claim(cw, case_id)
    with pytest.raises(PermissionDenied), cw.db.tx(cw.tenant_id) as session:
        update_debt(session, cw.auditor, case_id, debt_id, _correction("1"))


def test_expense_is_corrected_only_within_its_case(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    first, second = open_melding(cw), open_melding(cw)
    rent = ExpenseIn(kind="huur", monthly_amount=Decimal(600))
    with cw.db.tx(cw.tenant_id) as session:
        expense_id = service.add_expense(session, cw.worker, first, rent).id
    higher = ExpenseIn(kind="huur", description="na huurverhoging", monthly_amount=Decimal(640))
    with pytest.raises(NotFound), cw.db.tx(cw.tenant_id) as session:
        update_expense(session, cw.worker, second, expense_id, higher)
    with cw.db.tx(cw.tenant_id) as session:
        update_expense(session, cw.worker, first, expense_id, higher)
        [expense] = service.list_expenses(session, cw.worker, first)
    assert (expense.monthly_amount, expense.description) == (Decimal("640.00"), "na huurverhoging")
