"""Messages from other systems, delivered to the cases waiting for them. A creditor's
answer (``reactie_schuldeiser``) goes into the case file first, exactly as over
``POST /cases/{id}/creditor-responses``; the process hears of it when every creditor
has answered."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from pydantic import Field, ValidationError
from sqlalchemy.orm import Session

from api.deps import ActorDep, SessionDep
from api.schemas import PROBLEM_RESPONSES, CamelModel, parse_id
from casefiles.schemas import CreditorResponseIn
from casefiles.service_responses import CREDITOR_RESPONSE_MESSAGE, receive_creditor_response
from engine.errors import FieldError, ValidationFailed
from engine.identity.actor import Actor
from engine.process import runtime

router = APIRouter(tags=["messages"], responses=PROBLEM_RESPONSES)


class MessageIn(CamelModel):
    name: str = Field(min_length=1, max_length=200, description="BPMN message name")
    correlation: dict[str, Any] = Field(
        min_length=1, description='Correlation values, e.g. {"case_id": "..."}'
    )
    payload: dict[str, Any] = Field(default_factory=dict)


class Delivered(CamelModel):
    case_ids: list[uuid.UUID]


@router.post("/messages", summary="Deliver a message to the cases waiting for it")
def post_message(body: MessageIn, session: SessionDep, actor: ActorDep) -> Delivered:
    if body.name == CREDITOR_RESPONSE_MESSAGE:
        return Delivered(case_ids=[creditor_response(session, actor, body)])
    case_ids = runtime.correlate_message(
        session, actor, name=body.name, correlation=body.correlation, payload=body.payload
    )
    return Delivered(case_ids=case_ids)


def creditor_response(session: Session, actor: Actor, message: MessageIn) -> uuid.UUID:
    """The case named by the correlation gets the answer in the payload."""
    case_id = parse_id(str(message.correlation.get("case_id", "")), "case")
    try:
        response = CreditorResponseIn.model_validate(message.payload)
    except ValidationError as error:
        raise ValidationFailed(
            "the creditor's answer in the payload is invalid",
            [_field_error(item) for item in error.errors()],
        ) from None
    receive_creditor_response(session, actor, case_id, response)
    return case_id


def _field_error(item: Any) -> FieldError:
    where = ".".join(str(part) for part in item["loc"])
    return FieldError(f"payload.{where}" if where else "payload", str(item["msg"]))
