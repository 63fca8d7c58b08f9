"""Cases: start one on a process, list them, read one and its history."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter
from pydantic import Field

from api.deps import ActorDep, SessionDep
from api.schemas import PROBLEM_RESPONSES, CamelModel, CaseIdPath, Limit, Offset, parse_id
from engine.cases import service as cases
from engine.identity.roles import CASE_WORKER_ROLES, Role
from engine.process import runtime

router = APIRouter(tags=["cases"], responses=PROBLEM_RESPONSES)
CASE_OPENERS = (*sorted(CASE_WORKER_ROLES), Role.BEHEERDER)


class StartCase(CamelModel):
    process_key: str = Field(min_length=1, max_length=100, description="BPMN process id")
    title: str = Field(default="", max_length=200)
    data: dict[str, Any] = Field(
        default_factory=dict, description="Routing data for the process (not the case file)"
    )


class CaseOut(CamelModel):
    id: uuid.UUID
    reference: str
    process_key: str
    title: str
    status: str
    phase: str
    result: str | None
    started_at: datetime
    closed_at: datetime | None


class CasePage(CamelModel):
    results: list[CaseOut]
    limit: int
    offset: int


class HistoryEntry(CamelModel):
    seq: int
    at: datetime
    actor_kind: str
    actor_name: str
    action: str
    object_type: str
    object_id: str
    based_on: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class History(CamelModel):
    results: list[HistoryEntry]


@router.post("/cases", status_code=201, summary="Start a case on a process")
def start_case(body: StartCase, session: SessionDep, actor: ActorDep) -> CaseOut:
    actor.require(*CASE_OPENERS)
    case = runtime.start_case(
        session, actor, process_key=body.process_key, data=body.data, title=body.title
    )
    return CaseOut.model_validate(case)


@router.get("/cases", summary="List cases, newest first")
def list_cases(
    session: SessionDep,
    actor: ActorDep,
    status: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> CasePage:
    found = cases.list_cases(session, status=status, limit=limit, offset=offset)
    return CasePage(results=[CaseOut.model_validate(c) for c in found], limit=limit, offset=offset)


@router.get("/cases/{caseId}", summary="One case")
def get_case(case_id: CaseIdPath, session: SessionDep, actor: ActorDep) -> CaseOut:
    return CaseOut.model_validate(cases.get_case(session, parse_id(case_id, "case")))


@router.get("/cases/{caseId}/history", summary="What happened on a case (audit trail)")
def case_history(case_id: CaseIdPath, session: SessionDep, actor: ActorDep) -> History:
    entries = cases.case_history(session, parse_id(case_id, "case"))
    return History(results=[HistoryEntry.model_validate(e) for e in entries])
