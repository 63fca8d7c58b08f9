"""The team lead's view of the team: open cases per case worker per phase, and what is
overdue across the team (legal terms and tasks) with the days overdue."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from casefiles.models import Deadline
from casefiles.service_common import AMSTERDAM, today
from casefiles.service_deadlines import deadline_view
from engine import clock
from engine.cases.models import Case
from engine.identity.actor import Actor
from engine.identity.models import User
from engine.identity.roles import Role
from engine.process.models import WorkItem

CASE_WORK_ROLES = {Role.INTAKE.value, Role.SCHULDHULPVERLENER.value, Role.BUDGETBEHEERDER.value}
OVERDUE_LIMIT = 200


@dataclass
class Caseload:
    """Open cases in which a worker holds a claimed task (worker_id None: nobody does)."""

    worker_id: str | None
    name: str
    per_phase: dict[str | None, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.per_phase.values())


@dataclass(frozen=True)
class OverdueItem:
    case_id: uuid.UUID
    case_reference: str
    what: str  # "termijn" or "taak"
    label: str
    due_on: date
    days_overdue: int
    assignee: str


def team_caseload(session: Session, actor: Actor) -> list[Caseload]:
    """Every active case worker (also those without cases), then the unclaimed cases."""
    actor.require(Role.TEAMLEIDER)
    names = _worker_names(session)
    loads = {worker_id: Caseload(worker_id, name) for worker_id, name in names.items()}
    counted = session.execute(
        select(WorkItem.assignee_id, Case.phase, func.count(distinct(Case.id)))
        .join(Case, Case.id == WorkItem.case_id)
        .where(Case.status == "open")
        .group_by(WorkItem.assignee_id, Case.phase)
    )
    for worker_id, phase, count in counted:
        name = names.get(worker_id, "Niet opgepakt" if worker_id is None else "Onbekend")
        load = loads.setdefault(worker_id, Caseload(worker_id, name))
        load.per_phase[phase] = count
    return sorted(loads.values(), key=lambda load: (load.worker_id is None, load.name.lower()))


def team_overdue(
    session: Session, actor: Actor, *, limit: int = OVERDUE_LIMIT
) -> list[OverdueItem]:
    """Open legal terms past their date and tasks past their due moment, longest overdue
    first (at most ``limit``)."""
    actor.require(Role.TEAMLEIDER)
    day = today()
    names = _worker_names(session)
    items = [*_overdue_terms(session, day, limit), *_overdue_tasks(session, day, names, limit)]
    items.sort(key=lambda item: (-item.days_overdue, item.case_reference))
    return items[:limit]


def _overdue_terms(session: Session, day: date, limit: int) -> list[OverdueItem]:
    rows = session.execute(
        select(Deadline, Case.reference)
        .join(Case, Case.id == Deadline.case_id)
        .where(Deadline.met_on.is_(None), Deadline.due_on < day, Case.status == "open")
        .order_by(Deadline.due_on)
        .limit(limit)
    )
    return [
        OverdueItem(
            deadline.case_id,
            reference,
            "termijn",
            deadline.label,
            deadline.due_on,
            -deadline_view(deadline, day).days_left,
            "",
        )
        for deadline, reference in rows
    ]


def _overdue_tasks(
    session: Session, day: date, names: dict[str | None, str], limit: int
) -> list[OverdueItem]:
    rows = session.execute(
        select(WorkItem, Case.reference)
        .join(Case, Case.id == WorkItem.case_id)
        .where(WorkItem.due_at.is_not(None), WorkItem.due_at < clock.now())
        .order_by(WorkItem.due_at)
        .limit(limit)
    )
    items = []
    for task, reference in rows:
        assert task.due_at is not None  # filtered above
        due_on = task.due_at.astimezone(AMSTERDAM).date()
        assignee = names.get(task.assignee_id, "") if task.assignee_id else "niet opgepakt"
        items.append(
            OverdueItem(
                task.case_id, reference, "taak", task.name, due_on, (day - due_on).days, assignee
            )
        )
    return items


def _worker_names(session: Session) -> dict[str | None, str]:
    users = session.scalars(select(User).where(User.active.is_(True)))
    return {
        str(user.id): user.full_name or user.username
        for user in users
        if CASE_WORK_ROLES & set(user.roles)
    }
