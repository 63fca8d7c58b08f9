"""Find and row-lock the process instance a step moves (PostgreSQL; SQLite serialises
writers itself), with what the step reads anyway, in one statement each."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, Table, bindparam, select
from sqlalchemy.orm import Session, defer

from engine.cases.models import Case
from engine.errors import NotFound
from engine.identity.models import Tenant
from engine.process.models import PendingMessage, ProcessInstance, WorkItem

_INSTANCES: Table = ProcessInstance.__table__  # type: ignore[assignment]
_WORK_ITEMS: Table = WorkItem.__table__  # type: ignore[assignment]


def lock_instance(session: Session, instance_id: uuid.UUID) -> ProcessInstance:
    instance = try_lock_instance(session, instance_id, skip_locked=False)
    if instance is None:
        raise NotFound(f"no process instance {instance_id}")
    return instance


def try_lock_instance(
    session: Session, instance_id: uuid.UUID, *, skip_locked: bool = True
) -> ProcessInstance | None:
    """Lock the row (PostgreSQL); with ``skip_locked`` a busy instance is left to its owner."""
    row = session.execute(_INSTANCE_LOCKS[skip_locked], {"instance": instance_id}).first()
    return None if row is None else row[0]


def lock_instances_waiting_for(
    session: Session, message_name: str, key: str
) -> list[ProcessInstance]:
    """Find and lock (in id order, so concurrent deliveries cannot deadlock) the instances
    waiting for this message with this correlation key, in one statement."""
    rows = session.execute(_WAITING_LOCKS, {"message": message_name, "key": key})
    return [row[0] for row in rows]


def lock_open_task(session: Session, task_id: uuid.UUID) -> tuple[ProcessInstance, WorkItem] | None:
    """Lock an open task and its instance, found in one statement; None when the task is not
    open. Both rows are locked (PostgreSQL), so of two concurrent completions the one that
    waited finds the task gone once the other commits."""
    row = session.execute(_TASK_LOCK, {"task": task_id}).first()
    return None if row is None else (row[0], row[1])


def _locking(*entities: Any) -> Select[Any]:
    """The instance (and ``entities``) with its case and tenant, which come along unlocked:
    nearly every step reads them (phase, letters, terms), and rows loaded in a transaction
    are held for it (``engine.db``), so they cost no statement of their own."""
    return (
        select(ProcessInstance, *entities, Case, Tenant)
        .join(Case, Case.id == ProcessInstance.case_id)
        .join(Tenant, Tenant.id == ProcessInstance.tenant_id)
        .options(defer(ProcessInstance.state))
        .execution_options(populate_existing=True)
    )


# Built once: every step begins with one of these (building one cost as much as its lookup)
_INSTANCE_LOCKS = {
    skip_locked: _locking()
    .where(ProcessInstance.id == bindparam("instance"))
    .with_for_update(of=_INSTANCES, skip_locked=skip_locked)
    for skip_locked in (False, True)
}
_WAITING_LOCKS = (
    _locking()
    .where(
        ProcessInstance.id.in_(
            select(PendingMessage.instance_id).where(
                PendingMessage.message_name == bindparam("message"),
                PendingMessage.correlation_key == bindparam("key"),
            )
        )
    )
    .order_by(ProcessInstance.id)
    .with_for_update(of=_INSTANCES)
)
_TASK_LOCK = (
    _locking(WorkItem)
    .join(WorkItem, WorkItem.instance_id == ProcessInstance.id)
    .where(WorkItem.id == bindparam("task"))
    .with_for_update(of=[_INSTANCES, _WORK_ITEMS])
)
