"""The rule every change to a case file passes first: the actor holds a role that may make
it, and the case is still open. A closed case is read-only: its result and archive dates
were fixed when it closed, so a later change would go unnoticed by both."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from casefiles.models import CaseFile
from casefiles.service_common import WRITERS, case_file
from engine.cases.models import Case
from engine.errors import Conflict
from engine.identity.actor import Actor
from engine.identity.roles import Role

CASE_CLOSED = "Deze zaak is afgesloten; gegevens kunnen niet meer worden gewijzigd."


def editable_case_file(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID | str,
    roles: tuple[Role, ...] = WRITERS,
) -> CaseFile:
    """The case file to change: PermissionDenied without one of ``roles``, NotFound for no
    case file (of this tenant), Conflict when the case is closed."""
    actor.require(*roles)
    cf = case_file(session, case_id)
    case = session.get(Case, cf.case_id)  # usually in the identity map already
    if case is not None and case.status == "closed":
        raise Conflict(CASE_CLOSED)
    return cf
