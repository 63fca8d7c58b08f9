"""Read queries of the dashboard and the work queue, shaped for their indexes at 100,000 cases."""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from itertools import islice

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casefiles.models import Deadline
from engine.cases.models import Case
from engine.process.models import WorkItem


def _queue_key(item: WorkItem) -> tuple[bool, datetime, datetime]:
    return item.due_at is None, item.due_at or item.created_at, item.created_at


def lane_tasks(
    session: Session,
    role: str,
    *,
    unassigned: bool = False,
    phase: str = "",
    due_before: datetime | None = None,
    limit: int = 50,
) -> list[WorkItem]:
    """Open tasks of one lane in queue order: earliest deadline first, none last, then oldest."""
    query = (
        select(WorkItem)
        .where(WorkItem.role == role)
        .order_by(WorkItem.due_at.asc().nulls_last(), WorkItem.created_at)
        .limit(limit)
    )
    if unassigned:
        query = query.where(WorkItem.assignee_id.is_(None))
    if phase:
        query = query.join(Case, Case.id == WorkItem.case_id).where(Case.phase == phase)
    if due_before is not None:
        query = query.where(WorkItem.due_at <= due_before)
    return list(session.scalars(query))


def queue_tasks(
    session: Session,
    roles: Iterable[str],
    *,
    unassigned: bool = False,
    phase: str = "",
    due_before: datetime | None = None,
    limit: int = 50,
) -> list[WorkItem]:
    """Open tasks of the lanes ``roles`` in queue order. One ordered index range per lane,
    merged here: over "role IN (...)" the database would sort every open task of the lanes."""
    lanes = [
        lane_tasks(
            session, role, unassigned=unassigned, phase=phase, due_before=due_before, limit=limit
        )
        for role in sorted(roles)
    ]
    return list(islice(heapq.merge(*lanes, key=_queue_key), limit))


def deadlines_at_risk(session: Session, day: date, days: int, limit: int) -> list[Deadline]:
    """Open terms due within ``days`` of ``day`` (overdue ones included), the earliest first."""
    return list(
        session.scalars(
            select(Deadline)
            .where(Deadline.met_on.is_(None), Deadline.due_on <= day + timedelta(days))
            .order_by(Deadline.due_on)
            .limit(limit)
        )
    )


def open_cases_per_phase(session: Session) -> list[tuple[str | None, int]]:
    """(phase, number of open cases), read from the index on (tenant, status, phase)."""
    rows = session.execute(
        select(Case.phase, func.count())
        .where(Case.status == "open")
        .group_by(Case.phase)
        .order_by(Case.phase)
    ).all()
    return [(phase, int(count)) for phase, count in rows]
