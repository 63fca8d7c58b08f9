"""May the cases of a list be destroyed now? Refused when a case is open again, held,
has no archiefactiedatum or one in the future, or is to be kept permanently."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import clock
from engine.cases.models import Case
from engine.errors import Conflict
from retention.archive_dates import local_date
from retention.models import CaseArchive, DestructionList, DestructionListItem, LegalHold


def refusals(session: Session, dlist: DestructionList) -> dict[uuid.UUID, str]:
    """Why each still-to-destroy case on the list may not be destroyed now (empty: all fine)."""
    today = local_date(clock.now())
    items = list(
        session.scalars(
            select(DestructionListItem).where(
                DestructionListItem.list_id == dlist.id,
                DestructionListItem.status == "suggested",
                DestructionListItem.execution != "succeeded",
            )
        )
    )
    found: dict[uuid.UUID, str] = {}
    for start in range(0, len(items), 500):
        chunk = items[start : start + 500]
        ids = [i.case_id for i in chunk]
        cases = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_(ids)))}
        archives = {
            a.case_id: a
            for a in session.scalars(select(CaseArchive).where(CaseArchive.case_id.in_(ids)))
        }
        held = set(
            session.scalars(
                select(LegalHold.case_id).where(
                    LegalHold.case_id.in_(ids), LegalHold.released_at.is_(None)
                )
            )
        )
        for item in chunk:
            reason = refusal_reason(
                cases.get(item.case_id), archives.get(item.case_id), item.case_id in held, today
            )
            if reason:
                found[item.case_id] = f"{item.reference}: {reason}"
    return found


def refusal_reason(
    case: Case | None, archive: CaseArchive | None, held: bool, today: date
) -> str | None:
    if case is None:
        return "the case no longer exists"
    if case.status != "closed":
        return "the case was reopened"
    if held:
        return "the case is under legal hold"
    if archive is None or archive.archiefactiedatum is None:
        return "its archiefactiedatum is empty"
    if archive.archiefactiedatum > today:
        return f"its archiefactiedatum {archive.archiefactiedatum} is in the future"
    if archive.archiefnominatie != "vernietigen":
        return f"its archiefnominatie is {archive.archiefnominatie}"
    return None


def check_destroyable(session: Session, dlist: DestructionList) -> None:
    found = refusals(session, dlist)
    if found:
        raise Conflict(
            f"list {dlist.name!r} has {len(found)} case(s) that may not be destroyed; "
            "the author must remove them first: " + "; ".join(list(found.values())[:10])
        )
