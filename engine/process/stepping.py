"""Advance one process instance inside the caller's transaction and persist the result.

Every entry point (start, complete, message, timer, retry) goes through ``advance``, with
the instance locked (``engine.process.locking``): apply the change, run engine steps, save
with an optimistic version check, and bring the work-queue, timer and message tables up to
date.

A failing service task undoes only its own writes and leaves an incident with the instance
waiting at that task. The engine steps run in one savepoint; only when one fails is the step
done again from its start with a savepoint per service task, because a savepoint per task on
every step costs two statements and a flush each, and failures are rare.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from engine import clock
from engine.audit import record
from engine.cases.service import close_case, get_case
from engine.errors import StaleState
from engine.identity.actor import Actor
from engine.process import spiff_tuning  # noqa: F401  (installs the faster refresh)
from engine.process.models import (
    Incident,
    ProcessInstance,
)
from engine.process.scripting import CaseScriptEngine
from engine.process.state import (
    Saved,
    Waiting,
    checkin_after_commit,
    checkout_saved,
    checkout_stored,
    dump_state,
    forget,
)
from engine.process.step_rows import StepRows, rows_of_step, save_with_rows, write_rows


def advance(
    session: Session,
    actor: Actor,
    instance: ProcessInstance,
    change: Callable[[BpmnWorkflow], None],
    new_workflow: Callable[[], BpmnWorkflow] | None = None,
    completed: dict[str, Any] | None = None,
) -> BpmnWorkflow:
    """Apply ``change``, run engine steps, persist. The caller holds the instance lock.
    ``new_workflow`` builds the workflow of an instance that has not been saved yet;
    ``completed`` is the completed-task row of the task ``change`` completes."""
    if new_workflow is None:
        wf, known = checkout_saved(session, instance)
        before = known or waiting_of(wf, instance.case_id)
    else:
        wf, before = new_workflow(), Waiting(frozenset(), frozenset(), frozenset(), {})
    forget(instance.id)  # whatever happens now, the cached object is this transaction's
    _change(session, actor, instance, wf, change)
    if not _engine_steps_succeed(session, wf):
        # the savepoint undid every handler of the step: do it again, task by task
        wf = new_workflow() if new_workflow is not None else checkout_stored(session, instance)
        _change(session, actor, instance, wf, change)
        run_engine_steps_one_by_one(session, actor, instance, wf)
    after = waiting_of(wf, instance.case_id)
    save(session, instance, wf, after.active, rows_of_step(instance, before, after, wf, completed))
    if wf.completed:
        _finish(session, actor, instance, wf)
    checkin_after_commit(session, instance.id, Saved(instance.version, wf, after))
    return wf


def _change(
    session: Session,
    actor: Actor,
    instance: ProcessInstance,
    wf: BpmnWorkflow,
    change: Callable[[BpmnWorkflow], None],
) -> None:
    wf.script_engine = CaseScriptEngine(session, actor, instance.case_id)
    change(wf)


def _engine_steps_succeed(session: Session, wf: BpmnWorkflow) -> bool:
    """Run the engine steps in one savepoint; False (and nothing written) when one fails."""
    savepoint = session.begin_nested()
    try:
        wf.do_engine_steps()
    except Exception:  # the slow path below turns it into an incident
        savepoint.rollback()
        return False
    savepoint.commit()
    return True


def run_engine_steps_one_by_one(
    session: Session, actor: Actor, instance: ProcessInstance, wf: BpmnWorkflow
) -> Incident | None:
    """Each service task in a savepoint of its own: a failure becomes an incident at that
    task, and the handlers that ran before it keep what they wrote."""
    savepoints: dict[uuid.UUID, Any] = {}

    def before_task(task: Task) -> None:
        if type(task.task_spec).__name__ == "ServiceTask":
            savepoints[task.id] = session.begin_nested()

    def after_task(task: Task) -> None:
        savepoint = savepoints.pop(task.id, None)
        if savepoint is not None:
            savepoint.commit()

    try:
        wf.do_engine_steps(will_complete_task=before_task, did_complete_task=after_task)
        return None
    except Exception as exc:  # any failure in a step becomes a visible incident
        for savepoint in savepoints.values():
            savepoint.rollback()
        return _record_incident(session, actor, instance, wf, exc)


def _record_incident(
    session: Session, actor: Actor, instance: ProcessInstance, wf: BpmnWorkflow, exc: Exception
) -> Incident:
    failed = wf.get_tasks(state=TaskState.ERROR)
    task_key = failed[0].task_spec.bpmn_id if failed else "?"
    for task in failed:
        task._set_state(TaskState.READY)  # stays put: a retry runs it again
    message = _describe(exc)
    session.add(instance)
    session.flush()  # a new instance, which the incident points at, is inserted first
    incident = Incident(
        tenant_id=instance.tenant_id,
        case_id=instance.case_id,
        instance_id=instance.id,
        task_key=task_key or "?",
        message=message,
    )
    session.add(incident)
    session.flush()
    record(
        session,
        actor,
        "incident.opened",
        "incident",
        incident.id,
        case_id=instance.case_id,
        after={"task": task_key, "message": message},
    )
    return incident


def _describe(exc: BaseException) -> str:
    inner = exc
    while getattr(inner, "__cause__", None) is not None or getattr(inner, "error", None):
        nxt = inner.__cause__ or getattr(inner, "error", None)
        if not isinstance(nxt, BaseException) or nxt is inner:
            break
        inner = nxt
    return f"{type(inner).__name__}: {inner}"[:2000]


def save(
    session: Session,
    instance: ProcessInstance,
    wf: BpmnWorkflow,
    active: dict[str, list[str]],
    rows: StepRows = StepRows(),
) -> None:
    """Store the state with what is open in the diagram and the step's other rows; a stored
    instance only if it is still at the version it was read at (else StaleState)."""
    values = dict(
        state=dump_state(wf),
        active_elements=active,
        status="completed" if wf.completed else "running",
        updated_at=clock.now(),
    )
    if not inspect(instance).persistent:
        for name, value in values.items():
            setattr(instance, name, value)
        session.add(instance)  # a new instance is inserted with its first state
        session.flush()
        write_rows(session.connection(), instance, rows)
        return
    # plain statements on the connection: the ORM's flush of this one row cost more than
    # the UPDATE; the row object is told what is now stored, so nothing flushes it again
    read_at = instance.version
    if not save_with_rows(session.connection(), instance, values, read_at, rows):
        raise StaleState("the case was changed by someone else; reload and try again")
    for name, value in dict(values, version=read_at + 1).items():
        set_committed_value(instance, name, value)


def waiting_of(wf: BpmnWorkflow, case_id: uuid.UUID) -> Waiting:
    ready: set[uuid.UUID] = set()
    timers: set[tuple[str, datetime]] = set()
    messages: set[tuple[str, str]] = set()
    active: dict[str, set[str]] = {}
    for task in open_tasks(wf):
        if _shown_in_diagram(task):
            # keyed by the (sub)process spec: a called process has its own diagram
            active.setdefault(task.workflow.spec.name, set()).add(task.task_spec.bpmn_id)
        if task.state == TaskState.READY:
            if task.task_spec.manual:
                ready.add(task.id)
            continue
        if task.state != TaskState.WAITING:
            continue
        definition = getattr(task.task_spec, "event_definition", None)
        if isinstance(definition, TimerEventDefinition):
            due = definition.details(task).value
            if isinstance(due, str):
                timers.add((definition.name or task.task_spec.bpmn_id, datetime.fromisoformat(due)))
        elif isinstance(definition, MessageEventDefinition):
            messages.add(
                (definition.name, correlation_key(_correlation(task, definition, case_id)))
            )
    return Waiting(
        frozenset(ready),
        frozenset(timers),
        frozenset(messages),
        {process: sorted(ids) for process, ids in sorted(active.items())},
    )


_OPEN = TaskState.READY | TaskState.WAITING | TaskState.STARTED


def open_tasks(wf: BpmnWorkflow) -> list[Task]:
    """The open tasks of the workflow and its running (called) subprocesses. Taken from each
    workflow's task dict, not by walking the task tree, which keeps every finished loop
    iteration; what waits is a set, so the order does not matter."""
    running = [wf, *(sub for sub in wf.subprocesses.values() if not sub.completed)]
    return [task for each in running for task in each.tasks.values() if task.state & _OPEN]


def _shown_in_diagram(task: Task) -> bool:
    # a running call activity is not highlighted itself: the open tasks inside it are
    return bool(task.task_spec.bpmn_id) and type(task.task_spec).__name__ != "CallActivity"


def _correlation(
    task: Task, definition: MessageEventDefinition, case_id: uuid.UUID
) -> dict[str, str]:
    names = [p.name for p in definition.correlation_properties] or ["case_id"]
    return {n: str(task.data.get(n, case_id if n == "case_id" else "")) for n in names}


def correlation_key(correlation: dict[str, Any]) -> str:
    return json.dumps({k: str(v) for k, v in correlation.items()}, sort_keys=True)


def _finish(session: Session, actor: Actor, instance: ProcessInstance, wf: BpmnWorkflow) -> None:
    case = get_case(session, instance.case_id)
    if case.status != "closed":
        close_case(session, actor, case, result=str(wf.data.get("case_result", "afgehandeld")))
