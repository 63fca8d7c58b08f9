"""Creditor organisations: tenant-wide, IBAN validated, audited."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefiles.case_claims import case_claims
from casefiles.models import Creditor
from casefiles.schemas import CreditorIn
from casefiles.service_common import READERS, Errors, case_file
from casefiles.validation import is_valid_iban, normalise_iban
from engine.audit import record
from engine.errors import NotFound
from engine.identity.actor import Actor
from engine.identity.roles import Role


def create_creditor(session: Session, actor: Actor, data: CreditorIn) -> Creditor:
    actor.require(Role.SCHULDHULPVERLENER, Role.BEHEERDER, Role.INTAKE)
    errors = Errors()
    if data.iban is not None and not is_valid_iban(data.iban):
        errors.add("iban", "IBAN is ongeldig (controlegetal klopt niet)")
    if session.scalars(select(Creditor.id).where(Creditor.name == data.name)).first():
        errors.add("name", "er bestaat al een schuldeiser met deze naam")
    errors.raise_if_any("de schuldeiser is niet opgeslagen")
    fields = data.model_dump()
    fields["iban"] = normalise_iban(data.iban) if data.iban else None
    creditor = Creditor(tenant_id=actor.tenant_id, **fields)
    session.add(creditor)
    session.flush()
    _audit_creditor(session, actor, "casefile.creditor_created", creditor, after=fields)
    return creditor


def update_creditor(
    session: Session, actor: Actor, creditor_id: uuid.UUID, data: CreditorIn
) -> Creditor:
    actor.require(Role.SCHULDHULPVERLENER, Role.BEHEERDER)
    creditor = get_creditor(session, creditor_id)
    errors = Errors()
    if data.iban is not None and not is_valid_iban(data.iban):
        errors.add("iban", "IBAN is ongeldig (controlegetal klopt niet)")
    errors.raise_if_any("de schuldeiser is niet gewijzigd")
    before = {"name": creditor.name, "iban": creditor.iban, "preferent": creditor.preferent}
    fields = data.model_dump()
    fields["iban"] = normalise_iban(data.iban) if data.iban else None
    for name, value in fields.items():
        setattr(creditor, name, value)
    _audit_creditor(session, actor, "casefile.creditor_updated", creditor, before, fields)
    return creditor


def get_creditor(session: Session, creditor_id: uuid.UUID | str) -> Creditor:
    try:
        key = creditor_id if isinstance(creditor_id, uuid.UUID) else uuid.UUID(str(creditor_id))
    except ValueError:
        raise NotFound(f"no creditor {creditor_id}") from None
    found = session.scalars(select(Creditor).where(Creditor.id == key)).first()
    if found is None:
        raise NotFound(f"no creditor {creditor_id}")
    return found


def list_creditors(session: Session, *, limit: int = 100, offset: int = 0) -> list[Creditor]:
    return list(
        session.scalars(select(Creditor).order_by(Creditor.name).limit(limit).offset(offset))
    )


def case_creditors(session: Session, actor: Actor, case_id: uuid.UUID | str) -> list[Creditor]:
    """The creditors that have a debt in this case, by name."""
    actor.require(*READERS)
    cf = case_file(session, case_id)
    creditors = {c.id: c for _, c in case_claims(session, cf.case_id) if c is not None}
    return sorted(creditors.values(), key=lambda c: c.name)


def _audit_creditor(
    session: Session,
    actor: Actor,
    action: str,
    creditor: Creditor,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    record(session, actor, action, "creditor", creditor.id, before=before, after=after)
