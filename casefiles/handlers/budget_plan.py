"""Service tasks of the budget plan (``budgetplan``): stabilisation, the VTLB and the
evaluation moment."""

from __future__ import annotations

from typing import Any

from casefiles import legal_calendar, settlement
from casefiles.handlers.common import (
    case_file_of,
    morning_of,
    move_to_status,
    plan_term,
    process_actor,
)
from casefiles.service_common import today
from casefiles.service_deadlines import tenant_term_weeks
from casefiles.service_finance import compute_case_vtlb
from engine.process.handlers import ServiceContext, service_handler


@service_handler("casefiles.request_stabilisation")
def request_stabilisation(ctx: ServiceContext) -> dict[str, Any]:
    """Kennisgeving: creditors are asked to stop collection and costs."""
    move_to_status(ctx, "stabilisatie", "casefile.stabilisation_requested")
    return {"stabilisatie_gevraagd": True}


@service_handler("casefiles.compute_vtlb")
def compute_vtlb(ctx: ServiceContext) -> dict[str, Any]:
    """VTLB and afloscapaciteit from the case file (every line stored there)."""
    cf = case_file_of(ctx.session, ctx.case_id)  # first: held, the service then needs no query
    calc = compute_case_vtlb(ctx.session, process_actor(ctx), ctx.case_id)
    months = settlement.term_months(bbz_entrepreneur=bool(cf and cf.bbz_entrepreneur))
    return {
        "afloscapaciteit": str(calc.afloscapaciteit),
        "nul_aanbod": calc.afloscapaciteit <= 0,
        "looptijd_maanden": months,
    }


@service_handler("casefiles.schedule_evaluation")
def schedule_evaluation(ctx: ServiceContext) -> dict[str, Any]:
    weeks = tenant_term_weeks(ctx.session, ctx.actor.tenant_id, "evaluatie_weken", 4)
    day = legal_calendar.next_working_day(legal_calendar.add_weeks(today(), weeks))
    plan_term(
        ctx,
        kind="evaluatie",
        due_on=day,
        label="Evaluatie stabilisatie en budgetplan",
        rule=f"{weeks} weken na plan van aanpak",
    )
    return {"evaluatie_datum": morning_of(day)}
