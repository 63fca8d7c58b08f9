"""The claims (debts) of a case with their creditors, read once per transaction.

One step asks for them again and again: the creditors to write to, each letter's debt rows,
the proposal, the checks whether every creditor answered. The rows are held in the
transaction memo; changes to them are changes to these very objects. ``add_debt`` is the only
place a claim is added, and it forgets the memo, so the next read includes the new claim.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefiles.models import Creditor, Debt
from engine.db import uuid_parameter
from engine.transaction_memo import held_or_read, memo

_CLAIMS = (  # built once: see casefiles.held_case_file
    select(Debt, Creditor)
    .outerjoin(Creditor, Creditor.id == Debt.creditor_id)
    .where(Debt.case_id == uuid_parameter("case_id"))
    .order_by(Debt.creditor_id, Debt.id)
)


def case_claims(session: Session, case_id: uuid.UUID) -> list[tuple[Debt, Creditor | None]]:
    """The case's claims ordered by creditor and id, each with its creditor."""

    def read() -> list[tuple[Debt, Creditor | None]]:
        rows = session.execute(_CLAIMS, {"case_id": case_id})
        return [(debt, creditor) for debt, creditor in rows]

    return held_or_read(session, (Debt, case_id), read)


def case_debts(session: Session, case_id: uuid.UUID) -> list[Debt]:
    """The case's claims ordered by creditor and id."""
    return [debt for debt, _ in case_claims(session, case_id)]


def hold_new_claim(session: Session, debt: Debt, creditor: Creditor) -> None:
    """A claim just added (flushed, so with its id): held in its place among the others."""
    claims = memo(session).get((Debt, debt.case_id))
    if claims is not None:  # else the first read, later, finds it in the database
        claims.append((debt, creditor))
        claims.sort(key=lambda row: (row[0].creditor_id, row[0].id))
