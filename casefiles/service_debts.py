"""Creditors, debts and the negotiation: saldoverzoek, responses, proposal, agreement."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefiles import legal_calendar
from casefiles.models import CaseFile, Creditor, Debt
from casefiles.schemas import CreditorResponseIn, DebtIn, DebtOut
from casefiles.service_common import (
    NEGOTIATORS,
    READERS,
    WRITERS,
    Errors,
    audit,
    case_file,
    today,
)
from casefiles.service_creditors import get_creditor
from casefiles.service_deadlines import add_deadline, meet_deadline
from engine.identity.actor import Actor

STALE_AFTER = timedelta(days=183)  # claim statements older than 6 months are re-requested
ANSWERED_BALANCE = {"saldo_ontvangen", "geen_medewerking"}
ANSWERED_PROPOSAL = {"akkoord", "weigering", "geen_medewerking"}
OPEN_PROPOSAL = {"voorstel_verstuurd", "heroverweging"}


# --- debts ----------------------------------------------------------------------------


def add_debt(session: Session, actor: Actor, case_id: uuid.UUID | str, data: DebtIn) -> Debt:
    """Register a claim; refuses negative amounts, unknown creditors and duplicates."""
    actor.require(*WRITERS)
    cf = case_file(session, case_id)
    errors = Errors()
    errors.non_negative("claimedAmount", data.claimed_amount)
    creditor = session.scalars(select(Creditor).where(Creditor.id == data.creditor_id)).first()
    if creditor is None:
        errors.add("creditorId", "onbekende schuldeiser")
    elif session.scalars(
        select(Debt.id).where(
            Debt.case_id == cf.case_id,
            Debt.creditor_id == data.creditor_id,
            Debt.creditor_reference == data.creditor_reference,
        )
    ).first():
        errors.add("creditorReference", "deze schuld van deze schuldeiser staat al in het dossier")
    if data.origin_date is not None and data.origin_date > today():
        errors.add("originDate", "ontstaansdatum ligt in de toekomst")
    errors.raise_if_any("de schuld is niet opgeslagen")
    assert creditor is not None
    debt = Debt(
        tenant_id=cf.tenant_id,
        case_id=cf.case_id,
        creditor_id=creditor.id,
        creditor_reference=data.creditor_reference,
        claimed_amount=data.claimed_amount,
        origin_date=data.origin_date,
        preferent=creditor.preferent if data.preferent is None else data.preferent,
    )
    session.add(debt)
    session.flush()
    audit(
        session,
        actor,
        "casefile.debt_added",
        "debt",
        debt.id,
        cf.case_id,
        after={**data.model_dump(mode="json"), "preferent": debt.preferent},
    )
    return debt


def list_debts(session: Session, actor: Actor, case_id: uuid.UUID | str) -> list[DebtOut]:
    actor.require(*READERS)
    cf = case_file(session, case_id)
    names = {
        c.id: c.name
        for c in session.scalars(
            select(Creditor).where(
                Creditor.id.in_(select(Debt.creditor_id).where(Debt.case_id == cf.case_id))
            )
        )
    }
    day = today()
    return [
        DebtOut.model_validate(debt).model_copy(
            update={"creditor_name": names.get(debt.creditor_id, ""), "stale": is_stale(debt, day)}
        )
        for debt in _debts(session, cf.case_id)
    ]


def is_stale(debt: Debt, on: date) -> bool:
    """A claim statement older than 6 months (or none at all after a request) is stale."""
    if debt.last_statement_on is None:
        return False
    return on - debt.last_statement_on > STALE_AFTER


def request_balances(
    session: Session, actor: Actor, case_id: uuid.UUID | str, *, working_days: int = 10
) -> list[Debt]:
    """Send the saldoverzoek for every new or stale claim; starts the response term."""
    actor.require(*NEGOTIATORS)
    cf = case_file(session, case_id)
    day = today()
    due = legal_calendar.add_working_days(day, working_days)
    requested = [
        d
        for d in _debts(session, cf.case_id)
        if d.status == "aangemeld" or (d.status == "saldo_ontvangen" and is_stale(d, day))
    ]
    for debt in requested:
        debt.status, debt.statement_requested_on, debt.response_due_on = (
            "saldo_opgevraagd",
            day,
            due,
        )
        audit(
            session,
            actor,
            "casefile.balance_requested",
            "debt",
            debt.id,
            cf.case_id,
            after={"due": due},
        )
    if requested:
        add_deadline(
            session,
            actor,
            cf.case_id,
            kind="saldo_reactie",
            starts_on=day,
            due_on=due,
            label="Reactie schuldeisers op saldoverzoek",
            rule=f"{working_days} werkdagen",
        )
    return requested


def stale_debts(session: Session, case_id: uuid.UUID | str) -> list[Debt]:
    cf = case_file(session, case_id)
    day = today()
    return [d for d in _debts(session, cf.case_id) if is_stale(d, day)]


def record_creditor_response(
    session: Session, actor: Actor, case_id: uuid.UUID | str, response: CreditorResponseIn
) -> list[Debt]:
    """A creditor answered a saldoverzoek (``saldo``/``geen_medewerking``) or a proposal
    (``akkoord``/``weigering``). Refuses creditors not in the case and negative amounts."""
    actor.require(*NEGOTIATORS)
    cf = case_file(session, case_id)
    errors = Errors()
    errors.non_negative("amount", response.amount)
    debts = [d for d in _debts(session, cf.case_id) if d.creditor_id == response.creditor_id]
    if response.creditor_reference is not None:
        debts = [d for d in debts if d.creditor_reference == response.creditor_reference]
    if not debts:
        errors.add("creditorId", "deze schuldeiser heeft geen (deze) schuld in dit dossier")
    if response.kind == "saldo" and response.amount is None:
        errors.add("amount", "een saldo-opgave heeft een bedrag nodig")
    if response.kind == "saldo" and response.amount is not None and len(debts) > 1:
        errors.add("creditorReference", "noem de vordering: deze schuldeiser heeft er meer")
    if response.kind == "weigering" and not (response.reason or "").strip():
        errors.add("reason", "geef de reden van de weigering")
    if response.kind == "heroverweging":
        errors.add("kind", "een heroverwegingsverzoek stuurt u met request_reconsideration")
    errors.raise_if_any("de reactie van de schuldeiser is niet vastgelegd")
    for debt in debts:
        before = {"status": debt.status, "confirmed_amount": debt.confirmed_amount}
        _apply_response(debt, response)
        audit(
            session,
            actor,
            f"casefile.creditor_{response.kind}",
            "debt",
            debt.id,
            cf.case_id,
            before=before,
            after=response.model_dump(mode="json"),
        )
    if all_creditors_answered(session, cf.case_id, stage="saldo"):
        meet_deadline(session, actor, cf.case_id, "saldo_reactie")
    if all_creditors_answered(session, cf.case_id, stage="voorstel"):
        meet_deadline(session, actor, cf.case_id, "voorstel_reactie")
    return debts


def _apply_response(debt: Debt, response: CreditorResponseIn) -> None:
    if response.kind == "saldo":
        debt.status = "saldo_ontvangen"
        debt.confirmed_amount = response.amount
        debt.last_statement_on = response.statement_date or today()
    elif response.kind == "geen_medewerking":
        debt.status, debt.refusal_reason = "geen_medewerking", response.reason
    elif response.kind == "akkoord":
        debt.status, debt.refusal_reason = "akkoord", None
    else:
        debt.status, debt.refusal_reason = "weigering", response.reason


def request_reconsideration(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID | str,
    creditor_id: uuid.UUID | str,
    *,
    working_days: int = 10,
) -> list[Debt]:
    """Ask a refusing creditor to reconsider (heroverweging); a new response term starts."""
    actor.require(*NEGOTIATORS)
    cf = case_file(session, case_id)
    creditor_id = get_creditor(session, creditor_id).id
    debts = [
        d
        for d in _debts(session, cf.case_id)
        if d.creditor_id == creditor_id and d.status == "weigering"
    ]
    errors = Errors()
    if not debts:
        errors.add("creditorId", "deze schuldeiser heeft in dit dossier niet geweigerd")
    errors.raise_if_any("het heroverwegingsverzoek is niet vastgelegd")
    due = legal_calendar.add_working_days(today(), working_days)
    for debt in debts:
        debt.status, debt.response_due_on = "heroverweging", due
        audit(
            session,
            actor,
            "casefile.reconsideration_requested",
            "debt",
            debt.id,
            cf.case_id,
            after={"due": due},
        )
    add_deadline(
        session,
        actor,
        cf.case_id,
        kind="voorstel_reactie",
        starts_on=today(),
        due_on=due,
        label="Reactie op heroverwegingsverzoek",
        rule=f"{working_days} werkdagen",
    )
    return debts


def all_creditors_answered(
    session: Session, case_id: uuid.UUID | str, *, stage: str = "saldo"
) -> bool:
    """Every claim answered the saldoverzoek (``stage="saldo"``) or the proposal
    (``stage="voorstel"``). A case without debts counts as answered."""
    cf = case_file(session, case_id)
    if stage not in ("saldo", "voorstel"):
        raise ValueError("stage is saldo or voorstel")
    debts = _debts(session, cf.case_id)
    if stage == "saldo":
        return all(d.status not in ("aangemeld", "saldo_opgevraagd") for d in debts)
    return all(d.status not in OPEN_PROPOSAL for d in debts)


def negotiation_summary(session: Session, case_id: uuid.UUID | str) -> dict[str, int | bool]:
    """Small routing facts for the process: counts per outcome, all agreed, any refused."""
    cf = case_file(session, case_id)
    debts = [d for d in _debts(session, cf.case_id) if d.status != "geen_medewerking"]
    counts: dict[str, int | bool] = {}
    for debt in debts:
        counts[debt.status] = int(counts.get(debt.status, 0)) + 1
    counts["all_agreed"] = bool(debts) and all(d.status == "akkoord" for d in debts)
    counts["any_refused"] = any(d.status == "weigering" for d in debts)
    counts["open"] = sum(1 for d in debts if d.status in OPEN_PROPOSAL)
    return counts


def record_settlement_agreed(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID | str,
    *,
    on: date | None = None,
    forced: bool = False,
) -> CaseFile:
    """Regeling geaccordeerd (or dwangakkoord granted when ``forced``)."""
    actor.require(*NEGOTIATORS)
    cf = case_file(session, case_id)
    cf.settlement_agreed_on = on or today()
    cf.status = "regeling_dwangakkoord" if forced else "regeling_geaccordeerd"
    if forced:
        for debt in _debts(session, cf.case_id):
            if debt.status == "weigering":
                debt.status = "dwangakkoord"
    audit(
        session,
        actor,
        "casefile.settlement_agreed",
        "case_file",
        cf.case_id,
        cf.case_id,
        after={"on": cf.settlement_agreed_on, "forced": forced},
    )
    return cf


def _debts(session: Session, case_id: uuid.UUID) -> list[Debt]:
    return list(
        session.scalars(
            select(Debt).where(Debt.case_id == case_id).order_by(Debt.creditor_id, Debt.id)
        )
    )
