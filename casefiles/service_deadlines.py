"""Legal and agreed terms of a case: stored, shown with days left, signalled when at risk."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefiles import legal_calendar
from casefiles.held_case_file import open_terms_by_kind
from casefiles.models import Deadline
from casefiles.schemas import DeadlineOut
from casefiles.service_common import READERS, audit, case_file, today
from engine.db import new_id
from engine.errors import NotFound
from engine.identity.actor import Actor
from engine.identity.models import Tenant
from engine.transaction_memo import held_or_read

AT_RISK_WORKING_DAYS = 2


def tenant_term_weeks(session: Session, tenant_id: int, key: str, default: int) -> int:
    """A term from the tenant's settings (``settings["terms"][key]``), else ``default``."""
    tenant = session.get(Tenant, tenant_id)
    terms = (tenant.settings or {}).get("terms", {}) if tenant else {}
    value = terms.get(key, default)
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else default


def add_deadline(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID,
    *,
    kind: str,
    starts_on: date,
    due_on: date,
    label: str = "",
    rule: str = "",
) -> Deadline:
    """Store a term; an open term of the same kind is replaced (e.g. a new response term)."""
    cf = case_file(session, case_id)
    open_terms = _open_deadlines(session, cf.case_id)
    current = next(iter(open_terms.get(kind, ())), None)
    if current is not None:
        current.starts_on, current.due_on, current.rule = starts_on, due_on, rule
        current.label = label or current.label
        deadline = current
    else:
        deadline = Deadline(
            id=new_id(),  # known now: the insert waits for the step's next flush
            tenant_id=cf.tenant_id,
            case_id=cf.case_id,
            kind=kind,
            label=label or kind,
            starts_on=starts_on,
            due_on=due_on,
            rule=rule,
        )
        session.add(deadline)
        open_terms.setdefault(kind, []).append(deadline)
    audit(
        session,
        actor,
        "casefile.deadline_set",
        "deadline",
        deadline.id,
        cf.case_id,
        after={"kind": kind, "starts_on": starts_on, "due_on": due_on, "rule": rule},
    )
    return deadline


def meet_deadline(
    session: Session, actor: Actor, case_id: uuid.UUID, kind: str, *, on: date | None = None
) -> Deadline | None:
    """Mark the open term of ``kind`` as met (on ``on``, default today); None if none is open."""
    open_terms = _open_deadlines(session, case_id).get(kind)
    if not open_terms:
        return None
    deadline = open_terms.pop(0)
    deadline.met_on = on or today()
    audit(
        session,
        actor,
        "casefile.deadline_met",
        "deadline",
        deadline.id,
        case_id,
        after={"kind": kind, "met_on": deadline.met_on, "due_on": deadline.due_on},
    )
    return deadline


def list_deadlines(
    session: Session, actor: Actor, case_id: uuid.UUID | str, *, on: date | None = None
) -> list[DeadlineOut]:
    """Every term of the case with days left and its signal on ``on`` (default today)."""
    actor.require(*READERS)
    cf = case_file(session, case_id)
    rows = session.scalars(
        select(Deadline).where(Deadline.case_id == cf.case_id).order_by(Deadline.due_on)
    )
    return [deadline_view(row, on or today()) for row in rows]


def deadline_view(row: Deadline, on: date) -> DeadlineOut:
    reference = row.met_on or on
    working_left = legal_calendar.working_days_between(reference, row.due_on)
    if row.met_on is not None:
        signal = "gehaald" if row.met_on <= row.due_on else "te_laat_gehaald"
    elif on > row.due_on:
        signal = "verlopen"
    elif working_left <= AT_RISK_WORKING_DAYS:
        signal = "dreigt"
    else:
        signal = "op_tijd"
    return DeadlineOut(
        id=row.id,
        kind=row.kind,
        label=row.label,
        starts_on=row.starts_on,
        due_on=row.due_on,
        rule=row.rule,
        met_on=row.met_on,
        days_left=(row.due_on - reference).days,
        working_days_left=working_left,
        signal=signal,
    )


def deadline_due(session: Session, case_id: uuid.UUID | str, kind: str) -> date:
    """The due date of the open term ``kind`` (for BPMN timers); NotFound when none is open."""
    cf = case_file(session, case_id)
    open_terms = _open_deadlines(session, cf.case_id).get(kind)
    if not open_terms:
        raise NotFound(f"no open deadline {kind} in case {case_id}")
    return open_terms[0].due_on


def overdue_deadlines(session: Session, *, on: date | None = None) -> list[Deadline]:
    """Open terms of the tenant that have passed (for work queues and signals)."""
    day = on or today()
    return list(
        session.scalars(
            select(Deadline)
            .where(Deadline.met_on.is_(None), Deadline.due_on < day)
            .order_by(Deadline.due_on)
        )
    )


def _open_deadlines(session: Session, case_id: uuid.UUID) -> dict[str, list[Deadline]]:
    """The open terms of the case by kind (earliest due first), read once per transaction:
    one step sets, meets and reads several. This module is the only writer of deadlines and
    keeps the memo in step with what it writes."""
    return held_or_read(
        session,
        (Deadline, case_id),
        lambda: open_terms_by_kind(
            session.scalars(
                select(Deadline)
                .where(Deadline.case_id == case_id, Deadline.met_on.is_(None))
                .order_by(Deadline.due_on, Deadline.id)
            )
        ),
    )
