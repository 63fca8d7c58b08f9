"""Scheduled retention work: execute approved lists whose waiting period ended, and remove
audit and processing-log entries older than the tenant's log retention.

The log-retention job is the only code that deletes log entries. It removes a prefix of
the tenant's audit chain, moves the chain's anchor to the last removed entry (so
``engine.audit.verify_chain`` still verifies what remains) and logs the removal itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time

from sqlalchemy import Table, delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from engine import clock
from engine.audit import record
from engine.audit.models import AuditEntry, AuditHead
from engine.db import Base, transaction
from engine.errors import AkkoordError
from engine.identity.actor import system_actor
from engine.identity.models import Tenant
from retention.archive_dates import add_duration, local_date
from retention.executor import execute_list
from retention.lists import get_list
from retention.models import DestructionList
from retention.service import retention_settings

log = logging.getLogger(__name__)
# Other access/processing logs (table name -> time column) that follow the same retention.
_EXPIRING_LOGS: dict[str, str] = {"processing_log_entries": "tijdstip_registratie"}


def register_expiring_log(table: str, time_column: str) -> None:
    _EXPIRING_LOGS[table] = time_column


def _tenants(factory: sessionmaker[Session]) -> list[int]:
    with transaction(factory) as session:
        return list(session.scalars(select(Tenant.id).order_by(Tenant.id)))


def run_due_destructions(factory: sessionmaker[Session]) -> int:
    """Execute every approved list whose waiting period is over; returns cases destroyed."""
    destroyed = 0
    for tenant_id in _tenants(factory):
        with transaction(factory, tenant_id) as session:
            due = list(
                session.scalars(
                    select(DestructionList.id).where(
                        DestructionList.status == "ready_to_delete",
                        DestructionList.planned_destruction_at <= clock.now(),
                    )
                )
            )
        for list_id in due:
            try:
                destroyed += execute_list(factory, tenant_id, list_id).destroyed
            except AkkoordError as exc:  # refused: visibly mark the list as not done
                log.warning("destruction list %s refused: %s", list_id, exc)
                _mark_failed(factory, tenant_id, list_id, str(exc))
    return destroyed


def _mark_failed(
    factory: sessionmaker[Session], tenant_id: int, list_id: object, error: str
) -> None:
    with transaction(factory, tenant_id) as session:
        dlist = get_list(session, str(list_id))
        before = dlist.status
        dlist.status, dlist.error, dlist.status_changed_at = "failed", error, clock.now()
        record(
            session,
            system_actor(tenant_id, "retention.executor"),
            "retention.list_status",
            "destruction_list",
            dlist.id,
            before={"status": before},
            after={"status": "failed", "error": error},
        )


@dataclass(frozen=True)
class PruneResult:
    tenant_id: int
    audit_entries: int
    other_entries: int
    cutoff: datetime | None


def prune_expired_logs(factory: sessionmaker[Session]) -> list[PruneResult]:
    return [prune_tenant_logs(factory, tenant_id) for tenant_id in _tenants(factory)]


def prune_tenant_logs(factory: sessionmaker[Session], tenant_id: int) -> PruneResult:
    """Remove this tenant's log entries older than ``settings.retention.log_retention``."""
    with transaction(factory, tenant_id) as session:
        keep = retention_settings(session, tenant_id).get("log_retention")
        if not keep:
            return PruneResult(tenant_id, 0, 0, None)
        cutoff_day = add_duration(local_date(clock.now()), str(keep), sign=-1)
        cutoff = datetime.combine(cutoff_day, time(0), tzinfo=UTC)
        head = session.scalars(
            select(AuditHead).where(AuditHead.tenant_id == tenant_id).with_for_update()
        ).first()
        removed_audit = _prune_audit(session, tenant_id, head, cutoff) if head else 0
        removed_other = sum(
            _prune_table(session, tenant_id, name, column, cutoff)
            for name, column in _EXPIRING_LOGS.items()
        )
        if removed_audit or removed_other:
            record(
                session,
                system_actor(tenant_id, "retention.log_retention"),
                "audit.entries_removed",
                "audit_log",
                tenant_id,
                after={
                    "before": cutoff.isoformat(),
                    "audit_entries": removed_audit,
                    "other_entries": removed_other,
                    "retention": keep,
                    "anchor_seq": head.anchor_seq if head else 0,
                },
            )
        return PruneResult(tenant_id, removed_audit, removed_other, cutoff)


def _prune_audit(session: Session, tenant_id: int, head: AuditHead, cutoff: datetime) -> int:
    # Remove a contiguous prefix only: everything before the first entry that is still young.
    first_kept = session.scalar(
        select(func.min(AuditEntry.seq)).where(
            AuditEntry.tenant_id == tenant_id, AuditEntry.at >= cutoff
        )
    )
    last_removed = (first_kept - 1) if first_kept is not None else head.last_seq
    if last_removed <= head.anchor_seq:
        return 0
    anchor_hash = session.scalar(
        select(AuditEntry.hash).where(
            AuditEntry.tenant_id == tenant_id, AuditEntry.seq == last_removed
        )
    )
    if anchor_hash is None:
        return 0
    result = session.execute(
        delete(AuditEntry).where(AuditEntry.tenant_id == tenant_id, AuditEntry.seq <= last_removed)
    )
    head.anchor_seq, head.anchor_hash = last_removed, anchor_hash
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)


def _prune_table(session: Session, tenant_id: int, name: str, column: str, cutoff: datetime) -> int:
    table: Table | None = Base.metadata.tables.get(name)
    if table is None:
        return 0
    result = session.execute(
        delete(table).where(table.c.tenant_id == tenant_id, table.c[column] < cutoff)
    )
    return int(getattr(result, "rowcount", 0) or 0)


# (job name, function, interval in seconds) for the engine's scheduler.
SCHEDULE: list[tuple[str, Callable[[sessionmaker[Session]], object], float]] = [
    ("retention.execute_due_lists", run_due_destructions, 3600.0),
    ("retention.prune_expired_logs", prune_expired_logs, 24 * 3600.0),
]
