"""Service-task handlers of the debt-relief process models (bpmn/*.bpmn).

Each handler does its work in the case file through ``casefiles.service`` and returns only
the small facts the process routes or waits on: flags, counts, amounts as strings and ISO
moments for timers. Service tasks act with the authority of the process: the person whose
step triggered them was already checked against the lane of that step.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefiles import legal_calendar, settlement
from casefiles import service as cf_service
from casefiles.models import CaseFile, ContactMoment
from casefiles.service_common import today
from casefiles.service_deadlines import add_deadline, deadline_due, tenant_term_weeks
from casefiles.service_debts import (
    all_creditors_answered,
    negotiation_summary,
    request_balances,
    request_reconsideration,
    stale_debts,
)
from casefiles.service_finance import compute_case_vtlb
from casefiles.service_negotiation_status import record_reminders
from casefiles.service_proposal import build_proposal as build_case_proposal
from casefiles.service_proposal import send_proposal
from engine import clock
from engine.audit import record
from engine.errors import NotFound
from engine.identity.actor import Actor
from engine.identity.roles import Role
from engine.process.handlers import ServiceContext, service_handler

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PROCESS_ROLES = frozenset({Role.SCHULDHULPVERLENER, Role.BUDGETBEHEERDER})
REMINDER_WORKING_DAYS = 10
DEVIATION = "afwijking"
RESPONSES_MESSAGE = "alle_reacties_ontvangen"


# --- helpers -------------------------------------------------------------------------------


def process_actor(ctx: ServiceContext) -> Actor:
    """The actor of the step, with the authority the process gives its service tasks."""
    return dataclasses.replace(ctx.actor, roles=ctx.actor.roles | PROCESS_ROLES)


def end_of_day(day: date) -> str:
    """The moment a term ending on ``day`` has passed: midnight after it, Amsterdam time."""
    moment = datetime.combine(day + timedelta(days=1), time(0), AMSTERDAM)
    return moment.astimezone(UTC).isoformat()


def morning_of(day: date) -> str:
    """08:00 Amsterdam time on ``day``: when a planned step (evaluation, check) comes up."""
    return datetime.combine(day, time(8), AMSTERDAM).astimezone(UTC).isoformat()


def add_month(day: date) -> date:
    """The same day one month later (the last day of the month when it has fewer days)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _case_file(session: Session, case_id: uuid.UUID) -> CaseFile | None:
    return session.get(CaseFile, case_id)


def _note(ctx: ServiceContext, action: str, **after: Any) -> None:
    record(
        ctx.session,
        ctx.actor,
        action,
        "case",
        ctx.case_id,
        case_id=ctx.case_id,
        based_on=f"task:{ctx.task_key}",
        after=after or None,
    )


# --- intake --------------------------------------------------------------------------------


@service_handler("casefiles.plan_first_meeting")
def plan_first_meeting(ctx: ServiceContext, *, crisis: bool) -> dict[str, Any]:
    """Wgs art. 4: eerste gesprek within 3 working days (crisis) or 4 weeks of the melding."""
    cf = _case_file(ctx.session, ctx.case_id)
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
    _note(ctx, "casefile.deadline_overdue", kind=soort)
    return {f"{soort}_te_laat": True}


@service_handler("casefiles.plan_decision_deadline")
def plan_decision_deadline(ctx: ServiceContext, *, gesprek_datum: str) -> dict[str, Any]:
    """The eerste gesprek took place: the beschikking term (tenant setting) starts."""
    held_on = date.fromisoformat(str(gesprek_datum))
    if _case_file(ctx.session, ctx.case_id) is None:
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
        _note(ctx, "casefile.four_eyes_refused", approver=ctx.actor.id)
    return {"vier_ogen_ok": not same}


@service_handler("casefiles.record_decision")
def record_decision(ctx: ServiceContext, *, besluit: str, grond: str) -> dict[str, Any]:
    if _case_file(ctx.session, ctx.case_id) is not None:
        cf_service.record_decision(
            ctx.session, process_actor(ctx), ctx.case_id, decision=besluit, ground=grond
        )
    return {"besluit": besluit}


# --- budgetplan ----------------------------------------------------------------------------


@service_handler("casefiles.request_stabilisation")
def request_stabilisation(ctx: ServiceContext) -> dict[str, Any]:
    """Kennisgeving: creditors are asked to stop collection and costs."""
    cf = _case_file(ctx.session, ctx.case_id)
    if cf is not None:
        cf.status = "stabilisatie"
    _note(ctx, "casefile.stabilisation_requested")
    return {"stabilisatie_gevraagd": True}


@service_handler("casefiles.compute_vtlb")
def compute_vtlb(ctx: ServiceContext) -> dict[str, Any]:
    """VTLB and afloscapaciteit from the case file (every line stored there)."""
    calc = compute_case_vtlb(ctx.session, process_actor(ctx), ctx.case_id)
    cf = _case_file(ctx.session, ctx.case_id)
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
    if _case_file(ctx.session, ctx.case_id) is not None:
        add_deadline(
            ctx.session,
            process_actor(ctx),
            ctx.case_id,
            kind="evaluatie",
            starts_on=today(),
            due_on=day,
            label="Evaluatie stabilisatie en budgetplan",
            rule=f"{weeks} weken na plan van aanpak",
        )
    return {"evaluatie_datum": morning_of(day)}


# --- schuldregeling ------------------------------------------------------------------------


@service_handler("casefiles.request_claim_statements")
def request_claim_statements(ctx: ServiceContext) -> dict[str, Any]:
    """Saldoverzoek to every creditor; the response term is 10 working days."""
    requested = request_balances(ctx.session, process_actor(ctx), ctx.case_id)
    due = legal_calendar.creditor_response_due(today())
    return {
        "saldoverzoeken": len(requested),
        "reactietermijn": end_of_day(due),
        "herinneringen": 0,
    }


@service_handler("casefiles.send_reminders")
def send_reminders(ctx: ServiceContext, *, soort: str) -> dict[str, Any]:
    """The response term passed with creditors still silent: remind them, new term."""
    due = legal_calendar.creditor_response_due(today(), REMINDER_WORKING_DAYS)
    kind = "saldo_reactie" if soort == "saldoverzoek" else "voorstel_reactie"
    if _case_file(ctx.session, ctx.case_id) is not None:
        add_deadline(
            ctx.session,
            process_actor(ctx),
            ctx.case_id,
            kind=kind,
            starts_on=today(),
            due_on=due,
            label=f"Reactie schuldeisers na herinnering ({soort})",
            rule=f"{REMINDER_WORKING_DAYS} werkdagen",
        )
        record_reminders(ctx.session, process_actor(ctx), ctx.case_id, term=kind)
    count = int(ctx.data.get("herinneringen", 0)) + 1
    _note(ctx, "casefile.reminder_sent", kind=soort, reminder=count)
    return {"herinneringen": count, "reactietermijn": end_of_day(due)}


@service_handler("casefiles.rerequest_stale_claims")
def rerequest_stale_claims(ctx: ServiceContext) -> dict[str, Any]:
    """Claim statements older than 6 months are stale: request them again."""
    stale = stale_debts(ctx.session, ctx.case_id)
    if not stale:
        return {"verouderde_vorderingen": 0}
    request_balances(ctx.session, process_actor(ctx), ctx.case_id)
    due = legal_calendar.creditor_response_due(today())
    return {
        "verouderde_vorderingen": len(stale),
        "reactietermijn": end_of_day(due),
        "herinneringen": 0,
    }


@service_handler("casefiles.build_proposal")
def build_proposal(ctx: ServiceContext, *, product: str) -> dict[str, Any]:
    cf = _case_file(ctx.session, ctx.case_id)
    if cf is not None and product == "saneringskrediet":
        cf.product = product
    proposal = build_case_proposal(ctx.session, process_actor(ctx), ctx.case_id)
    return {"voorstel_percentage": str(proposal.percentage), "product": proposal.product}


@service_handler("casefiles.start_response_term")
def start_response_term(ctx: ServiceContext, *, soort: str) -> dict[str, Any]:
    """The betaalvoorstel goes to every creditor; they answer within 10 working days."""
    send_proposal(ctx.session, process_actor(ctx), ctx.case_id)
    due = deadline_due(ctx.session, ctx.case_id, "voorstel_reactie")
    return {"reactietermijn": end_of_day(due), "herinneringen": 0}


@service_handler("casefiles.evaluate_responses")
def evaluate_responses(ctx: ServiceContext) -> dict[str, Any]:
    summary = negotiation_summary(ctx.session, ctx.case_id)
    return {
        "alle_akkoord": bool(summary["all_agreed"]),
        "weigeraars": int(summary.get("weigering", 0)),
    }


@service_handler("casefiles.request_reconsiderations")
def request_reconsiderations(ctx: ServiceContext) -> dict[str, Any]:
    """Heroverweging: every refusing creditor is asked to reconsider; a new term starts."""
    from casefiles.models import Debt

    refusing = ctx.session.scalars(
        select(Debt.creditor_id)
        .where(Debt.case_id == ctx.case_id, Debt.status == "weigering")
        .distinct()
    ).all()
    for creditor_id in refusing:
        request_reconsideration(ctx.session, process_actor(ctx), ctx.case_id, creditor_id)
    due = legal_calendar.creditor_response_due(today())
    return {"reactietermijn": end_of_day(due), "herinneringen": 0, "heroverwegingen": len(refusing)}


@service_handler("casefiles.request_forced_settlement")
def request_forced_settlement(ctx: ServiceContext) -> dict[str, Any]:
    """Verzoek dwangakkoord (art. 287a Fw): the process waits for the court's ruling."""
    cf = _case_file(ctx.session, ctx.case_id)
    if cf is not None:
        cf.status = "dwangakkoord_verzocht"
    _note(ctx, "casefile.forced_settlement_requested")
    return {"dwangakkoord_verzocht": True}


@service_handler("casefiles.record_settlement_agreed")
def record_settlement_agreed(ctx: ServiceContext) -> dict[str, Any]:
    forced = bool((ctx.data.get("uitspraak") or {}).get("toegewezen"))
    cf_service.record_settlement_agreed(ctx.session, process_actor(ctx), ctx.case_id, forced=forced)
    return {"maand": 0, "laatste_controle": ctx.now.isoformat()}


@service_handler("casefiles.schedule_monitoring")
def schedule_monitoring(ctx: ServiceContext) -> dict[str, Any]:
    """Plan next month's check of the afdracht (schuldregeling) or the budget (beheer)."""
    month = int(ctx.data.get("maand", 0)) + 1
    day = add_month(today())
    # keep a reference: the session holds rows weakly, and add_deadline looks it up again
    case_file = _case_file(ctx.session, ctx.case_id)
    if case_file is not None:
        add_deadline(
            ctx.session,
            process_actor(ctx),
            ctx.case_id,
            kind="maandcontrole",
            starts_on=today(),
            due_on=day,
            label=f"Maandcontrole {month}",
            rule="maandelijks",
        )
    return {
        "maand": month,
        "volgende_controle": morning_of(day),
        "laatste_controle": ctx.data.get("laatste_controle") or ctx.now.isoformat(),
    }


@service_handler("casefiles.check_monthly_payment")
def check_monthly_payment(ctx: ServiceContext) -> dict[str, Any]:
    """Deviation signal: any deviation reported since the previous monthly check."""
    since = datetime.fromisoformat(str(ctx.data.get("laatste_controle") or ctx.now.isoformat()))
    deviations = ctx.session.scalars(
        select(ContactMoment.id).where(
            ContactMoment.case_id == ctx.case_id,
            ContactMoment.kind == DEVIATION,
            ContactMoment.at > since,
        )
    ).all()
    cf = _case_file(ctx.session, ctx.case_id)
    if cf is not None:
        from casefiles.service_deadlines import meet_deadline

        meet_deadline(ctx.session, process_actor(ctx), ctx.case_id, "maandcontrole")
    return {"afwijking": bool(deviations), "laatste_controle": ctx.now.isoformat()}


@service_handler("casefiles.final_settlement")
def final_settlement(ctx: ServiceContext) -> dict[str, Any]:
    """End of the term: final payout, finale kwijting, BKR removal request, aftercare."""
    cf = _case_file(ctx.session, ctx.case_id)
    if cf is not None:
        cf.status = "finale_kwijting"
    _note(ctx, "casefile.final_discharge", bkr_afmelding_gevraagd=True)
    return {"finale_kwijting": True}


# --- budgetbeheer --------------------------------------------------------------------------


@service_handler("casefiles.build_payment_schedule")
def build_payment_schedule(ctx: ServiceContext) -> dict[str, Any]:
    """Budget plan as payment schedule: fixed costs and reservations monthly, leefgeld weekly."""
    from casefiles.models import Expense, Income

    incomes = ctx.session.scalars(
        select(Income.monthly_amount).where(Income.case_id == ctx.case_id)
    ).all()
    expenses = ctx.session.scalars(
        select(Expense.monthly_amount).where(Expense.case_id == ctx.case_id)
    ).all()
    cf = _case_file(ctx.session, ctx.case_id)
    if cf is not None:
        cf.status = "budgetbeheer"
        if cf.product is None:
            cf.product = "budgetbeheer"
    schedule = {
        "inkomsten_per_maand": str(sum(incomes, start=0)),
        "vaste_lasten_per_maand": str(sum(expenses, start=0)),
        "leefgeld_per_week": str(ctx.data.get("leefgeld_per_week", "")),
    }
    _note(ctx, "casefile.payment_schedule", **schedule)
    return {"betaalschema": True}


# --- entry points for the case file and messages -----------------------------------------


def report_deviation(
    session: Session, actor: Actor, case_id: uuid.UUID, *, note: str
) -> ContactMoment:
    """A deviation from the agreed payments (missed afdracht, new debt): the next monthly
    check of the process picks it up and asks the case worker to assess it."""
    cf = _case_file(session, case_id)
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


def notify_if_all_answered(session: Session, actor: Actor, case_id: uuid.UUID) -> bool:
    """When every creditor answered, tell the waiting process (message
    ``alle_reacties_ontvangen``); returns whether the process was told."""
    from engine.errors import NoMatchingCase
    from engine.process.runtime import correlate_message

    if not (
        all_creditors_answered(session, case_id, stage="saldo")
        and all_creditors_answered(session, case_id, stage="voorstel")
    ):
        return False
    try:
        correlate_message(
            session,
            actor,
            name=RESPONSES_MESSAGE,
            correlation={"case_id": str(case_id)},
            payload={},
        )
    except NoMatchingCase:
        return False
    return True
