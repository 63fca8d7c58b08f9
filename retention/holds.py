"""Legal holds (bezwaar, beroep, rechtszaak, onderzoek): a held case is never proposed
or destroyed."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import clock
from engine.audit import record
from engine.cases.service import get_case
from engine.errors import Conflict, FieldError, NotFound, ValidationFailed
from engine.identity.actor import Actor
from engine.identity.roles import Role
from retention.models import LegalHold

HOLD_KINDS = ("bezwaar", "beroep", "rechtszaak", "onderzoek")


def place_hold(
    session: Session, actor: Actor, case_id: uuid.UUID, *, kind: str, reason: str
) -> LegalHold:
    actor.require(Role.ARCHIVARIS, Role.TEAMLEIDER, Role.BEHEERDER)
    errors = []
    if kind not in HOLD_KINDS:
        errors.append(FieldError("kind", f"use one of {', '.join(HOLD_KINDS)}"))
    if not reason.strip():
        errors.append(FieldError("reason", "required"))
    if errors:
        raise ValidationFailed("the legal hold is incomplete", errors)
    case = get_case(session, case_id)
    hold = LegalHold(
        tenant_id=case.tenant_id, case_id=case.id, kind=kind, reason=reason, set_by=actor.label
    )
    session.add(hold)
    session.flush()
    record(
        session,
        actor,
        "retention.hold_placed",
        "legal_hold",
        hold.id,
        case_id=case.id,
        after={"kind": kind, "reason": reason},
    )
    return hold


def release_hold(session: Session, actor: Actor, hold_id: uuid.UUID, *, reason: str) -> LegalHold:
    actor.require(Role.ARCHIVARIS, Role.TEAMLEIDER, Role.BEHEERDER)
    hold = session.scalars(select(LegalHold).where(LegalHold.id == hold_id)).first()
    if hold is None:
        raise NotFound(f"no legal hold {hold_id}")
    if hold.released_at is not None:
        raise Conflict("this legal hold was already released")
    hold.released_by, hold.released_at, hold.release_reason = actor.label, clock.now(), reason
    session.flush()
    record(
        session,
        actor,
        "retention.hold_released",
        "legal_hold",
        hold.id,
        case_id=hold.case_id,
        after={"reason": reason},
    )
    return hold


def active_holds(session: Session, case_id: uuid.UUID) -> list[LegalHold]:
    return list(
        session.scalars(
            select(LegalHold).where(LegalHold.case_id == case_id, LegalHold.released_at.is_(None))
        )
    )
