"""Where the negotiation stands per claim: balance asked and answered, the proposal share,
the creditor's response, reminders and the response term with days left."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from casefiles.case_claims import case_debts
from casefiles.models import Debt
from casefiles.schemas import DeadlineOut, DebtOut, ProposalOut, ShareOut
from casefiles.service_common import READERS, audit, case_file
from casefiles.service_deadlines import list_deadlines
from casefiles.service_debts import list_debts
from casefiles.service_proposal import get_proposal
from engine.identity.actor import Actor

# Which open term a claim in this status waits for.
AWAITED_TERM = {
    "saldo_opgevraagd": "saldo_reactie",
    "voorstel_verstuurd": "voorstel_reactie",
    "heroverweging": "voorstel_reactie",
}


@dataclass(frozen=True)
class NegotiationLine:
    debt: DebtOut
    share: ShareOut | None  # None until a complete proposal is built
    term: DeadlineOut | None  # the open response term while the creditor has to answer

    @property
    def awaiting_answer(self) -> bool:
        return self.debt.status in AWAITED_TERM


def negotiation_status(
    session: Session, actor: Actor, case_id: uuid.UUID | str
) -> list[NegotiationLine]:
    """One line per claim, ordered by creditor name."""
    actor.require(*READERS)
    cf = case_file(session, case_id)
    return negotiation_lines(
        list_debts(session, actor, cf.case_id),
        get_proposal(session, actor, cf.case_id),
        list_deadlines(session, actor, cf.case_id),
    )


def negotiation_lines(
    debts: list[DebtOut], proposal: ProposalOut | None, deadlines: list[DeadlineOut]
) -> list[NegotiationLine]:
    """Each claim with its proposal share and the open term it waits for, ordered by
    creditor name (from rows already read)."""
    shares = {share.debt_id: share for share in proposal.shares} if proposal else {}
    open_terms = {d.kind: d for d in deadlines if not d.met_on}
    lines = [
        NegotiationLine(
            debt=debt,
            share=shares.get(debt.id),
            term=open_terms.get(AWAITED_TERM.get(debt.status, "")),
        )
        for debt in debts
    ]
    return sorted(lines, key=lambda line: (line.debt.creditor_name, line.debt.creditor_reference))


def record_reminders(
    session: Session, actor: Actor, case_id: uuid.UUID | str, *, term: str
) -> list[Debt]:
    """Count a reminder on every claim still waiting for an answer within ``term``
    (saldo_reactie or voorstel_reactie): only the silent creditors are reminded."""
    cf = case_file(session, case_id)
    statuses = [status for status, awaited in AWAITED_TERM.items() if awaited == term]
    if not statuses:
        raise ValueError(f"no claim waits for the term {term}")
    silent = [d for d in case_debts(session, cf.case_id) if d.status in statuses]
    for debt in silent:
        debt.reminders_sent += 1
        audit(
            session,
            actor,
            "casefile.creditor_reminded",
            "debt",
            debt.id,
            cf.case_id,
            after={"term": term, "reminders_sent": debt.reminders_sent},
        )
    session.flush()
    return silent
