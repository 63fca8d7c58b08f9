"""The voorlegger checklist, contact moments and the auditor's view of the verwerkingenlog."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefiles.models import CHECKLIST_STATUSES, VOORLEGGER_ITEMS, ChecklistItem, ContactMoment
from casefiles.schemas import ContactMomentIn
from casefiles.service_common import READERS, WRITERS, Errors, audit, case_file
from engine import clock
from engine.audit.processing_log import (
    ProcessingLogEntry,
    processing_log_for_case,
    processing_log_for_person,
)
from engine.errors import NotFound
from engine.identity.actor import Actor
from engine.identity.roles import Role

# --- checklist and contact moments ----------------------------------------------------


def checklist(session: Session, actor: Actor, case_id: uuid.UUID | str) -> list[ChecklistItem]:
    actor.require(*READERS)
    cf = case_file(session, case_id)
    return list(
        session.scalars(
            select(ChecklistItem)
            .where(ChecklistItem.case_id == cf.case_id)
            .order_by(ChecklistItem.item)
        )
    )


def set_checklist_item(
    session: Session, actor: Actor, case_id: uuid.UUID | str, item: str, status: str
) -> ChecklistItem:
    """Mark one voorlegger document ``ontvangen``, ``niet_van_toepassing`` or ``open``."""
    actor.require(*WRITERS)
    errors = Errors()
    if item not in VOORLEGGER_ITEMS:
        errors.add("item", f"onbekend onderdeel van de voorlegger: {item}")
    if status not in CHECKLIST_STATUSES:
        errors.add("status", "kies open, ontvangen of niet_van_toepassing")
    errors.raise_if_any("de checklist is niet gewijzigd")
    cf = case_file(session, case_id)
    row = session.scalars(
        select(ChecklistItem).where(ChecklistItem.case_id == cf.case_id, ChecklistItem.item == item)
    ).first()
    if row is None:
        row = ChecklistItem(tenant_id=cf.tenant_id, case_id=cf.case_id, item=item)
        session.add(row)
    before = row.status
    row.status, row.updated_at = status, clock.now()
    session.flush()
    audit(
        session,
        actor,
        "casefile.checklist_item",
        "checklist_item",
        row.id,
        cf.case_id,
        before={"item": item, "status": before},
        after={"item": item, "status": status},
    )
    return row


def checklist_complete(session: Session, case_id: uuid.UUID | str) -> bool:
    """True when no voorlegger item is still open."""
    cf = case_file(session, case_id)
    return (
        session.scalars(
            select(ChecklistItem.id).where(
                ChecklistItem.case_id == cf.case_id, ChecklistItem.status == "open"
            )
        ).first()
        is None
    )


def record_contact_moment(
    session: Session, actor: Actor, case_id: uuid.UUID | str, data: ContactMomentIn
) -> ContactMoment:
    actor.require(*WRITERS)
    cf = case_file(session, case_id)
    moment = ContactMoment(
        tenant_id=cf.tenant_id,
        case_id=cf.case_id,
        at=data.at,
        kind=data.kind,
        reached=data.reached,
        note=data.note,
        by=actor.name,
    )
    session.add(moment)
    session.flush()
    audit(
        session,
        actor,
        "casefile.contact_moment",
        "contact_moment",
        moment.id,
        cf.case_id,
        after=data.model_dump(mode="json"),
    )
    return moment


def list_contact_moments(
    session: Session, actor: Actor, case_id: uuid.UUID | str
) -> list[ContactMoment]:
    actor.require(*READERS)
    cf = case_file(session, case_id)
    return list(
        session.scalars(
            select(ContactMoment)
            .where(ContactMoment.case_id == cf.case_id)
            .order_by(ContactMoment.at)
        )
    )


def processing_log_of_case(
    session: Session, actor: Actor, case_id: uuid.UUID | str, *, limit: int = 200, offset: int = 0
) -> list[ProcessingLogEntry]:
    """Auditors read the verwerkingenlog of one case."""
    actor.require(Role.AUDITOR)
    return processing_log_for_case(session, parse_case_id(case_id), limit=limit, offset=offset)


def processing_log_of_person(
    session: Session, actor: Actor, object_id: str, *, limit: int = 200, offset: int = 0
) -> list[ProcessingLogEntry]:
    """Auditors read the verwerkingenlog of one person (BSN or person id)."""
    actor.require(Role.AUDITOR)
    return processing_log_for_person(session, object_id.strip(), limit=limit, offset=offset)


def parse_case_id(case_id: uuid.UUID | str) -> uuid.UUID:
    try:
        return case_id if isinstance(case_id, uuid.UUID) else uuid.UUID(str(case_id))
    except ValueError:
        raise NotFound(f"no case {case_id}") from None
