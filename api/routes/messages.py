"""Messages from other systems, delivered to the cases waiting for them."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from pydantic import Field

from api.deps import ActorDep, SessionDep
from api.schemas import PROBLEM_RESPONSES, CamelModel
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
    case_ids = runtime.correlate_message(
        session, actor, name=body.name, correlation=body.correlation, payload=body.payload
    )
    return Delivered(case_ids=case_ids)
