"""Incomes, expenses and the VTLB / afloscapaciteit of a case."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any, Literal, NamedTuple, TypeVar

from sqlalchemy import (
    CompoundSelect,
    Select,
    String,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from casefiles import vtlb as calculator
from casefiles.models import CaseFile, Expense, Income, VtlbCalculation, VtlbOverride
from casefiles.schemas import ExpenseIn, IncomeIn, VtlbLineOut, VtlbOut
from casefiles.service_common import NEGOTIATORS, READERS, Errors, audit, case_file, today
from casefiles.service_edits import editable_case_file
from casefiles.service_persons import log_financial_read
from engine import clock
from engine.db import uuid_parameter
from engine.errors import NotFound
from engine.identity.actor import Actor
from engine.identity.roles import Role
from engine.transaction_memo import held_or_read, memo

Row = TypeVar("Row", Income, Expense)
HouseholdFinance = Literal["income", "expense"]  # the client's and partner's data
FinanceSource = Literal[HouseholdFinance, "override"]
VTLB_ROLES = (Role.SCHULDHULPVERLENER, Role.BUDGETBEHEERDER, Role.TEAMLEIDER)
NOUNS: dict[type, str] = {Income: "het inkomen", Expense: "de uitgave"}
READ_LOG: dict[type, tuple[str, str]] = {
    Income: ("Inkomsten inzien", "inkomen"),
    Expense: ("Uitgaven inzien", "uitgaven"),
}
HOUSEHOLD_MODELS: dict[HouseholdFinance, type[Income] | type[Expense]] = {
    "income": Income,
    "expense": Expense,
}
ALLOWANCE_KINDS = {"huurtoeslag": "housing_allowance", "zorgtoeslag": "health_allowance"}
WORK_INCOME_KINDS = {"loon", "inkomen_uit_werk", "winst"}
HOUSING_EXPENSES = {"huur", "hypotheek"}
HEALTH_EXPENSES = {"zorgpremie"}
OTHER_VTLB_EXPENSES = {
    "reiskosten": "commuting",
    "kinderopvang": "childcare",
    "schoolkosten": "childcare",
    "alimentatie": "alimony",
    "gemeentelijke_belastingen": "local_taxes",
    "bewindvoering": "administration_fee",
    "budgetbeheer": "administration_fee",
}


def add_income(session: Session, actor: Actor, case_id: uuid.UUID | str, data: IncomeIn) -> Income:
    return _write_row(session, actor, case_id, Income, data)


def update_income(
    session: Session, actor: Actor, case_id: uuid.UUID | str, income_id: uuid.UUID, data: IncomeIn
) -> Income:
    return _write_row(session, actor, case_id, Income, data, income_id)


def remove_income(
    session: Session, actor: Actor, case_id: uuid.UUID | str, income_id: uuid.UUID
) -> None:
    _remove_row(session, actor, case_id, Income, income_id)


def list_incomes(session: Session, actor: Actor, case_id: uuid.UUID | str) -> list[Income]:
    return _list_rows(session, actor, case_id, Income)


def add_expense(
    session: Session, actor: Actor, case_id: uuid.UUID | str, data: ExpenseIn
) -> Expense:
    return _write_row(session, actor, case_id, Expense, data)


def update_expense(
    session: Session, actor: Actor, case_id: uuid.UUID | str, expense_id: uuid.UUID, data: ExpenseIn
) -> Expense:
    return _write_row(session, actor, case_id, Expense, data, expense_id)


def remove_expense(
    session: Session, actor: Actor, case_id: uuid.UUID | str, expense_id: uuid.UUID
) -> None:
    _remove_row(session, actor, case_id, Expense, expense_id)


def list_expenses(session: Session, actor: Actor, case_id: uuid.UUID | str) -> list[Expense]:
    return _list_rows(session, actor, case_id, Expense)


def refresh_vtlb(
    session: Session, actor: Actor, case_id: uuid.UUID | str
) -> VtlbCalculation | None:
    """Recompute the budget plan after incomes or expenses changed, when the actor may
    compute it; None for roles that may not (their change waits for the next calculation)."""
    if not any(actor.has_role(role) for role in VTLB_ROLES):
        return None
    return compute_case_vtlb(session, actor, case_id)


class FinanceLine(NamedTuple):
    """An income, an expense or a VTLB override of a case, as the calculation and the
    letters use it."""

    source: str  # "income", "expense" or "override"
    kind: str  # the income's or expense's kind; the override's line
    label: str  # the income's source, the expense's description; the override's reason
    amount: Decimal


def _finance_select(source: FinanceSource) -> Select[str, str, str, Decimal]:
    tag = literal(source, String)
    case_id = uuid_parameter("case_id")
    if source == "income":
        return select(tag, Income.kind, Income.source, Income.monthly_amount).where(
            Income.case_id == case_id
        )
    if source == "expense":
        return select(tag, Expense.kind, Expense.description, Expense.monthly_amount).where(
            Expense.case_id == case_id
        )
    return select(tag, VtlbOverride.line, VtlbOverride.reason, VtlbOverride.amount).where(
        VtlbOverride.case_id == case_id
    )


@cache  # built once per set of sources: see casefiles.held_case_file
def _finance_query(sources: tuple[FinanceSource, ...]) -> CompoundSelect[str, str, str, Decimal]:
    return union_all(*(_finance_select(source) for source in sources))


def finance_lines(
    session: Session, case_id: uuid.UUID, sources: Sequence[FinanceSource]
) -> list[FinanceLine]:
    """The case's rows of ``sources``, in one statement (unlogged: callers log the read)."""
    query = _finance_query(tuple(sources))
    return [FinanceLine(*row) for row in session.execute(query, {"case_id": case_id})]


def list_finance_lines(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID | str,
    sources: Sequence[HouseholdFinance],
) -> list[FinanceLine]:
    """The case's incomes and/or expenses (``sources``) in one statement; each read is
    logged as ``list_incomes`` and ``list_expenses`` log it."""
    actor.require(*READERS)
    cf = case_file(session, case_id)
    for source in sources:
        action, kind = READ_LOG[HOUSEHOLD_MODELS[source]]
        log_financial_read(session, actor, cf.case_id, action, [kind])
    return finance_lines(session, cf.case_id, sources)


def vtlb_input(
    cf: CaseFile, lines: Sequence[FinanceLine], reference_date: date
) -> calculator.VtlbInput:
    """The calculation's input from the case file's incomes and expenses."""
    incomes = [line for line in lines if line.source == "income"]
    expenses = [line for line in lines if line.source == "expense"]
    values: dict[str, Any] = {"housing_allowance": Decimal(0), "health_allowance": Decimal(0)}
    net_income = Decimal(0)
    for income in incomes:
        field = ALLOWANCE_KINDS.get(income.kind)
        if field:
            values[field] += income.amount
        else:
            net_income += income.amount
    housing = sum((e.amount for e in expenses if e.kind in HOUSING_EXPENSES), Decimal(0))
    health = sum((e.amount for e in expenses if e.kind in HEALTH_EXPENSES), Decimal(0))
    other: dict[str, Decimal] = {}
    for expense in expenses:
        key = OTHER_VTLB_EXPENSES.get(expense.kind)
        if key:
            other[key] = other.get(key, Decimal(0)) + expense.amount
    return calculator.VtlbInput(
        reference_date=reference_date,
        household=cf.household_kind,
        net_income=net_income,
        housing_costs=housing,
        health_premium=health,
        working=any(i.kind in WORK_INCOME_KINDS for i in incomes),
        other_items=other,
        **values,
    )


def compute_case_vtlb(
    session: Session, actor: Actor, case_id: uuid.UUID | str, *, reference_date: date | None = None
) -> VtlbCalculation:
    """Compute the VTLB from the case file (with the case's overrides) and store it."""
    actor.require(*VTLB_ROLES)
    cf = case_file(session, case_id)
    day = reference_date or today()
    lines = finance_lines(session, cf.case_id, ("income", "expense", "override"))
    overrides = [
        calculator.VtlbOverrideSpec(line.kind, line.amount, line.label)
        for line in lines
        if line.source == "override"
    ]
    result = calculator.compute_vtlb(vtlb_input(cf, lines, day), overrides)
    previous = latest_vtlb(session, cf.case_id)
    moment = clock.now()
    if previous is not None and previous.computed_at >= moment:  # same instant: keep order
        moment = previous.computed_at + timedelta(microseconds=1)
    calc = VtlbCalculation(
        computed_at=moment,
        tenant_id=cf.tenant_id,
        case_id=cf.case_id,
        reference_date=day,
        norm_period=result.norm_period,
        lines=[_line_json(line) for line in result.lines],
        net_income=result.net_income,
        vtlb=result.vtlb,
        afloscapaciteit=result.afloscapaciteit,
    )
    session.add(calc)
    session.flush()
    memo(session)[(VtlbCalculation, cf.case_id)] = calc
    audit(
        session,
        actor,
        "casefile.vtlb_computed",
        "vtlb_calculation",
        calc.id,
        cf.case_id,
        after={
            "vtlb": result.vtlb,
            "afloscapaciteit": result.afloscapaciteit,
            "norm_period": result.norm_period,
        },
    )
    return calc


_LATEST_VTLB = (  # built once: see casefiles.held_case_file
    select(VtlbCalculation)
    .where(VtlbCalculation.case_id == uuid_parameter("case_id"))
    .order_by(VtlbCalculation.computed_at.desc(), VtlbCalculation.id)
)


def latest_vtlb(session: Session, case_id: uuid.UUID) -> VtlbCalculation | None:
    """The case's latest calculation, read once per transaction (a step computes it and
    its proposal and letters read it); ``compute_case_vtlb``, the only writer, keeps it."""
    return held_or_read(
        session,
        (VtlbCalculation, case_id),
        lambda: session.scalars(_LATEST_VTLB, {"case_id": case_id}).first(),
    )


def get_vtlb(session: Session, actor: Actor, case_id: uuid.UUID | str) -> VtlbOut:
    """The latest stored calculation, every line with its source; NotFound when none yet."""
    actor.require(*READERS)
    cf = case_file(session, case_id)
    calc = latest_vtlb(session, cf.case_id)
    if calc is None:
        raise NotFound("no VTLB has been computed for this case yet")
    return vtlb_view(calc)


def vtlb_view(calc: VtlbCalculation) -> VtlbOut:
    return VtlbOut(
        lines=[VtlbLineOut(**line) for line in calc.lines],
        vtlb=calc.vtlb,
        net_income=calc.net_income,
        afloscapaciteit=calc.afloscapaciteit,
        nul_aanbod=calc.afloscapaciteit <= 0,
        norm_period=calc.norm_period,
        computed_at=calc.computed_at,
    )


def override_vtlb_line(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID | str,
    *,
    line: str,
    amount: Decimal,
    reason: str,
) -> VtlbCalculation:
    """Override one VTLB line (mandatory reason, audited) and recompute."""
    cf = editable_case_file(session, actor, case_id, NEGOTIATORS)
    errors = Errors()
    if not reason.strip():
        errors.add("reason", "een handmatige aanpassing heeft een reden nodig")
    if line not in calculator.LINE_KEYS:
        errors.add("line", f"onbekende VTLB-regel: {line}")
    errors.raise_if_any("de VTLB-regel is niet aangepast")
    row = session.scalars(
        select(VtlbOverride).where(VtlbOverride.case_id == cf.case_id, VtlbOverride.line == line)
    ).first()
    before = {"amount": row.amount, "reason": row.reason} if row else None
    if row is None:
        row = VtlbOverride(
            tenant_id=cf.tenant_id,
            case_id=cf.case_id,
            line=line,
            amount=amount,
            reason=reason,
            by=actor.label,
        )
        session.add(row)
    else:
        row.amount, row.reason, row.by = amount, reason, actor.label
    session.flush()
    audit(
        session,
        actor,
        "casefile.vtlb_line_overridden",
        "vtlb_override",
        row.id,
        cf.case_id,
        before=before,
        after={"line": line, "amount": amount, "reason": reason},
    )
    return compute_case_vtlb(session, actor, cf.case_id)


def _line_json(line: calculator.VtlbLine) -> dict[str, Any]:
    return {
        "key": line.key,
        "label": line.label,
        "amount": str(line.amount),
        "source": line.source,
        "overridden": line.overridden,
        "original_amount": None if line.original_amount is None else str(line.original_amount),
        "reason": line.reason,
    }


def _write_row(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID | str,
    model: type[Row],
    data: IncomeIn | ExpenseIn,
    row_id: uuid.UUID | None = None,
) -> Row:
    """Add an income or expense (no ``row_id``) or correct the one with ``row_id``."""
    cf = editable_case_file(session, actor, case_id)
    row = None if row_id is None else _row_of(session, cf.case_id, model, row_id)
    errors = Errors()
    errors.non_negative("monthlyAmount", data.monthly_amount)
    errors.raise_if_any(f"{NOUNS[model]} is niet {'opgeslagen' if row is None else 'gewijzigd'}")
    before = None if row is None else _amount_facts(row)
    if row is None:
        row = model(tenant_id=cf.tenant_id, case_id=cf.case_id)
        session.add(row)
    for name, value in data.model_dump().items():
        setattr(row, name, value)
    session.flush()
    object_type = model.__name__.lower()
    audit(
        session,
        actor,
        f"casefile.{object_type}_{'added' if before is None else 'updated'}",
        object_type,
        row.id,
        cf.case_id,
        before=before,
        after=data.model_dump(mode="json"),
    )
    return row


def _remove_row(
    session: Session, actor: Actor, case_id: uuid.UUID | str, model: type[Row], row_id: uuid.UUID
) -> None:
    cf = editable_case_file(session, actor, case_id)
    row = _row_of(session, cf.case_id, model, row_id)
    object_type = model.__name__.lower()
    audit(
        session,
        actor,
        f"casefile.{object_type}_removed",
        object_type,
        row.id,
        cf.case_id,
        before=_amount_facts(row),
    )
    session.delete(row)
    session.flush()


def _list_rows(
    session: Session, actor: Actor, case_id: uuid.UUID | str, model: type[Row]
) -> list[Row]:
    actor.require(*READERS)
    cf = case_file(session, case_id)
    action, kind = READ_LOG[model]
    log_financial_read(session, actor, cf.case_id, action, [kind])
    return list(session.scalars(select(model).where(model.case_id == cf.case_id)))


def _row_of(session: Session, case_id: uuid.UUID, model: type[Row], row_id: uuid.UUID) -> Row:
    row = session.get(model, row_id)
    if row is None or row.case_id != case_id:
        raise NotFound(f"no {model.__name__.lower()} {row_id} in this case")
    return row


def _amount_facts(row: Income | Expense) -> dict[str, object]:
    return {"kind": row.kind, "monthly_amount": row.monthly_amount}
