"""Public operations on running processes: start, complete, claim, message, timers, incidents."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, NoReturn

import jsonschema
from SpiffWorkflow.bpmn import BpmnEvent
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, defer, sessionmaker

from engine import clock
from engine.audit import record
from engine.cases.models import Case
from engine.cases.service import get_case, open_case
from engine.db import new_id, transaction, uuid_parameter
from engine.errors import (
    AlreadyCompleted,
    Conflict,
    FieldError,
    NoMatchingCase,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from engine.identity.actor import Actor, system_actor
from engine.process.locking import (
    lock_instance,
    lock_instances_waiting_for,
    lock_open_task,
    try_lock_instance,
)
from engine.process.models import (
    CompletedTask,
    Incident,
    PendingTimer,
    ProcessInstance,
    WorkItem,
)
from engine.process.registry import forms_of, latest_definition
from engine.process.specs import SERIALIZER_VERSION, specs_for
from engine.process.state import checkout
from engine.process.stepping import (
    advance,
    correlation_key,
    open_tasks,
    waiting_of,
)


@dataclass(frozen=True)
class TaskView:
    item: WorkItem
    form: dict[str, Any] | None


def start_process(
    session: Session, actor: Actor, case: Case, *, data: dict[str, Any] | None = None
) -> ProcessInstance:
    definition = latest_definition(session, case.process_key)
    spec, subprocess_specs = specs_for(definition.id, lambda: definition.spec)

    def new_workflow() -> BpmnWorkflow:
        wf = BpmnWorkflow(spec, subprocess_specs)
        wf.data.update(data or {})
        wf.data["case_id"] = str(case.id)
        for task in wf.get_tasks(state=TaskState.READY):
            task.data.update(wf.data)
        return wf

    instance = ProcessInstance(
        id=new_id(),
        tenant_id=case.tenant_id,
        case_id=case.id,
        definition_id=definition.id,
        serializer_version=SERIALIZER_VERSION,
        state=b"",
    )  # inserted whole, with its first state, when the first step saves it
    record(
        session,
        actor,
        "process.started",
        "process_instance",
        instance.id,
        case_id=case.id,
        after={"process": definition.key, "version": definition.version},
    )
    advance(session, actor, instance, lambda _wf: None, new_workflow)
    return instance


def start_case(
    session: Session,
    actor: Actor,
    *,
    process_key: str,
    data: dict[str, Any] | None = None,
    title: str = "",
) -> Case:
    latest_definition(session, process_key)  # unknown process: NotFound before anything is written
    case = open_case(session, actor, process_key=process_key, title=title)
    start_process(session, actor, case, data=data)
    return case


def get_task(session: Session, task_id: uuid.UUID) -> TaskView:
    item = session.get(WorkItem, task_id)
    if item is None:
        raise NotFound(f"no open task {task_id}")
    return TaskView(item, _form_of(session, item))


def _form_of(session: Session, item: WorkItem) -> dict[str, Any] | None:
    definition_id = session.scalar(
        select(ProcessInstance.definition_id).where(ProcessInstance.id == item.instance_id)
    )
    assert definition_id is not None
    return forms_of(session, definition_id).get(item.task_key)


def list_tasks(
    session: Session,
    *,
    roles: set[str] | frozenset[str] | None = None,
    case_id: uuid.UUID | None = None,
    assignee_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[WorkItem]:
    query = _task_query(roles is not None, case_id is not None, assignee_id is not None)
    given: dict[str, Any] = {"limit": limit, "offset": offset}
    if roles is not None:
        given["roles"] = sorted(roles)
    if case_id is not None:
        given["case_id"] = case_id
    if assignee_id is not None:
        given["assignee_id"] = assignee_id
    return list(session.scalars(query, given))


@cache  # built once per kind of filter: see casefiles.held_case_file
def _task_query(by_roles: bool, by_case: bool, by_assignee: bool) -> Select[WorkItem]:
    query = (
        select(WorkItem)
        .order_by(WorkItem.due_at.is_(None), WorkItem.due_at, WorkItem.created_at)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )
    if by_roles:
        query = query.where(WorkItem.role.in_(bindparam("roles", expanding=True)))
    if by_case:
        query = query.where(WorkItem.case_id == uuid_parameter("case_id"))
    if by_assignee:
        query = query.where(WorkItem.assignee_id == bindparam("assignee_id"))
    return query


def claim_task(session: Session, actor: Actor, task_id: uuid.UUID) -> WorkItem:
    item = _open_item(session, task_id)
    _require_lane(actor, item)
    if item.assignee_id not in (None, actor.id):
        raise Conflict("this task is already claimed by someone else")
    item.assignee_id = actor.id
    record(session, actor, "task.claimed", "task", item.id, case_id=item.case_id)
    return item


def unclaim_task(session: Session, actor: Actor, task_id: uuid.UUID) -> WorkItem:
    item = _open_item(session, task_id)
    _require_lane(actor, item)
    item.assignee_id = None
    record(session, actor, "task.unclaimed", "task", item.id, case_id=item.case_id)
    return item


def complete_task(
    session: Session, actor: Actor, task_id: uuid.UUID, data: dict[str, Any]
) -> uuid.UUID:
    """Complete an open task with its form data; returns the case id. What to show next is
    the caller's to ask (``list_tasks``): most callers redirect and need not pay for it."""
    locked = lock_open_task(session, task_id)
    if locked is None:
        _not_open(session, task_id)
    instance, item = locked
    _require_lane(actor, item)
    form = forms_of(session, instance.definition_id).get(item.task_key)
    if form is not None:
        validate_form(form, data)

    def complete(wf: BpmnWorkflow) -> None:
        task = wf.get_task_from_id(task_id)
        if task is None or task.state != TaskState.READY:
            raise AlreadyCompleted(f"task {task_id} is not open anymore")
        task.data.update(data)
        task.run()

    completed_row = dict(
        id=task_id,
        tenant_id=item.tenant_id,
        case_id=item.case_id,
        task_key=item.task_key,
        name=item.name,
        completed_by=actor.label,
        completed_at=clock.now(),
    )
    advance(session, actor, instance, complete, completed=completed_row)
    record(
        session,
        actor,
        "task.completed",
        "task",
        task_id,
        case_id=item.case_id,
        based_on=f"task:{item.task_key}",
        after=data,
    )
    return item.case_id


def validate_form(schema: dict[str, Any], data: dict[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        fields = [
            FieldError("/".join(str(p) for p in e.absolute_path) or _missing(e), e.message)
            for e in errors
        ]
        raise ValidationFailed(f"{len(fields)} field(s) are invalid", fields)


def _missing(error: jsonschema.ValidationError) -> str:
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [r for r in list(error.validator_value) if r not in error.instance]  # type: ignore[arg-type]
        if missing:
            return str(missing[0])
    return "form"


def correlate_message(
    session: Session,
    actor: Actor,
    *,
    name: str,
    correlation: dict[str, Any],
    payload: dict[str, Any],
) -> list[uuid.UUID]:
    """Deliver a message to exactly the instances waiting for it with these values."""
    instances = lock_instances_waiting_for(session, name, correlation_key(correlation))
    if not instances:
        raise NoMatchingCase(f"no case is waiting for message {name!r} with {correlation}")
    delivered = []
    for instance in instances:
        advance(session, actor, instance, _deliver(name, {**correlation, **payload}))
        record(
            session,
            actor,
            "message.received",
            "process_instance",
            instance.id,
            case_id=instance.case_id,
            after={"message": name, "payload": payload},
        )
        delivered.append(instance.case_id)
    return delivered


def _deliver(name: str, payload: dict[str, Any]) -> Any:
    def send(wf: BpmnWorkflow) -> None:
        waiting = [t for t in open_tasks(wf) if t.state == TaskState.WAITING]  # no tree walk
        for task in waiting:
            definition = getattr(task.task_spec, "event_definition", None)
            if isinstance(definition, MessageEventDefinition) and definition.name == name:
                correlations = definition.calculate_correlations(
                    wf.script_engine, definition.correlation_properties, payload
                )
                wf.send_event(BpmnEvent(definition, payload, correlations))
                return
        raise NoMatchingCase(f"no case is waiting for message {name!r}")

    return send


_DUE_INSTANCES = (  # built once: see casefiles.held_case_file
    select(PendingTimer.instance_id, PendingTimer.tenant_id)
    .where(PendingTimer.due_at <= bindparam("moment"))
    .distinct()
)


def run_due_timers(factory: sessionmaker[Session], *, now: datetime | None = None) -> int:
    """Fire every due timer, one transaction per instance; returns how many instances moved."""
    moment = now or clock.now()
    with transaction(factory) as session:
        due = session.execute(_DUE_INSTANCES, {"moment": moment}).all()
    fired = 0
    for instance_id, tenant_id in due:
        with transaction(factory, tenant_id) as session:
            # several schedulers may run (one per `akkoord serve`): skip what another holds
            instance = try_lock_instance(session, instance_id)
            if instance is None or instance.status != "running":
                continue
            advance(
                session, system_actor(tenant_id, "timers"), instance, lambda wf: wf.refresh_timers()
            )
            fired += 1
    return fired


def retry_incident(session: Session, actor: Actor, incident_id: uuid.UUID) -> Incident:
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFound(f"no incident {incident_id}")
    if incident.status != "open":
        raise Conflict("this incident is already resolved")
    instance = lock_instance(session, incident.instance_id)
    incident.status, incident.resolved_at = "resolved", clock.now()
    record(session, actor, "incident.retried", "incident", incident.id, case_id=incident.case_id)
    advance(session, actor, instance, lambda _wf: None)
    return incident


def open_incidents(session: Session, case_id: uuid.UUID | None = None) -> list[Incident]:
    query = select(Incident).where(Incident.status == "open").order_by(Incident.created_at)
    if case_id is not None:
        query = query.where(Incident.case_id == case_id)
    return list(session.scalars(query))


def workflow_data(session: Session, case_id: uuid.UUID) -> dict[str, Any]:
    wf = checkout(session, _instance_of(session, case_id))
    return dict(wf.data) | dict(wf.last_task.data if wf.last_task else {})


def active_elements(session: Session, case_id: uuid.UUID) -> list[str]:
    """BPMN ids of the open elements, as saved with the last step (no workflow is rebuilt)."""
    instance = _instance_of(session, case_id)
    active = instance.active_elements
    if active is None:  # saved before engine_0003 and not stepped since
        active = waiting_of(checkout(session, instance), case_id).active
    return sorted({bpmn_id for ids in active.values() for bpmn_id in ids})


def _instance_of(session: Session, case_id: uuid.UUID) -> ProcessInstance:
    get_case(session, case_id)
    instance = session.scalars(
        select(ProcessInstance)
        .where(ProcessInstance.case_id == case_id)
        .order_by(ProcessInstance.created_at.desc())
        .options(defer(ProcessInstance.state))  # loaded only when the cache misses
    ).first()
    if instance is None:
        raise NotFound("this case has no process")
    return instance


def _open_item(session: Session, task_id: uuid.UUID) -> WorkItem:
    item = session.scalars(select(WorkItem).where(WorkItem.id == task_id)).first()
    if item is None:
        _not_open(session, task_id)
    return item


def _not_open(session: Session, task_id: uuid.UUID) -> NoReturn:
    if session.get(CompletedTask, task_id) is not None:
        raise AlreadyCompleted(f"task {task_id} was already completed")
    raise NotFound(f"no open task {task_id}")


def _require_lane(actor: Actor, item: WorkItem) -> None:
    if not actor.has_role(item.role):
        raise PermissionDenied(f"task {item.name!r} needs the role {item.role}")
