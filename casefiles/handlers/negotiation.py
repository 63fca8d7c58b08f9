"""Service tasks of the creditor negotiation (``schuldregeling``): saldoverzoeken with their
terms and reminders, the proposal, responses and reconsideration, the dwangakkoord; and the
message that tells the waiting process every creditor answered."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from casefiles import legal_calendar
from casefiles import service as cf_service
from casefiles.case_claims import case_debts
from casefiles.handlers.common import (
    case_file_of,
    end_of_day,
    move_to_status,
    note,
    plan_term,
    process_actor,
)
from casefiles.service_common import today
from casefiles.service_debts import (
    all_creditors_answered,
    negotiation_summary,
    request_balances,
    request_reconsideration,
    stale_debts,
)
from casefiles.service_negotiation_status import record_reminders
from casefiles.service_proposal import send_proposal, store_proposal
from engine.errors import NoMatchingCase
from engine.identity.actor import Actor
from engine.process.handlers import ServiceContext, service_handler

REMINDER_WORKING_DAYS = 10
RESPONSES_MESSAGE = "alle_reacties_ontvangen"


@service_handler("casefiles.request_claim_statements")
def request_claim_statements(ctx: ServiceContext) -> dict[str, Any]:
    """Saldoverzoek to every creditor; the response term is 10 working days."""
    case_file_of(ctx.session, ctx.case_id)  # held with its open terms: one statement
    requested = request_balances(ctx.session, process_actor(ctx), ctx.case_id)
    return {"saldoverzoeken": len(requested), **_new_response_term()}


@service_handler("casefiles.send_reminders")
def send_reminders(ctx: ServiceContext, *, soort: str) -> dict[str, Any]:
    """The response term passed with creditors still silent: remind them, new term."""
    due = legal_calendar.creditor_response_due(today(), REMINDER_WORKING_DAYS)
    kind = "saldo_reactie" if soort == "saldoverzoek" else "voorstel_reactie"
    label = f"Reactie schuldeisers na herinnering ({soort})"
    rule = f"{REMINDER_WORKING_DAYS} werkdagen"
    if plan_term(ctx, kind=kind, due_on=due, label=label, rule=rule):
        record_reminders(ctx.session, process_actor(ctx), ctx.case_id, term=kind)
    count = int(ctx.data.get("herinneringen", 0)) + 1
    note(ctx, "casefile.reminder_sent", kind=soort, reminder=count)
    return {"herinneringen": count, "reactietermijn": end_of_day(due)}


@service_handler("casefiles.rerequest_stale_claims")
def rerequest_stale_claims(ctx: ServiceContext) -> dict[str, Any]:
    """Claim statements older than 6 months are stale: request them again."""
    stale = stale_debts(ctx.session, ctx.case_id)
    if not stale:
        return {"verouderde_vorderingen": 0}
    request_balances(ctx.session, process_actor(ctx), ctx.case_id)
    return {"verouderde_vorderingen": len(stale), **_new_response_term()}


@service_handler("casefiles.build_proposal")
def build_proposal(ctx: ServiceContext, *, product: str) -> dict[str, Any]:
    cf = case_file_of(ctx.session, ctx.case_id)
    if cf is not None and product == "saneringskrediet":
        cf.product = product
    stored = store_proposal(ctx.session, process_actor(ctx), ctx.case_id)
    return {"voorstel_percentage": str(stored.settlement.percentage), "product": stored.product}


@service_handler("casefiles.start_response_term")
def start_response_term(ctx: ServiceContext, *, soort: str) -> dict[str, Any]:
    """The betaalvoorstel goes to every creditor; they answer within 10 working days."""
    case_file_of(ctx.session, ctx.case_id)  # held with its open terms: one statement
    due = send_proposal(ctx.session, process_actor(ctx), ctx.case_id)
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
    debts = case_debts(ctx.session, ctx.case_id)
    refusing = list(dict.fromkeys(d.creditor_id for d in debts if d.status == "weigering"))
    for creditor_id in refusing:
        request_reconsideration(ctx.session, process_actor(ctx), ctx.case_id, creditor_id)
    return {"heroverwegingen": len(refusing), **_new_response_term()}


@service_handler("casefiles.request_forced_settlement")
def request_forced_settlement(ctx: ServiceContext) -> dict[str, Any]:
    """Verzoek dwangakkoord (art. 287a Fw): the process waits for the court's ruling."""
    move_to_status(ctx, "dwangakkoord_verzocht", "casefile.forced_settlement_requested")
    return {"dwangakkoord_verzocht": True}


@service_handler("casefiles.record_settlement_agreed")
def record_settlement_agreed(ctx: ServiceContext) -> dict[str, Any]:
    forced = bool((ctx.data.get("uitspraak") or {}).get("toegewezen"))
    cf_service.record_settlement_agreed(ctx.session, process_actor(ctx), ctx.case_id, forced=forced)
    return {"maand": 0, "laatste_controle": ctx.now.isoformat()}


def _new_response_term() -> dict[str, Any]:
    """Creditors were asked something: their response term (10 working days) starts and
    the reminder count starts again."""
    due = legal_calendar.creditor_response_due(today())
    return {"reactietermijn": end_of_day(due), "herinneringen": 0}


def notify_if_all_answered(session: Session, actor: Actor, case_id: uuid.UUID) -> bool:
    """When every creditor answered, tell the waiting process (message
    ``alle_reacties_ontvangen``); returns whether the process was told."""
    from engine.process.runtime import correlate_message

    case_file_of(session, case_id)  # held: both checks and the handlers it wakes read it
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
