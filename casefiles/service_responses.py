"""A creditor's answer as it arrives from outside: over the REST resource or as the
correlated message ``reactie_schuldeiser``. Both paths come through here, so an answer
always lands in the case file and, when it was the last one outstanding, moves the process.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from casefiles.handlers import notify_if_all_answered
from casefiles.models import Debt
from casefiles.schemas import CreditorResponseIn
from casefiles.service_debts import record_creditor_response
from engine.identity.actor import Actor

CREDITOR_RESPONSE_MESSAGE = "reactie_schuldeiser"


def receive_creditor_response(
    session: Session, actor: Actor, case_id: uuid.UUID, response: CreditorResponseIn
) -> list[Debt]:
    """Record the answer; tell the waiting process once every creditor has answered."""
    debts = record_creditor_response(session, actor, case_id, response)
    notify_if_all_answered(session, actor, case_id)
    return debts
