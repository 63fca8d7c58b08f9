"""Corrections to a registered case file: a household member's data, an income or expense,
a claim's amount, and keeping the budget plan current after the finances changed."""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefiles.models import Debt, Expense, Income, Person, VtlbCalculation
from casefiles.schemas import DebtUpdateIn, ExpenseIn, IncomeIn, PersonIn
from casefiles.service_common import WRITERS, Errors, audit, case_file, today
from casefiles.service_finance import compute_case_vtlb
from casefiles.service_persons import _person_audit, check_person, set_client
from engine.errors import NotFound
from engine.identity.actor import Actor
from engine.identity.roles import Role

# After the proposal went out the claim is what the creditor answered, not ours to edit.
FIXED_STATUSES = {
    "voorstel_verstuurd",
    "akkoord",
    "weigering",
    "heroverweging",
    "dwangakkoord",
    "betaald",
}
Row = TypeVar("Row", Income, Expense)
VTLB_ROLES = (Role.SCHULDHULPVERLENER, Role.BUDGETBEHEERDER, Role.TEAMLEIDER)


def update_person(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID | str,
    person_id: uuid.UUID,
    data: PersonIn,
) -> Person:
    """Correct the data of the client, the partner or a child of this case."""
    actor.require(*WRITERS)
    cf = case_file(session, case_id)
    person = session.get(Person, person_id)
    if person is None or person.case_id != cf.case_id:
        raise NotFound(f"no person {person_id} in this case")
    if person.role == "client":
        return set_client(session, actor, cf.case_id, data)
    errors = Errors()
    check_person(errors, "", data)
    errors.raise_if_any("het gezinslid is niet gewijzigd")
    before = _person_audit(person)
    for name, value in data.model_dump().items():
        setattr(person, name, value)
    if person.bsn:
        person.bsn = person.bsn.strip().zfill(9)
    session.flush()
    audit(
        session,
        actor,
        "casefile.household_member_updated",
        "person",
        person.id,
        cf.case_id,
        before=before,
        after=_person_audit(person),
    )
    return person


def update_debt(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID | str,
    debt_id: uuid.UUID,
    data: DebtUpdateIn,
) -> Debt:
    """Correct a claim before the proposal went out; a changed amount or rank clears the
    stored proposal share, so the proposal must be built again."""
    actor.require(*WRITERS)
    cf = case_file(session, case_id)
    debt = session.get(Debt, debt_id)
    if debt is None or debt.case_id != cf.case_id:
        raise NotFound(f"no debt {debt_id} in this case")
    errors = Errors()
    errors.non_negative("claimedAmount", data.claimed_amount)
    if debt.status in FIXED_STATUSES:
        errors.add("claimedAmount", "na het versturen van het voorstel ligt de vordering vast")
    if data.origin_date is not None and data.origin_date > today():
        errors.add("originDate", "ontstaansdatum ligt in de toekomst")
    if _other_debt_with_reference(session, debt, data.creditor_reference):
        errors.add("creditorReference", "deze schuld van deze schuldeiser staat al in het dossier")
    errors.raise_if_any("de schuld is niet gewijzigd")
    before = _debt_facts(debt)
    if (data.claimed_amount, data.preferent) != (debt.claimed_amount, debt.preferent):
        debt.proposed_payout = debt.proposed_percentage = None
    debt.creditor_reference = data.creditor_reference
    debt.claimed_amount = data.claimed_amount
    debt.origin_date = data.origin_date
    debt.preferent = data.preferent
    session.flush()
    audit(
        session,
        actor,
        "casefile.debt_updated",
        "debt",
        debt.id,
        cf.case_id,
        before=before,
        after=_debt_facts(debt),
    )
    return debt


def update_income(
    session: Session, actor: Actor, case_id: uuid.UUID | str, income_id: uuid.UUID, data: IncomeIn
) -> Income:
    income = _finance_row(session, actor, case_id, Income, income_id)
    _correct_amount(session, actor, income, data, "income", "het inkomen")
    return income


def update_expense(
    session: Session, actor: Actor, case_id: uuid.UUID | str, expense_id: uuid.UUID, data: ExpenseIn
) -> Expense:
    expense = _finance_row(session, actor, case_id, Expense, expense_id)
    _correct_amount(session, actor, expense, data, "expense", "de uitgave")
    return expense


def refresh_vtlb(
    session: Session, actor: Actor, case_id: uuid.UUID | str
) -> VtlbCalculation | None:
    """Recompute the budget plan after incomes or expenses changed, when the actor may
    compute it; None for roles that may not (their change waits for the next calculation)."""
    if not any(actor.has_role(role) for role in VTLB_ROLES):
        return None
    return compute_case_vtlb(session, actor, case_id)


def _finance_row(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID | str,
    model: type[Row],
    row_id: uuid.UUID,
) -> Row:
    actor.require(*WRITERS)
    cf = case_file(session, case_id)
    row = session.get(model, row_id)
    if row is None or row.case_id != cf.case_id:
        raise NotFound(f"no {model.__name__.lower()} {row_id} in this case")
    return row


def _correct_amount(
    session: Session,
    actor: Actor,
    row: Income | Expense,
    data: IncomeIn | ExpenseIn,
    object_type: str,
    what: str,
) -> None:
    errors = Errors()
    errors.non_negative("monthlyAmount", data.monthly_amount)
    errors.raise_if_any(f"{what} is niet gewijzigd")
    before = {"kind": row.kind, "monthly_amount": row.monthly_amount}
    for name, value in data.model_dump().items():
        setattr(row, name, value)
    session.flush()
    audit(
        session,
        actor,
        f"casefile.{object_type}_updated",
        object_type,
        row.id,
        row.case_id,
        before=before,
        after=data.model_dump(mode="json"),
    )


def _other_debt_with_reference(session: Session, debt: Debt, reference: str) -> bool:
    found = session.scalars(
        select(Debt.id).where(
            Debt.case_id == debt.case_id,
            Debt.creditor_id == debt.creditor_id,
            Debt.creditor_reference == reference,
            Debt.id != debt.id,
        )
    ).first()
    return found is not None


def _debt_facts(debt: Debt) -> dict[str, object]:
    return {
        "creditor_reference": debt.creditor_reference,
        "claimed_amount": debt.claimed_amount,
        "origin_date": debt.origin_date,
        "preferent": debt.preferent,
    }
