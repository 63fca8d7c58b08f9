"""Service tasks of the intake (``schuldhulp``): the Wgs terms of the eerste gesprek and the
beschikking, signals of passed terms, and the four-eyes beschikking."""

from __future__ import annotations

from datetime import date
from typing import Any

from casefiles import legal_calendar
from casefiles import service as cf_service
from casefiles.handlers.common import case_file_of, end_of_day, note, process_actor
from casefiles.service_common import today
from casefiles.service_deadlines import add_deadline, deadline_due
from engine.process.handlers import ServiceContext, service_handler


@service_handler("casefiles.plan_first_meeting")
def plan_first_meeting(ctx: ServiceContext, *, crisis: bool) -> dict[str, Any]:
    """Wgs art. 4: eerste gesprek within 3 working days (crisis) or 4 weeks of the melding."""
    cf = case_file_of(ctx.session, ctx.case_id)
    meldingsdatum = cf.meldingsdatum if cf is not None else today()
    due = legal_calendar.first_conversation_due(meldingsdatum, crisis=bool(crisis))
    if cf is not None:
        cf.crisis = bool(crisis)
        add_deadline(
            ctx.session,
            process_actor(ctx),
            ctx.case_id,
            kind="eerste_gesprek",
            starts_on=meldingsdatum,
            due_on=due,
            label="Eerste gesprek (Wgs art. 4)",
            rule="3 werkdagen (crisis)" if crisis else "4 weken",
        )
    return {"eerste_gesprek_uiterlijk": end_of_day(due)}


@service_handler("casefiles.signal_deadline")
def signal_deadline(ctx: ServiceContext, *, soort: str) -> dict[str, Any]:
    """A legal term passed while its step is still open: signal it (the step stays open)."""
    note(ctx, "casefile.deadline_overdue", kind=soort)
    return {f"{soort}_te_laat": True}


@service_handler("casefiles.plan_decision_deadline")
def plan_decision_deadline(ctx: ServiceContext, *, gesprek_datum: str) -> dict[str, Any]:
    """The eerste gesprek took place: the beschikking term (tenant setting) starts."""
    held_on = date.fromisoformat(str(gesprek_datum))
    if case_file_of(ctx.session, ctx.case_id) is None:
        return {"beschikking_uiterlijk": end_of_day(legal_calendar.beschikking_due(held_on))}
    cf_service.record_first_conversation(ctx.session, process_actor(ctx), ctx.case_id, held_on)
    due = deadline_due(ctx.session, ctx.case_id, "beschikking")
    return {"beschikking_uiterlijk": end_of_day(due)}


@service_handler("casefiles.record_preparer")
def record_preparer(ctx: ServiceContext) -> dict[str, Any]:
    return {"beschikking_opgesteld_door": ctx.actor.id}


@service_handler("casefiles.check_four_eyes")
def check_four_eyes(ctx: ServiceContext, *, opgesteld_door: str) -> dict[str, Any]:
    """Four eyes: whoever prepared the beschikking may not approve it too."""
    same = ctx.actor.id == opgesteld_door
    if same:
        note(ctx, "casefile.four_eyes_refused", approver=ctx.actor.id)
    return {"vier_ogen_ok": not same}


@service_handler("casefiles.record_decision")
def record_decision(ctx: ServiceContext, *, besluit: str, grond: str) -> dict[str, Any]:
    if case_file_of(ctx.session, ctx.case_id) is not None:
        cf_service.record_decision(
            ctx.session, process_actor(ctx), ctx.case_id, decision=besluit, ground=grond
        )
    return {"besluit": besluit}
