"""The settlement proposal (betaalvoorstel) of a case: computed from the VTLB and the
current claims, stored per debt, sent to the creditors."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy.orm import Session

from casefiles import legal_calendar, settlement
from casefiles.case_claims import case_claims, case_debts
from casefiles.models import CaseFile, Debt, VtlbCalculation
from casefiles.schemas import ProposalOut, ShareOut
from casefiles.service_common import NEGOTIATORS, READERS, Errors, audit, case_file, today
from casefiles.service_deadlines import add_deadline
from casefiles.service_finance import compute_case_vtlb, latest_vtlb
from engine.identity.actor import Actor

EXCLUDED = {"geen_medewerking"}


class StoredProposal(NamedTuple):
    """A proposal just computed and stored on the case's debts."""

    product: str
    settlement: settlement.SettlementProposal
    debts: list[Debt]


def build_proposal(session: Session, actor: Actor, case_id: uuid.UUID | str) -> ProposalOut:
    """Compute and store the proposal (``store_proposal``); the view per creditor."""
    stored = store_proposal(session, actor, case_id)
    names = _creditor_names(session, case_file(session, case_id).case_id)
    return _view(names, stored.product, stored.settlement, stored.debts)


def store_proposal(session: Session, actor: Actor, case_id: uuid.UUID | str) -> StoredProposal:
    """Spread afloscapaciteit x term (18, or 36 for a Bbz-entrepreneur) pro rata over the
    claims, preferent apart; stores payout and percentage per debt. Uses the latest VTLB,
    computing one when there is none."""
    actor.require(*NEGOTIATORS)
    cf = case_file(session, case_id)
    calc = latest_vtlb(session, cf.case_id) or compute_case_vtlb(session, actor, cf.case_id)
    debts = _proposal_debts(session, cf.case_id)
    errors = Errors()
    if not debts:
        errors.add("debts", "er zijn geen schulden om een voorstel voor te doen")
    errors.raise_if_any("er is geen betaalvoorstel gemaakt")
    months = settlement.term_months(bbz_entrepreneur=cf.bbz_entrepreneur)
    claims = [settlement.Claim(str(d.id), d.current_amount, d.preferent) for d in debts]
    proposal = settlement.propose_settlement(claims, calc.afloscapaciteit, months)
    by_key = {share.key: share for share in proposal.shares}
    for debt in debts:
        share = by_key[str(debt.id)]
        debt.proposed_payout, debt.proposed_percentage = share.payout, share.percentage
    if cf.product in (None, "schuldbemiddeling", "nul_aanbod"):
        cf.product = "nul_aanbod" if proposal.nul_aanbod else "schuldbemiddeling"
    audit(
        session,
        actor,
        "casefile.proposal_built",
        "case_file",
        cf.case_id,
        cf.case_id,
        after={
            "product": cf.product,
            "term_months": months,
            "available": proposal.available,
            "total_payout": proposal.total_payout,
            "percentage": proposal.percentage,
        },
    )
    return StoredProposal(cf.product or "schuldbemiddeling", proposal, debts)


def get_proposal(session: Session, actor: Actor, case_id: uuid.UUID | str) -> ProposalOut | None:
    """The stored proposal, or None when none was built."""
    actor.require(*READERS)
    cf = case_file(session, case_id)
    debts = _proposal_debts(session, cf.case_id)
    calc = latest_vtlb(session, cf.case_id)
    return stored_proposal(cf, calc, debts, _creditor_names(session, cf.case_id))


def stored_proposal(
    cf: CaseFile,
    calc: VtlbCalculation | None,
    debts: list[Debt],
    names: Mapping[uuid.UUID, str],
) -> ProposalOut | None:
    """The proposal as stored on ``debts`` (the case's claims in the proposal, ordered by
    creditor and id; see ``in_proposal``), or None when none was built."""
    if calc is None or not debts or any(d.proposed_payout is None for d in debts):
        return None
    months = settlement.term_months(bbz_entrepreneur=cf.bbz_entrepreneur)
    claims = [settlement.Claim(str(d.id), d.current_amount, d.preferent) for d in debts]
    proposal = settlement.propose_settlement(claims, calc.afloscapaciteit, months)
    stored = {str(d.id): (d.proposed_payout, d.proposed_percentage) for d in debts}
    shares = tuple(
        settlement.Share(
            s.key,
            s.claim,
            stored[s.key][0] or Decimal(0),
            stored[s.key][1] or Decimal(0),
            s.preferent,
        )
        for s in proposal.shares
    )
    total = sum((s.payout for s in shares), Decimal("0.00"))
    proposal = settlement.SettlementProposal(
        proposal.term_months,
        proposal.afloscapaciteit,
        proposal.available,
        proposal.total_debt,
        proposal.preferent_debt,
        proposal.concurrent_debt,
        total,
        proposal.percentage,
        shares,
    )
    return _view(names, cf.product or "schuldbemiddeling", proposal, debts)


def send_proposal(
    session: Session, actor: Actor, case_id: uuid.UUID | str, *, working_days: int = 10
) -> date:
    """Mark the proposal sent to every creditor; starts their response term and returns
    the day it ends."""
    actor.require(*NEGOTIATORS)
    cf = case_file(session, case_id)
    debts = _proposal_debts(session, cf.case_id)
    errors = Errors()
    if not debts or any(d.proposed_payout is None for d in debts):
        errors.add("proposal", "maak eerst een betaalvoorstel")
    errors.raise_if_any("het betaalvoorstel is niet verstuurd")
    day = today()
    due = legal_calendar.add_working_days(day, working_days)
    for debt in debts:
        debt.status, debt.response_due_on = "voorstel_verstuurd", due
    cf.proposal_sent_on = day
    add_deadline(
        session,
        actor,
        cf.case_id,
        kind="voorstel_reactie",
        starts_on=day,
        due_on=due,
        label="Reactie schuldeisers op betaalvoorstel",
        rule=f"{working_days} werkdagen",
    )
    audit(
        session,
        actor,
        "casefile.proposal_sent",
        "case_file",
        cf.case_id,
        cf.case_id,
        after={"creditors": len({d.creditor_id for d in debts}), "due": due},
    )
    return due


def in_proposal(debts: Iterable[Debt]) -> list[Debt]:
    """The claims a proposal covers (a creditor that does not cooperate is left out)."""
    return [d for d in debts if d.status not in EXCLUDED]


def _proposal_debts(session: Session, case_id: uuid.UUID) -> list[Debt]:
    return in_proposal(case_debts(session, case_id))


def _creditor_names(session: Session, case_id: uuid.UUID) -> dict[uuid.UUID, str]:
    return {debt.creditor_id: c.name for debt, c in case_claims(session, case_id) if c}


def _view(
    names: Mapping[uuid.UUID, str],
    product: str,
    proposal: settlement.SettlementProposal,
    debts: list[Debt],
) -> ProposalOut:
    by_id = {str(d.id): d for d in debts}
    shares = [
        ShareOut(
            debt_id=by_id[s.key].id,
            creditor_id=by_id[s.key].creditor_id,
            creditor_name=names.get(by_id[s.key].creditor_id, ""),
            claim=s.claim,
            payout=s.payout,
            percentage=s.percentage,
            preferent=s.preferent,
        )
        for s in proposal.shares
    ]
    return ProposalOut(
        product=product,
        term_months=proposal.term_months,
        afloscapaciteit=proposal.afloscapaciteit,
        available=proposal.available,
        total_debt=proposal.total_debt,
        preferent_debt=proposal.preferent_debt,
        concurrent_debt=proposal.concurrent_debt,
        preferent_creditors=len({d.creditor_id for d in debts if d.preferent}),
        concurrent_creditors=len({d.creditor_id for d in debts if not d.preferent}),
        total_payout=proposal.total_payout,
        percentage=proposal.percentage,
        shares=shares,
    )
