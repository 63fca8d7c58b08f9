"""Work queue: list open user tasks, read one with its form, claim, unclaim and complete."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import Field

from api.deps import ActorDep, SessionDep
from api.schemas import PROBLEM_RESPONSES, CamelModel, Limit, Offset, TaskIdPath, parse_id
from engine.identity.roles import Role
from engine.process import runtime
from engine.process.models import WorkItem

router = APIRouter(tags=["tasks"], responses=PROBLEM_RESPONSES)


class TaskOut(CamelModel):
    id: uuid.UUID
    case_id: uuid.UUID
    task_key: str
    name: str
    role: str
    form_key: str | None
    due_at: datetime | None
    assignee_id: str | None
    created_at: datetime


class TaskDetail(TaskOut):
    form: dict[str, Any] | None = Field(description="JSON Schema of the task form")


class TaskPage(CamelModel):
    results: list[TaskOut]
    limit: int
    offset: int


class CompleteTask(CamelModel):
    data: dict[str, Any] = Field(default_factory=dict, description="The filled-in form")


class Completion(CamelModel):
    case_id: uuid.UUID
    next_tasks: list[TaskOut]


@router.get("/tasks", summary="Open user tasks")
def list_tasks(
    session: SessionDep,
    actor: ActorDep,
    role: Role | None = None,
    case_id: Annotated[str | None, Query(alias="caseId")] = None,
    assigned_to_me: Annotated[bool, Query(alias="assignedToMe")] = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> TaskPage:
    items = runtime.list_tasks(
        session,
        roles={role.value} if role else None,
        case_id=parse_id(case_id, "case") if case_id else None,
        assignee_id=actor.id if assigned_to_me else None,
        limit=limit,
        offset=offset,
    )
    return TaskPage(results=[_task(i) for i in items], limit=limit, offset=offset)


@router.get("/tasks/{taskId}", summary="One open task with its form schema")
def get_task(task_id: TaskIdPath, session: SessionDep, actor: ActorDep) -> TaskDetail:
    view = runtime.get_task(session, parse_id(task_id, "open task"))
    return TaskDetail.model_validate({**_task(view.item).model_dump(), "form": view.form})


@router.post("/tasks/{taskId}/complete", summary="Complete a task with its form data")
def complete_task(
    task_id: TaskIdPath, body: CompleteTask, session: SessionDep, actor: ActorDep
) -> Completion:
    case_id = runtime.complete_task(session, actor, parse_id(task_id, "open task"), body.data)
    next_tasks = runtime.list_tasks(session, case_id=case_id)
    return Completion(case_id=case_id, next_tasks=[_task(i) for i in next_tasks])


@router.post("/tasks/{taskId}/claim", summary="Take a task on yourself")
def claim_task(task_id: TaskIdPath, session: SessionDep, actor: ActorDep) -> TaskOut:
    return _task(runtime.claim_task(session, actor, parse_id(task_id, "open task")))


@router.post("/tasks/{taskId}/unclaim", summary="Give a task back to the queue")
def unclaim_task(task_id: TaskIdPath, session: SessionDep, actor: ActorDep) -> TaskOut:
    return _task(runtime.unclaim_task(session, actor, parse_id(task_id, "open task")))


def _task(item: WorkItem) -> TaskOut:
    return TaskOut.model_validate(item)
