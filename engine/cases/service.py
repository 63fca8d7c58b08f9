"""Open, read, close and reopen cases; hooks for domain packages on close/reopen."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine import clock
from engine.audit import record
from engine.audit.models import AuditEntry
from engine.cases.models import Case
from engine.db import current_tenant
from engine.errors import Conflict, NotFound
from engine.identity.actor import Actor

CaseHook = Callable[[Session, Actor, Case], None]
_on_closed: list[CaseHook] = []
_on_reopened: list[CaseHook] = []


def on_case_closed(fn: CaseHook) -> CaseHook:
    """Register ``fn(session, actor, case)``, called in the transaction that closes a case."""
    if fn not in _on_closed:
        _on_closed.append(fn)
    return fn


def on_case_reopened(fn: CaseHook) -> CaseHook:
    if fn not in _on_reopened:
        _on_reopened.append(fn)
    return fn


def open_case(
    session: Session,
    actor: Actor,
    *,
    process_key: str,
    title: str = "",
    reference: str | None = None,
) -> Case:
    tenant_id = current_tenant(session)
    case = Case(
        tenant_id=tenant_id,
        process_key=process_key,
        title=title,
        reference=reference or _next_reference(session),
    )
    session.add(case)
    session.flush()
    record(
        session,
        actor,
        "case.opened",
        "case",
        case.id,
        case_id=case.id,
        after={"reference": case.reference, "process": process_key, "title": title},
    )
    return case


def _next_reference(session: Session) -> str:
    year = clock.now().year
    prefix = f"Z{year}-"
    last = session.scalar(select(func.max(Case.reference)).where(Case.reference.like(f"{prefix}%")))
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:06d}"


def get_case(session: Session, case_id: uuid.UUID | str) -> Case:
    try:
        key = case_id if isinstance(case_id, uuid.UUID) else uuid.UUID(str(case_id))
    except ValueError:
        raise NotFound(f"no case {case_id}") from None
    case = session.get(Case, key)  # the identity map answers repeated look-ups in one step
    tenant_id = session.info.get("tenant_id")
    if case is None or (tenant_id is not None and case.tenant_id != tenant_id):
        raise NotFound(f"no case {case_id}")
    return case


def list_cases(
    session: Session, *, status: str | None = None, limit: int = 50, offset: int = 0
) -> list[Case]:
    query = select(Case).order_by(Case.started_at.desc(), Case.id).limit(limit).offset(offset)
    if status is not None:
        query = query.where(Case.status == status)
    return list(session.scalars(query))


def case_history(session: Session, case_id: uuid.UUID) -> list[AuditEntry]:
    get_case(session, case_id)
    return list(
        session.scalars(
            select(AuditEntry).where(AuditEntry.case_id == case_id).order_by(AuditEntry.seq)
        )
    )


def set_phase(session: Session, actor: Actor, case: Case, phase: str) -> None:
    if case.phase == phase:
        return
    before = case.phase
    case.phase = phase
    record(
        session,
        actor,
        "case.phase_changed",
        "case",
        case.id,
        case_id=case.id,
        before={"phase": before},
        after={"phase": phase},
    )


def close_case(session: Session, actor: Actor, case: Case, *, result: str) -> None:
    if case.status == "closed":
        raise Conflict(f"case {case.reference} is already closed")
    case.status, case.result, case.closed_at = "closed", result, clock.now()
    record(
        session,
        actor,
        "case.closed",
        "case",
        case.id,
        case_id=case.id,
        after={"result": result, "closed_at": case.closed_at.isoformat()},
    )
    for hook in _on_closed:
        hook(session, actor, case)


def reopen_case(session: Session, actor: Actor, case: Case) -> None:
    if case.status != "closed":
        raise Conflict(f"case {case.reference} is not closed")
    before = {
        "result": case.result,
        "closed_at": case.closed_at.isoformat() if case.closed_at else None,
    }
    case.status, case.result, case.closed_at = "open", None, None
    record(session, actor, "case.reopened", "case", case.id, case_id=case.id, before=before)
    for hook in _on_reopened:
        hook(session, actor, case)
