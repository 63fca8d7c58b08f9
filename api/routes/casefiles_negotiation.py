"""Case file REST resources for the negotiation: creditors, debts, creditor responses,
VTLB lines and overrides, the settlement proposal and the case's deadlines."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from sqlalchemy.orm import Session

from api.deps import ActorDep, SessionDep
from api.routes.casefiles import Results, case_key
from api.schemas import PROBLEM_RESPONSES, Limit, Offset, parse_id
from casefiles import service
from casefiles.schemas import (
    CreditorIn,
    CreditorOut,
    CreditorResponseIn,
    DeadlineOut,
    DebtIn,
    DebtOut,
    DebtUpdateIn,
    ProposalOut,
    VtlbOut,
    VtlbOverrideIn,
)
from casefiles.service_debts import update_debt
from casefiles.service_finance import vtlb_view
from casefiles.service_responses import receive_creditor_response
from engine.errors import NotFound
from engine.identity.actor import Actor

router = APIRouter(tags=["casefiles"], responses=PROBLEM_RESPONSES)


@router.get("/creditors", summary="Creditor organisations of the municipality")
def read_creditors(
    session: SessionDep, actor: ActorDep, limit: Limit = 100, offset: Offset = 0
) -> Results[CreditorOut]:
    actor.require(*service.READERS)
    rows = service.list_creditors(session, limit=limit, offset=offset)
    return Results[CreditorOut](results=[CreditorOut.model_validate(r) for r in rows])


@router.post("/creditors", status_code=201, summary="Register a creditor (IBAN checked)")
def create_creditor(body: CreditorIn, session: SessionDep, actor: ActorDep) -> CreditorOut:
    return CreditorOut.model_validate(service.create_creditor(session, actor, body))


@router.get("/cases/{case_id}/creditors", summary="Creditors with a claim in this case")
def read_case_creditors(case_id: str, session: SessionDep, actor: ActorDep) -> Results[CreditorOut]:
    rows = service.case_creditors(session, actor, case_key(case_id))
    return Results[CreditorOut](results=[CreditorOut.model_validate(r) for r in rows])


@router.get("/cases/{case_id}/debts", summary="Claims with status, amounts and proposal")
def read_debts(case_id: str, session: SessionDep, actor: ActorDep) -> Results[DebtOut]:
    return Results[DebtOut](results=service.list_debts(session, actor, case_key(case_id)))


@router.post("/cases/{case_id}/debts", status_code=201, summary="Register a claim")
def add_debt(case_id: str, body: DebtIn, session: SessionDep, actor: ActorDep) -> DebtOut:
    debt = service.add_debt(session, actor, case_key(case_id), body)
    return _debt_view(session, actor, debt.case_id, debt.id)


@router.put(
    "/cases/{case_id}/debts/{debt_id}",
    summary="Correct a claim before the proposal went out (clears its proposal share)",
)
def correct_debt(
    case_id: str, debt_id: str, body: DebtUpdateIn, session: SessionDep, actor: ActorDep
) -> DebtOut:
    debt = update_debt(session, actor, case_key(case_id), parse_id(debt_id, "debt"), body)
    return _debt_view(session, actor, debt.case_id, debt.id)


@router.post(
    "/cases/{case_id}/creditor-responses",
    status_code=201,
    summary="Record a creditor's answer (saldo, geen_medewerking, akkoord, weigering); "
    "the last outstanding answer moves the process on",
)
def record_creditor_response(
    case_id: str, body: CreditorResponseIn, session: SessionDep, actor: ActorDep
) -> Results[DebtOut]:
    answered = receive_creditor_response(session, actor, case_key(case_id), body)
    changed = {d.id for d in answered}
    debts = service.list_debts(session, actor, case_key(case_id))
    return Results[DebtOut](results=[d for d in debts if d.id in changed])


@router.get("/cases/{case_id}/vtlb", summary="The latest VTLB: every line with its source")
def read_vtlb(case_id: str, session: SessionDep, actor: ActorDep) -> VtlbOut:
    return service.get_vtlb(session, actor, case_key(case_id))


@router.post("/cases/{case_id}/vtlb", status_code=201, summary="Compute the VTLB now")
def compute_vtlb(case_id: str, session: SessionDep, actor: ActorDep) -> VtlbOut:
    return vtlb_view(service.compute_case_vtlb(session, actor, case_key(case_id)))


@router.post(
    "/cases/{case_id}/vtlb/overrides",
    status_code=201,
    summary="Override one VTLB line (reason required, audited) and recompute",
)
def override_vtlb_line(
    case_id: str, body: VtlbOverrideIn, session: SessionDep, actor: ActorDep
) -> VtlbOut:
    calc = service.override_vtlb_line(
        session, actor, case_key(case_id), line=body.line, amount=body.amount, reason=body.reason
    )
    return vtlb_view(calc)


@router.get("/cases/{case_id}/proposal", summary="The settlement proposal per creditor")
def read_proposal(case_id: str, session: SessionDep, actor: ActorDep) -> ProposalOut:
    proposal = service.get_proposal(session, actor, case_key(case_id))
    if proposal is None:
        raise NotFound("no proposal has been made for this case yet")
    return proposal


@router.post("/cases/{case_id}/proposal", status_code=201, summary="Build the proposal now")
def build_proposal(case_id: str, session: SessionDep, actor: ActorDep) -> ProposalOut:
    return service.build_proposal(session, actor, case_key(case_id))


@router.get("/cases/{case_id}/deadlines", summary="Terms with days left and signals")
def read_deadlines(case_id: str, session: SessionDep, actor: ActorDep) -> Results[DeadlineOut]:
    return Results[DeadlineOut](results=service.list_deadlines(session, actor, case_key(case_id)))


def _debt_view(session: Session, actor: Actor, case_id: uuid.UUID, debt_id: uuid.UUID) -> DebtOut:
    """The claim as the debt list shows it (creditor name, stale flag)."""
    return next(d for d in service.list_debts(session, actor, case_id) if d.id == debt_id)
