"""Read queries of the dashboard and the work queue, shaped for their indexes at 100,000 cases.

Task lists are plain rows (the task with its case's reference and title), not ORM objects:
a queue page shows a few hundred of them and builds nothing it does not show.
"""

from __future__ import annotations

import heapq
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from itertools import islice
from typing import TypeAlias

from sqlalchemy import Row, Select, distinct, func, select
from sqlalchemy.orm import Session

from casefiles.models import Deadline
from engine.cases.models import Case
from engine.process.models import WorkItem

# id, case_id, name, role, due_at, assignee_id, created_at, case_reference, case_title
TaskColumns: TypeAlias = tuple[
    uuid.UUID, uuid.UUID, str, str, datetime | None, str | None, datetime, str, str
]
TaskRow: TypeAlias = Row[*TaskColumns]
TaskQuery: TypeAlias = Select[*TaskColumns]


def _task_rows() -> TaskQuery:
    return select(
        WorkItem.id,
        WorkItem.case_id,
        WorkItem.name,
        WorkItem.role,
        WorkItem.due_at,
        WorkItem.assignee_id,
        WorkItem.created_at,
        Case.reference.label("case_reference"),
        Case.title.label("case_title"),
    ).join(Case, Case.id == WorkItem.case_id)


def _in_queue_order(query: TaskQuery) -> TaskQuery:
    return query.order_by(WorkItem.due_at.asc().nulls_last(), WorkItem.created_at)


def _queue_key(item: TaskRow) -> tuple[bool, datetime, datetime]:
    return item.due_at is None, item.due_at or item.created_at, item.created_at


def lane_tasks(
    session: Session,
    role: str,
    *,
    unassigned: bool = False,
    phase: str = "",
    due_before: datetime | None = None,
    limit: int = 50,
) -> list[TaskRow]:
    """Open tasks of one lane in queue order: earliest deadline first, none last, then oldest."""
    query = _in_queue_order(_task_rows().where(WorkItem.role == role)).limit(limit)
    if unassigned:
        query = query.where(WorkItem.assignee_id.is_(None))
    if phase:
        query = query.where(Case.phase == phase)
    if due_before is not None:
        query = query.where(WorkItem.due_at <= due_before)
    return list(session.execute(query))


def queue_tasks(
    session: Session,
    roles: Iterable[str],
    *,
    unassigned: bool = False,
    phase: str = "",
    due_before: datetime | None = None,
    offset: int = 0,
    limit: int = 50,
) -> list[TaskRow]:
    """Open tasks of the lanes ``roles`` in queue order, ``limit`` from ``offset`` on. One
    ordered index range per lane, merged here: over "role IN (...)" the database would sort
    every open task of the lanes."""
    lanes = [
        lane_tasks(
            session,
            role,
            unassigned=unassigned,
            phase=phase,
            due_before=due_before,
            limit=offset + limit,
        )
        for role in sorted(roles)
    ]
    return list(islice(heapq.merge(*lanes, key=_queue_key), offset, offset + limit))


def assigned_tasks(session: Session, worker_id: str, *, limit: int = 50) -> list[TaskRow]:
    """The open tasks ``worker_id`` has claimed, in queue order."""
    query = _task_rows().where(WorkItem.assignee_id == worker_id)
    return list(session.execute(_in_queue_order(query).limit(limit)))


def deadlines_at_risk(
    session: Session, day: date, days: int, limit: int
) -> Sequence[Row[Deadline, str]]:
    """Open terms due within ``days`` of ``day`` (overdue ones included), the earliest first,
    each with its case's reference."""
    return session.execute(
        select(Deadline, Case.reference)
        .join(Case, Case.id == Deadline.case_id)
        .where(Deadline.met_on.is_(None), Deadline.due_on <= day + timedelta(days))
        .order_by(Deadline.due_on)
        .limit(limit)
    ).all()


def caseload_per_phase(session: Session, worker_id: str) -> list[tuple[str, int]]:
    """(phase, number of open cases) of the cases in which ``worker_id`` holds a claimed task,
    counted as on the team lead's caseload page."""
    rows = session.execute(
        select(Case.phase, func.count(distinct(Case.id)))
        .join(WorkItem, WorkItem.case_id == Case.id)
        .where(WorkItem.assignee_id == worker_id, Case.status == "open")
        .group_by(Case.phase)
        .order_by(Case.phase)
    ).all()
    return [(phase, int(count)) for phase, count in rows]
