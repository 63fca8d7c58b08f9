"""The case file of a case with its open terms, read in one statement and held for the rest
of the transaction.

Nearly every service and handler starts from the case file, and what a step changes next is
usually one of its terms (met, set, replaced). So the first read of a case file in a
transaction brings its open terms along; later reads of either need no query.
``service_deadlines``, the only writer of terms, keeps the held terms in step.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefiles.models import CaseFile, Deadline, Debt
from engine.db import uuid_parameter
from engine.transaction_memo import memo

# Built once, like the other statements of a step's hot path: building this select cost
# more than running it.
_WITH_OPEN_TERMS = (
    select(CaseFile, Deadline)
    .outerjoin(Deadline, (Deadline.case_id == CaseFile.case_id) & Deadline.met_on.is_(None))
    .where(CaseFile.case_id == uuid_parameter("case_id"))
    .order_by(Deadline.due_on, Deadline.id)
)


def case_file_of(session: Session, case_id: uuid.UUID) -> CaseFile | None:
    """The case file of the case (None for a case without one, or of another tenant)."""
    held = memo(session)
    key = (CaseFile, case_id)
    if held.get(key) is None:
        rows = session.execute(_WITH_OPEN_TERMS, {"case_id": case_id}).all()
        if not rows:
            return None
        held[key] = rows[0][0]
        terms = [term for _, term in rows if term is not None]
        held.setdefault((Deadline, case_id), open_terms_by_kind(terms))
    cf: CaseFile = held[key]
    return cf


def hold_new_case_file(session: Session, cf: CaseFile) -> None:
    """A case file just added has no terms and no claims yet (``casefiles.case_claims``):
    nothing to read back when the step goes on to add them."""
    held = memo(session)
    held[(CaseFile, cf.case_id)] = cf
    held[(Deadline, cf.case_id)] = {}
    held[(Debt, cf.case_id)] = []


def open_terms_by_kind(rows: Iterable[Deadline]) -> dict[str, list[Deadline]]:
    """Open terms (earliest due first) grouped by kind, as the memo holds them."""
    by_kind: dict[str, list[Deadline]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)
    return by_kind
