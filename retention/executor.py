"""Execute an approved destruction list in chunks, crash-safe and exactly once.

Each chunk is one transaction: for every case in it the executor re-checks that it may be
destroyed (closed, not held, archiefactiedatum set and not in the future), deletes its
rows in the fixed order of ``retention.plan``, records every deleted row, appends a
hash-chained destruction-log entry and marks the list item done. A kill at any moment
leaves whole cases either destroyed-and-logged or untouched; restarting continues with the
items not yet done. The destruction log's unique (tenant, case) key makes a double
destruction impossible even with two executors racing.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from engine import clock
from engine.audit import record
from engine.db import transaction
from engine.errors import Conflict
from engine.identity.actor import system_actor
from retention.archive_dates import local_date
from retention.checks import refusal_reason, refusals
from retention.lists import get_list
from retention.log import log_hash
from retention.models import (
    CaseArchive,
    DestroyedResource,
    DestructionList,
    DestructionListItem,
    DestructionLogEntry,
    DestructionLogHead,
    LegalHold,
)
from retention.plan import Step, destruction_plan

Progress = Callable[[int, int], None]  # (done, total)
# A package that keeps case content outside the database (files) registers a function
# called with (session, tenant_id, case_ids) before the rows are deleted.
ContentDestroyer = Callable[[Session, int, list[uuid.UUID]], list[tuple[str, str, uuid.UUID]]]
_content_destroyers: list[ContentDestroyer] = []


def register_content_destroyer(fn: ContentDestroyer) -> ContentDestroyer:
    if fn not in _content_destroyers:
        _content_destroyers.append(fn)
    return fn


@dataclass
class ExecutionReport:
    list_id: uuid.UUID
    destroyed: int = 0
    failed: int = 0
    status: str = ""
    errors: dict[str, str] = field(default_factory=dict)


def execute_list(
    factory: sessionmaker[Session],
    tenant_id: int,
    list_id: uuid.UUID,
    *,
    chunk_size: int = 100,
    progress: Progress | None = None,
) -> ExecutionReport:
    """Destroy every case of an approved list whose waiting period ended; resumable."""
    with transaction(factory, tenant_id) as session:
        dlist = get_list(session, list_id)
        if dlist.status not in ("ready_to_delete", "failed"):
            raise Conflict(
                f"list {dlist.name!r} is {dlist.status}; only an approved list "
                "(ready_to_delete) can be executed"
            )
        if dlist.planned_destruction_at and dlist.planned_destruction_at > clock.now():
            raise Conflict(
                f"list {dlist.name!r} may be executed from "
                f"{dlist.planned_destruction_at:%Y-%m-%d %H:%M} UTC (waiting period)"
            )
        found = refusals(session, dlist)
        if found:
            raise Conflict(
                f"refused: {len(found)} case(s) on list {dlist.name!r} may not be "
                "destroyed: " + "; ".join(list(found.values())[:10])
            )
        total = len([i for i in _open_items(session, list_id, None)])
        if dlist.status == "failed":
            _reset_failed(session, list_id)
    report = ExecutionReport(list_id)
    done = 0
    while True:
        with transaction(factory, tenant_id) as session:
            items = _open_items(session, list_id, chunk_size)
            if not items:
                break
            destroyed, failed = _destroy_chunk(session, get_list(session, list_id), items)
        report.destroyed += destroyed
        report.failed += failed
        done += len(items)
        if progress:
            progress(done, total)
        if failed and not destroyed and len(items) < chunk_size:
            break
    with transaction(factory, tenant_id) as session:
        dlist = get_list(session, list_id)
        report.status = _finish(session, dlist, report)
    return report


def _open_items(
    session: Session, list_id: uuid.UUID, limit: int | None
) -> list[DestructionListItem]:
    query = (
        select(DestructionListItem)
        .where(
            DestructionListItem.list_id == list_id,
            DestructionListItem.status == "suggested",
            DestructionListItem.execution == "pending",
        )
        .order_by(DestructionListItem.id)
    )
    if limit:
        query = query.limit(limit)
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
    return list(session.scalars(query))


def _reset_failed(session: Session, list_id: uuid.UUID) -> None:
    for item in session.scalars(
        select(DestructionListItem).where(
            DestructionListItem.list_id == list_id, DestructionListItem.execution == "failed"
        )
    ):
        item.execution, item.error = "pending", None


def _destroy_chunk(
    session: Session, dlist: DestructionList, items: list[DestructionListItem]
) -> tuple[int, int]:
    today = local_date(clock.now())
    ids = [i.case_id for i in items]
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
    from engine.cases.models import Case

    cases = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_(ids)))}
    accepted: list[DestructionListItem] = []
    failed = 0
    for item in items:
        reason = refusal_reason(
            cases.get(item.case_id), archives.get(item.case_id), item.case_id in held, today
        )
        if reason:
            item.execution, item.error = "failed", f"refused: {reason}"
            failed += 1
        else:
            accepted.append(item)
    if not accepted:
        session.flush()
        return 0, failed
    snapshots = {i.case_id: (cases[i.case_id], archives[i.case_id]) for i in accepted}
    meta = {cid: _case_meta(case, archive) for cid, (case, archive) in snapshots.items()}
    for case, archive in snapshots.values():  # deleted below with Core statements
        session.expunge(case)
        session.expunge(archive)
    rows_by_case = _delete_rows(session, dlist.tenant_id, list(snapshots))
    now = clock.now()
    actor = system_actor(dlist.tenant_id, "retention.executor")
    head = _lock_log_head(session, dlist.tenant_id)
    for item in accepted:
        resources = rows_by_case.get(item.case_id, [])
        session.add_all(
            DestroyedResource(
                tenant_id=dlist.tenant_id,
                list_id=dlist.id,
                case_id=item.case_id,
                step=step,
                resource_type=kind,
                resource_id=rid,
                destroyed_at=now,
            )
            for step, kind, rid, _state in resources
        )
        state_hash = hashlib.sha256("\n".join(sorted(s for *_x, s in resources)).encode())
        entry = _log_entry(dlist, meta[item.case_id], state_hash.hexdigest(), len(resources), now)
        head.last_seq += 1
        entry.seq, entry.prev_hash = head.last_seq, head.last_hash
        entry.hash = log_hash(entry)
        head.last_hash = entry.hash
        session.add(entry)
        item.execution, item.destroyed_at = "succeeded", now
        record(
            session,
            actor,
            "retention.case_destroyed",
            "case",
            item.case_id,
            case_id=item.case_id,
            based_on=f"destruction_list:{dlist.id}",
            after={"reference": item.reference, "resources": len(resources)},
        )
    session.flush()
    return len(accepted), failed


def _case_meta(case: Any, archive: CaseArchive) -> dict[str, Any]:
    return {
        "case_id": case.id,
        "reference": case.reference,
        "process_key": case.process_key,
        "result": case.result,
        "selectielijstklasse": archive.selectielijstklasse,
        "archiefnominatie": archive.archiefnominatie,
        "brondatum": archive.brondatum,
        "archiefactiedatum": archive.archiefactiedatum,
        "started_at": case.started_at,
        "closed_at": case.closed_at,
    }


def _delete_rows(
    session: Session, tenant_id: int, case_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[tuple[int, str, str, str]]]:
    """Delete every row of these cases; return per case (step, table, key, state digest)."""
    found: dict[uuid.UUID, list[tuple[int, str, str, str]]] = {}
    for fn in _content_destroyers:
        for kind, rid, case_id in fn(session, tenant_id, case_ids):
            found.setdefault(case_id, []).append((-1, kind, rid, f"{kind}:{rid}"))
    for step in destruction_plan():
        for case_id, key, state in _delete_step(session, step, tenant_id, case_ids):
            found.setdefault(case_id, []).append((step.order, step.name, key, state))
    return found


def _delete_step(
    session: Session, step: Step, tenant_id: int, case_ids: list[uuid.UUID]
) -> list[tuple[uuid.UUID, str, str]]:
    table = step.table
    pk = list(table.primary_key.columns)
    stmt = delete(table)
    if "tenant_id" in table.c:
        stmt = stmt.where(table.c.tenant_id == tenant_id)
    owner: dict[Any, uuid.UUID] = {}
    if step.name == "cases":
        stmt = stmt.where(table.c.id.in_(case_ids))
    elif step.via is None:
        stmt = stmt.where(table.c.case_id.in_(case_ids))
    else:
        assert step.parent is not None
        parent_key = next(iter(step.via.foreign_keys)).column
        owner = dict(
            session.execute(
                select(parent_key, step.parent.c.case_id).where(step.parent.c.case_id.in_(case_ids))
            ).all()
        )
        stmt = stmt.where(step.via.in_(list(owner)))
    rows = session.execute(stmt.returning(*table.c)).mappings().all()
    result = []
    for row in rows:
        if step.name == "cases":
            case_id = row["id"]
        elif step.via is None:
            case_id = row["case_id"]
        else:
            case_id = owner[row[step.via.name]]
        key = ":".join(str(row[c.name]) for c in pk)
        result.append((case_id, key, f"{table.name}:{_digest(dict(row))}"))
    return result


def _digest(row: dict[str, Any]) -> str:
    def plain(value: Any) -> Any:
        if isinstance(value, bytes | bytearray | memoryview):
            return hashlib.sha256(bytes(value)).hexdigest()
        if isinstance(value, datetime):
            return value.astimezone(clock.UTC).isoformat()
        return value

    text = json.dumps({k: plain(v) for k, v in row.items()}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _lock_log_head(session: Session, tenant_id: int) -> DestructionLogHead:
    head = session.scalars(
        select(DestructionLogHead)
        .where(DestructionLogHead.tenant_id == tenant_id)
        .with_for_update()
    ).first()
    if head is None:
        head = DestructionLogHead(tenant_id=tenant_id, last_seq=0, last_hash="0" * 64)
        session.add(head)
        session.flush()
    return head


def _log_entry(
    dlist: DestructionList, meta: dict[str, Any], state_hash: str, resources: int, now: datetime
) -> DestructionLogEntry:
    return DestructionLogEntry(
        tenant_id=dlist.tenant_id,
        list_id=dlist.id,
        list_name=dlist.name,
        state_hash=state_hash,
        resources=resources,
        destroyed_at=now,
        approved_by=dlist.archivist_name or "",
        **meta,
    )


def _finish(session: Session, dlist: DestructionList, report: ExecutionReport) -> str:
    failed = session.scalars(
        select(DestructionListItem).where(
            DestructionListItem.list_id == dlist.id, DestructionListItem.execution == "failed"
        )
    )
    report.errors = {i.reference: i.error or "" for i in failed}
    pending = _open_items(session, dlist.id, None)
    actor = system_actor(dlist.tenant_id, "retention.executor")
    status = "failed" if report.errors else ("deleted" if not pending else dlist.status)
    if status != dlist.status:
        before = dlist.status
        dlist.status, dlist.status_changed_at = status, clock.now()
        dlist.error = "; ".join(f"{k}: {v}" for k, v in list(report.errors.items())[:20]) or None
        if status == "deleted":
            dlist.executed_at = clock.now()
        record(
            session,
            actor,
            "retention.list_status",
            "destruction_list",
            dlist.id,
            before={"status": before},
            after={"status": status, "error": dlist.error},
        )
    return status
