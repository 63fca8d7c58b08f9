"""Service tasks of the running settlement or budget management: the monthly check with its
deviation signal and the finale kwijting; and the deviation report the check picks up."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from casefiles.handlers.common import (
    add_month,
    case_file_of,
    morning_of,
    move_to_status,
    plan_term,
    process_actor,
)
from casefiles.models import ContactMoment
from casefiles.service_common import today
from casefiles.service_deadlines import meet_deadline
from engine import clock
from engine.audit import record
from engine.db import uuid_parameter
from engine.errors import NotFound
from engine.identity.actor import Actor
from engine.process.handlers import ServiceContext, service_handler

DEVIATION = "afwijking"


@service_handler("casefiles.schedule_monitoring")
def schedule_monitoring(ctx: ServiceContext) -> dict[str, Any]:
    """Plan next month's check of the afdracht (schuldregeling) or the budget (beheer)."""
    month = int(ctx.data.get("maand", 0)) + 1
    day = add_month(today())
    plan_term(
        ctx, kind="maandcontrole", due_on=day, label=f"Maandcontrole {month}", rule="maandelijks"
    )
    return {
        "maand": month,
        "volgende_controle": morning_of(day),
        "laatste_controle": ctx.data.get("laatste_controle") or ctx.now.isoformat(),
    }


_DEVIATIONS_SINCE = select(ContactMoment.id).where(  # built once: see held_case_file
    ContactMoment.case_id == uuid_parameter("case_id"),
    ContactMoment.kind == DEVIATION,
    ContactMoment.at > bindparam("since"),
)


@service_handler("casefiles.check_monthly_payment")
def check_monthly_payment(ctx: ServiceContext) -> dict[str, Any]:
    """Deviation signal: any deviation reported since the previous monthly check."""
    since = datetime.fromisoformat(str(ctx.data.get("laatste_controle") or ctx.now.isoformat()))
    deviations = ctx.session.scalars(
        _DEVIATIONS_SINCE, {"case_id": ctx.case_id, "since": since}
    ).all()
    cf = case_file_of(ctx.session, ctx.case_id)
    if cf is not None:
        meet_deadline(ctx.session, process_actor(ctx), ctx.case_id, "maandcontrole")
    return {"afwijking": bool(deviations), "laatste_controle": ctx.now.isoformat()}


@service_handler("casefiles.final_settlement")
def final_settlement(ctx: ServiceContext) -> dict[str, Any]:
    """End of the term: final payout, finale kwijting, BKR removal request, aftercare."""
    move_to_status(ctx, "finale_kwijting", "casefile.final_discharge", bkr_afmelding_gevraagd=True)
    return {"finale_kwijting": True}


def report_deviation(
    session: Session, actor: Actor, case_id: uuid.UUID, *, note: str
) -> ContactMoment:
    """A deviation from the agreed payments (missed afdracht, new debt): the next monthly
    check of the process picks it up and asks the case worker to assess it."""
    cf = case_file_of(session, case_id)
    if cf is None:
        raise NotFound(f"no case file {case_id}")
    moment = ContactMoment(
        tenant_id=cf.tenant_id,
        case_id=case_id,
        at=clock.now(),
        kind=DEVIATION,
        reached=True,
        note=note,
        by=actor.name,
    )
    session.add(moment)
    session.flush()
    record(
        session,
        actor,
        "casefile.deviation_reported",
        "case",
        case_id,
        case_id=case_id,
        after={"note": note},
    )
    return moment
