"""Service tasks of budget management (``budgetbeheer``): the budget plan as payment
schedule."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from casefiles.handlers.common import case_file_of, note
from casefiles.models import Expense, Income
from engine.process.handlers import ServiceContext, service_handler


@service_handler("casefiles.build_payment_schedule")
def build_payment_schedule(ctx: ServiceContext) -> dict[str, Any]:
    """Budget plan as payment schedule: fixed costs and reservations monthly, leefgeld weekly."""
    incomes = ctx.session.scalars(
        select(Income.monthly_amount).where(Income.case_id == ctx.case_id)
    ).all()
    expenses = ctx.session.scalars(
        select(Expense.monthly_amount).where(Expense.case_id == ctx.case_id)
    ).all()
    cf = case_file_of(ctx.session, ctx.case_id)
    if cf is not None:
        cf.status = "budgetbeheer"
        if cf.product is None:
            cf.product = "budgetbeheer"
    schedule = {
        "inkomsten_per_maand": str(sum(incomes, start=0)),
        "vaste_lasten_per_maand": str(sum(expenses, start=0)),
        "leefgeld_per_week": str(ctx.data.get("leefgeld_per_week", "")),
    }
    note(ctx, "casefile.payment_schedule", **schedule)
    return {"betaalschema": True}
