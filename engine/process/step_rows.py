"""The rows a step writes beside the case file: its instance's state, the work items, timers
and messages it waits for, the task it completed.

``rows_of_step`` works out what changed from what the instance waited for before the step
to what it waits for after; only that is written. On PostgreSQL the state and those rows go
in one statement (``save_with_rows``): each change a data-modifying part of it, each applied
only if the instance was still at the version the step read. Elsewhere (SQLite, and a new
instance, which the ORM inserts) each change is a prebuilt statement of its own
(``write_rows``). Both take the same ``StepRows``.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task
from sqlalchemy import (
    Connection,
    Table,
    TextClause,
    bindparam,
    delete,
    insert,
    text,
    tuple_,
    update,
)

from engine import clock
from engine.db import json_rows
from engine.process.models import (
    CompletedTask,
    PendingMessage,
    PendingTimer,
    ProcessInstance,
    WorkItem,
)
from engine.process.state import Waiting

DUE_DATE_PROPERTY = "dueDateVariable"
FORM_PROPERTY = "formJsonSchemaFilename"

_WORK_ITEMS: Table = WorkItem.__table__  # type: ignore[assignment]
_TIMERS: Table = PendingTimer.__table__  # type: ignore[assignment]
_MESSAGES: Table = PendingMessage.__table__  # type: ignore[assignment]
_COMPLETED: Table = CompletedTask.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class StepRows:
    """What a step adds, moves and removes besides its instance's state."""

    items_gone: list[uuid.UUID] = field(default_factory=list)
    items_new: list[dict[str, Any]] = field(default_factory=list)
    timers_moved: list[dict[str, Any]] = field(default_factory=list)  # its only timer, moved
    timers_gone: list[tuple[str, datetime]] = field(default_factory=list)
    timers_new: list[dict[str, Any]] = field(default_factory=list)
    messages_gone: list[tuple[str, str]] = field(default_factory=list)
    messages_new: list[dict[str, Any]] = field(default_factory=list)
    completed: list[dict[str, Any]] = field(default_factory=list)  # the task it completed


def rows_of_step(
    instance: ProcessInstance,
    before: Waiting,
    after: Waiting,
    wf: BpmnWorkflow,
    completed: dict[str, Any] | None = None,
) -> StepRows:
    """Only what went is removed and only what came is added, so a step that merely starts
    or stops waiting for something writes one row."""
    owner = dict(tenant_id=instance.tenant_id, instance_id=instance.id, case_id=instance.case_id)
    timers_gone, timers_new = (
        sorted(before.timers - after.timers),
        sorted(after.timers - before.timers),
    )
    timers_moved = []
    if len(before.timers) == len(after.timers) == 1 and timers_gone and timers_new:
        [(gone_name, _)], [(name, due)] = timers_gone, timers_new
        if gone_name == name:  # a loop's next round: one UPDATE, not a DELETE and an INSERT
            timers_moved, timers_gone, timers_new = [{"name": name, "due": due}], [], []
    return StepRows(
        items_gone=sorted(before.ready - after.ready),
        items_new=[
            _work_item_row(instance, wf.get_task_from_id(t))
            for t in sorted(after.ready - before.ready)
        ],
        timers_moved=timers_moved,
        timers_gone=timers_gone,
        timers_new=[{**owner, "event_name": name, "due_at": due} for name, due in timers_new],
        messages_gone=sorted(before.messages - after.messages),
        messages_new=[
            {**owner, "message_name": name, "correlation": json.loads(key), "correlation_key": key}
            for name, key in sorted(after.messages - before.messages)
        ],
        completed=[completed] if completed else [],
    )


def _work_item_row(instance: ProcessInstance, task: Task | None) -> dict[str, Any]:
    assert task is not None
    spec = task.task_spec
    properties = (getattr(spec, "extensions", None) or {}).get("properties", {})
    due_at = None
    due_var = properties.get(DUE_DATE_PROPERTY)
    if due_var and task.data.get(due_var):
        due_at = _as_utc(datetime.fromisoformat(str(task.data[due_var])))
    return dict(
        id=task.id,
        tenant_id=instance.tenant_id,
        case_id=instance.case_id,
        instance_id=instance.id,
        task_key=spec.bpmn_id,
        name=spec.bpmn_name or spec.bpmn_id,
        role=spec.lane or "",
        form_key=properties.get(FORM_PROPERTY),
        due_at=due_at,
        assignee_id=None,
        created_at=clock.now(),
    )


def _as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=clock.UTC)
    return moment.astimezone(clock.UTC)


# --- one statement per change (SQLite; a new instance) -----------------------------------

_ITEMS_GONE = delete(_WORK_ITEMS).where(_WORK_ITEMS.c.id.in_(bindparam("gone", expanding=True)))
_TIMERS_GONE = delete(_TIMERS).where(
    _TIMERS.c.instance_id == bindparam("instance"),
    tuple_(_TIMERS.c.event_name, _TIMERS.c.due_at).in_(bindparam("gone", expanding=True)),
)
_MESSAGES_GONE = delete(_MESSAGES).where(
    _MESSAGES.c.instance_id == bindparam("instance"),
    tuple_(_MESSAGES.c.message_name, _MESSAGES.c.correlation_key).in_(
        bindparam("gone", expanding=True)
    ),
)
_TIMER_MOVES = (
    update(_TIMERS)
    .where(
        _TIMERS.c.instance_id == bindparam("instance"), _TIMERS.c.event_name == bindparam("name")
    )
    .values(due_at=bindparam("due"))
)
_INSTANCES: Table = ProcessInstance.__table__  # type: ignore[assignment]
_SAVE_STORED = (
    update(_INSTANCES)
    .where(_INSTANCES.c.id == bindparam("instance"), _INSTANCES.c.version == bindparam("read_at"))
    .values(version=bindparam("read_at") + 1)
)
# inline: the new rows' serial ids are never read, so no RETURNING is asked for them
_NEW = {
    name: insert(table).inline()
    for name, table in (
        ("items_new", _WORK_ITEMS),
        ("timers_new", _TIMERS),
        ("messages_new", _MESSAGES),
        ("completed", _COMPLETED),
    )
}


def write_rows(connection: Connection, instance: ProcessInstance, rows: StepRows) -> None:
    """Each change in a prebuilt statement of its own, on the step's connection."""
    if rows.items_gone:
        connection.execute(_ITEMS_GONE, {"gone": rows.items_gone})
    for moved in rows.timers_moved:
        connection.execute(_TIMER_MOVES, {"instance": instance.id, **moved})
    if rows.timers_gone:
        connection.execute(_TIMERS_GONE, {"instance": instance.id, "gone": rows.timers_gone})
    if rows.messages_gone:
        connection.execute(_MESSAGES_GONE, {"instance": instance.id, "gone": rows.messages_gone})
    for name, statement in _NEW.items():
        new = getattr(rows, name)
        if new:
            connection.execute(statement, new)


# --- one statement for the state and every change (PostgreSQL) -----------------------------

_SAVED = "EXISTS (SELECT FROM saved)"


def _rows_of(table: Table, parameter: str) -> str:
    return f"json_populate_recordset(NULL::{table.name}, CAST(:{parameter} AS json))"


def _inserted(table: Table, parameter: str, skip: tuple[str, ...] = ()) -> str:
    columns = ", ".join(c.name for c in table.columns if c.name not in skip)
    return (
        f"INSERT INTO {table.name} ({columns}) SELECT {columns}"
        f" FROM {_rows_of(table, parameter)} WHERE {_SAVED}"
    )


# each change as a data-modifying part, named (with its JSON parameter) after its StepRows field
_PARTS = {
    "items_gone": (
        f"DELETE FROM work_items WHERE id = ANY(CAST(:items_gone AS uuid[])) AND {_SAVED}"
    ),
    "timers_moved": (
        "UPDATE pending_timers SET due_at = due"
        " FROM json_to_recordset(CAST(:timers_moved AS json)) AS moved(name text, due timestamptz)"
        f" WHERE instance_id = :instance AND event_name = moved.name AND {_SAVED}"
    ),
    "timers_gone": (
        "DELETE FROM pending_timers WHERE instance_id = :instance AND (event_name, due_at) IN"
        f" (SELECT event_name, due_at FROM {_rows_of(_TIMERS, 'timers_gone')}) AND {_SAVED}"
    ),
    "messages_gone": (
        "DELETE FROM pending_messages WHERE instance_id = :instance AND"
        " (message_name, correlation_key) IN (SELECT message_name, correlation_key"
        f" FROM {_rows_of(_MESSAGES, 'messages_gone')}) AND {_SAVED}"
    ),
    "items_new": _inserted(_WORK_ITEMS, "items_new"),
    "timers_new": _inserted(_TIMERS, "timers_new", skip=("id",)),  # serial ids
    "messages_new": _inserted(_MESSAGES, "messages_new", skip=("id",)),
    "completed": _inserted(_COMPLETED, "completed"),
}
_GONE_KEYS = {
    "timers_gone": ("event_name", "due_at"),
    "messages_gone": ("message_name", "correlation_key"),
}


def _save_statement() -> TextClause:
    """The instance's UPDATE (version-checked) with every kind of change as a data-modifying
    part, those without rows doing nothing: one text for every step, which the server
    prepares once (a text per combination of changes was planned anew at ~0.5 ms). It
    returns 1 when the instance was saved, 0 (and nothing changed) when it had moved on."""
    ctes = [
        "saved AS (UPDATE process_instances SET state = :state,"
        " active_elements = CAST(:active_elements AS json), status = :status,"
        " updated_at = :updated_at, version = :read_at + 1"
        " WHERE id = :instance AND version = :read_at RETURNING id)"
    ]
    ctes += [f"{name} AS ({part})" for name, part in _PARTS.items()]
    return text(f"WITH {', '.join(ctes)} SELECT count(*) FROM saved")


_SAVE = _save_statement()


def save_with_rows(
    connection: Connection,
    instance: ProcessInstance,
    values: dict[str, Any],
    read_at: int,
    rows: StepRows,
) -> bool:
    """Save the state at version ``read_at`` + 1 with every change of ``rows``: in one
    statement on PostgreSQL, one per change elsewhere. False (and nothing written) when the
    stored instance is not at ``read_at``."""
    if connection.dialect.name != "postgresql":
        stored = dict(values, instance=instance.id, read_at=read_at)
        if connection.execute(_SAVE_STORED, stored).rowcount != 1:
            return False
        write_rows(connection, instance, rows)
        return True
    parameters: dict[str, Any] = {
        "instance": instance.id,
        "read_at": read_at,
        "state": values["state"],
        "active_elements": json.dumps(values["active_elements"]),
        "status": values["status"],
        "updated_at": values["updated_at"],
        "items_gone": rows.items_gone,
    }
    for name in _PARTS.keys() - {"items_gone"}:
        value = getattr(rows, name)
        if name in _GONE_KEYS:
            value = [dict(zip(_GONE_KEYS[name], key, strict=True)) for key in value]
        parameters[name] = json_rows(value)
    return bool(connection.execute(_SAVE, parameters).scalar_one())
