"""Helpers shared by the case file services: loading a case file, roles, checks, audit."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from casefiles.held_case_file import case_file_of
from casefiles.models import CaseFile
from engine import clock
from engine.audit import record
from engine.errors import FieldError, NotFound, ValidationFailed
from engine.identity.actor import Actor
from engine.identity.roles import Role

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

READERS = (
    Role.INTAKE,
    Role.SCHULDHULPVERLENER,
    Role.BUDGETBEHEERDER,
    Role.TEAMLEIDER,
)
WRITERS = (Role.INTAKE, Role.SCHULDHULPVERLENER, Role.BUDGETBEHEERDER)
NEGOTIATORS = (Role.SCHULDHULPVERLENER, Role.TEAMLEIDER)


def today() -> date:
    """Today in Amsterdam (legal terms count local days)."""
    return clock.now().astimezone(AMSTERDAM).date()


def case_file(session: Session, case_id: uuid.UUID | str) -> CaseFile:
    try:
        key = case_id if isinstance(case_id, uuid.UUID) else uuid.UUID(str(case_id))
    except ValueError:
        raise NotFound(f"no case file {case_id}") from None
    found = _loaded(session, key) or case_file_of(session, key)
    tenant_id = session.info.get("tenant_id")
    if found is None or (tenant_id is not None and found.tenant_id != tenant_id):
        raise NotFound(f"no case file {case_id}")
    return found


def _loaded(session: Session, case_id: uuid.UUID) -> CaseFile | None:
    """The case file if the session has it already (the case page reads it with its case);
    else the first read brings its open terms along (``case_file_of``)."""
    found = session.identity_map.get(identity_key(CaseFile, case_id))
    return found if isinstance(found, CaseFile) else None


class Errors:
    """Collects field errors so a request reports all of them at once."""

    def __init__(self) -> None:
        self.items: list[FieldError] = []

    def add(self, field: str, message: str) -> None:
        self.items.append(FieldError(field, message))

    def non_negative(self, field: str, amount: Decimal | None) -> None:
        if amount is not None and amount < 0:
            self.add(field, "bedrag mag niet negatief zijn")

    def raise_if_any(self, message: str) -> None:
        if self.items:
            raise ValidationFailed(message, list(self.items))


def audit(
    session: Session,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: object,
    case_id: uuid.UUID,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    record(
        session,
        actor,
        action,
        object_type,
        object_id,
        case_id=case_id,
        before=before,
        after=after,
    )
