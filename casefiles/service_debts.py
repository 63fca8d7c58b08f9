"""Creditors, debts and the negotiation: saldoverzoek, responses, proposal, agreement."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefiles import legal_calendar
from casefiles.case_claims import case_claims, case_debts, hold_new_claim
from casefiles.models import CaseFile, Creditor, Debt
from casefiles.schemas import CreditorResponseIn, DebtIn, DebtOut, DebtUpdateIn
from casefiles.service_common import (
    NEGOTIATORS,
    READERS,
    Errors,
    audit,
    case_file,
    today,
)
from casefiles.service_creditors import get_creditor
from casefiles.service_deadlines import add_deadline, meet_deadline
from casefiles.service_edits import editable_case_file
from engine.errors import NotFound
from engine.identity.actor import Actor

STALE_AFTER = timedelta(days=183)  # claim statements older than 6 months are re-requested
ANSWERED_BALANCE = {"saldo_ontvangen", "geen_medewerking"}
ANSWERED_PROPOSAL = {"akkoord", "weigering", "geen_medewerking"}
OPEN_PROPOSAL = {"voorstel_verstuurd", "heroverweging"}
# Before the proposal goes out a claim may be corrected; after it, the claim is what the
# creditor answered, not ours to edit.
CORRECTABLE_STATUSES = {"aangemeld", "saldo_opgevraagd", "saldo_ontvangen", "geen_medewerking"}


# --- debts ----------------------------------------------------------------------------


def add_debt(session: Session, actor: Actor, case_id: uuid.UUID | str, data: DebtIn) -> Debt:
    """Register a claim; refuses negative amounts, unknown creditors and duplicates."""
    cf = editable_case_file(session, actor, case_id)
    errors = Errors()
    creditor = session.scalars(select(Creditor).where(Creditor.id == data.creditor_id)).first()
    if creditor is None:
        errors.add("creditorId", "onbekende schuldeiser")
    claim = Debt(tenant_id=cf.tenant_id, case_id=cf.case_id, creditor_id=data.creditor_id)
    _check_claim(session, errors, claim, data, check_duplicate=creditor is not None)
    errors.raise_if_any("de schuld is niet opgeslagen")
    assert creditor is not None
    _apply_claim(claim, data, creditor.preferent if data.preferent is None else data.preferent)
    session.add(claim)
    session.flush()
    hold_new_claim(session, claim, creditor)
    audit(
        session,
        actor,
        "casefile.debt_added",
        "debt",
        claim.id,
        cf.case_id,
        after={**data.model_dump(mode="json"), "preferent": claim.preferent},
    )
    return claim


def update_debt(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID | str,
    debt_id: uuid.UUID,
    data: DebtUpdateIn,
) -> Debt:
    """Correct a claim before the proposal went out; a changed amount or rank clears the
    stored proposal share, so the proposal must be built again."""
    cf = editable_case_file(session, actor, case_id)
    debt = session.get(Debt, debt_id)
    if debt is None or debt.case_id != cf.case_id:
        raise NotFound(f"no debt {debt_id} in this case")
    errors = Errors()
    if debt.status not in CORRECTABLE_STATUSES:
        errors.add("claimedAmount", "na het versturen van het voorstel ligt de vordering vast")
    _check_claim(session, errors, debt, data, check_duplicate=True)
    errors.raise_if_any("de schuld is niet gewijzigd")
    before = _claim_facts(debt)
    if (data.claimed_amount, data.preferent) != (debt.claimed_amount, debt.preferent):
        debt.proposed_payout = debt.proposed_percentage = None
    _apply_claim(debt, data, data.preferent)
    session.flush()
    audit(
        session,
        actor,
        "casefile.debt_updated",
        "debt",
        debt.id,
        cf.case_id,
        before=before,
        after=_claim_facts(debt),
    )
    return debt


def _check_claim(
    session: Session,
    errors: Errors,
    claim: Debt,
    data: DebtIn | DebtUpdateIn,
    *,
    check_duplicate: bool,
) -> None:
    """What a new and a corrected claim must both satisfy; ``claim`` is the row as it is
    (new: not yet added), ``data`` what it is to become."""
    errors.non_negative("claimedAmount", data.claimed_amount)
    if data.origin_date is not None and data.origin_date > today():
        errors.add("originDate", "ontstaansdatum ligt in de toekomst")
    if check_duplicate and _same_claim_exists(session, claim, data.creditor_reference):
        errors.add("creditorReference", "deze schuld van deze schuldeiser staat al in het dossier")


def _same_claim_exists(session: Session, claim: Debt, reference: str) -> bool:
    """Another claim of this creditor in this case has the same reference."""
    return any(
        other is not claim
        and other.creditor_id == claim.creditor_id
        and other.creditor_reference == reference
        for other in case_debts(session, claim.case_id)
    )


def _apply_claim(debt: Debt, data: DebtIn | DebtUpdateIn, preferent: bool) -> None:
    debt.creditor_reference = data.creditor_reference
    debt.claimed_amount = data.claimed_amount
    debt.origin_date = data.origin_date
    debt.preferent = preferent


def _claim_facts(debt: Debt) -> dict[str, object]:
    return {
        "creditor_reference": debt.creditor_reference,
        "claimed_amount": debt.claimed_amount,
        "origin_date": debt.origin_date,
        "preferent": debt.preferent,
    }


def list_debts(session: Session, actor: Actor, case_id: uuid.UUID | str) -> list[DebtOut]:
    actor.require(*READERS)
    cf = case_file(session, case_id)
    day = today()
    return [debt_out(d, name, day) for d, name in debts_with_creditor_names(session, cf.case_id)]


def debts_with_creditor_names(session: Session, case_id: uuid.UUID) -> list[tuple[Debt, str]]:
    """The case's claims, ordered by creditor and id, each with its creditor's name."""
    return [(debt, c.name if c else "") for debt, c in case_claims(session, case_id)]


def debt_out(debt: Debt, creditor_name: str, day: date) -> DebtOut:
    return DebtOut.model_validate(debt).model_copy(
        update={"creditor_name": creditor_name, "stale": is_stale(debt, day)}
    )


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
        for d in case_debts(session, cf.case_id)
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
    return [d for d in case_debts(session, cf.case_id) if is_stale(d, day)]


def record_creditor_response(
    session: Session, actor: Actor, case_id: uuid.UUID | str, response: CreditorResponseIn
) -> list[Debt]:
    """A creditor answered a saldoverzoek (``saldo``/``geen_medewerking``) or a proposal
    (``akkoord``/``weigering``). Refuses creditors not in the case and negative amounts."""
    cf = editable_case_file(session, actor, case_id, NEGOTIATORS)
    errors = Errors()
    errors.non_negative("amount", response.amount)
    debts = [d for d in case_debts(session, cf.case_id) if d.creditor_id == response.creditor_id]
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
    cf = editable_case_file(session, actor, case_id, NEGOTIATORS)
    creditor_id = get_creditor(session, creditor_id).id
    debts = [
        d
        for d in case_debts(session, cf.case_id)
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
    debts = case_debts(session, cf.case_id)
    if stage == "saldo":
        return all(d.status not in ("aangemeld", "saldo_opgevraagd") for d in debts)
    return all(d.status not in OPEN_PROPOSAL for d in debts)


def negotiation_summary(session: Session, case_id: uuid.UUID | str) -> dict[str, int | bool]:
    """Small routing facts for the process: counts per outcome, all agreed, any refused."""
    cf = case_file(session, case_id)
    debts = [d for d in case_debts(session, cf.case_id) if d.status != "geen_medewerking"]
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
        for debt in case_debts(session, cf.case_id):
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
