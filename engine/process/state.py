"""Instance state: compact, spec-free, compressed; live workflows cached per process.

A cached workflow is reused only when its version equals the stored version, and is
put back in the cache only after the transaction that saved it has committed, so a
rolled-back step can never leak into the next one. The cache also keeps what the saved
workflow waits for, so the next step need not walk the task tree to find it again, and
saving reuses the converted form of the tasks that finished in earlier steps.
"""

from __future__ import annotations

import json
import threading
import uuid
import weakref
import zlib
from collections import OrderedDict
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import lz4.frame
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import event
from sqlalchemy.orm import Session, defer

from engine.process.models import ProcessDefinition, ProcessInstance
from engine.process.specs import CODEC, specs_for


@dataclass(frozen=True)
class Waiting:
    """What an instance waits for, in the shape of the denormalised tables and columns."""

    ready: frozenset[uuid.UUID]
    timers: frozenset[tuple[str, datetime]]
    messages: frozenset[tuple[str, str]]
    active: dict[str, list[str]]  # process id -> open BPMN elements, for the diagram


@dataclass(frozen=True)
class Saved:
    """A committed workflow with its version and what it waits for."""

    version: int
    workflow: BpmnWorkflow
    waiting: Waiting


_CACHE_SIZE = 2000
_cache: OrderedDict[uuid.UUID, Saved] = OrderedDict()
_lock = threading.Lock()
_AFTER_COMMIT = "workflow_cache_after_commit"


def dump_state(workflow: BpmnWorkflow) -> bytes:
    registry = CODEC.registry
    registry._encoder_mode = True
    token = _finished_of_workflow.set(_finished_tasks(workflow))
    try:
        text = _encode_workflow(CODEC.workflow_converter.to_dict(workflow))
    finally:
        _finished_of_workflow.reset(token)
        registry._encoder_mode = False
    return pack_state(text.encode())


_LZ4_FRAME = b"\x04\x22\x4d\x18"  # the magic number every LZ4 frame starts with


def pack_state(text: bytes) -> bytes:
    """The stored form of a state's JSON text: an LZ4 frame (compressing took zlib seven
    times as long, and a step saves its state every time)."""
    return bytes(lz4.frame.compress(text))


def unpack_state(blob: bytes) -> bytes:
    """The JSON text of a stored state; a state stored before LZ4 is zlib-compressed."""
    if blob[:4] == _LZ4_FRAME:
        return bytes(lz4.frame.decompress(blob))
    return zlib.decompress(blob)


# A completed or cancelled task never changes again, yet SpiffWorkflow keeps every finished
# loop iteration and the library converts the whole tree on each save. So the JSON of a
# finished task is kept with its live workflow object (dropped with it, so a rolled-back
# step cannot leak into the next) and reused while the task's state, state change time and
# children are unchanged; only open tasks are converted and encoded again.
_FINISHED = TaskState.COMPLETED | TaskState.CANCELLED
_ENCODER = CODEC.serializer._encoder_cls(separators=(",", ":"))


class _TaskJson(str):
    """A finished task, already encoded: placed in the state text as it is."""


_Fingerprint = tuple[int, float, int]
_FinishedTasks = dict[uuid.UUID, tuple[_Fingerprint, _TaskJson]]
_finished_by_workflow: weakref.WeakKeyDictionary[BpmnWorkflow, _FinishedTasks] = (
    weakref.WeakKeyDictionary()
)
_finished_of_workflow: ContextVar[_FinishedTasks | None] = ContextVar(
    "finished_tasks", default=None
)
_convert_task = CODEC.registry.convert_to_dict["Task"]


def _finished_tasks(workflow: BpmnWorkflow) -> _FinishedTasks:
    with _lock:
        return _finished_by_workflow.setdefault(workflow, {})


def _convert_task_reusing_finished(task: Task, **kwargs: Any) -> dict[str, Any] | _TaskJson:
    finished = _finished_of_workflow.get()
    if finished is None or not task.has_state(_FINISHED):
        return _convert_task(task, **kwargs)
    fingerprint = (task.state, task.last_state_change, len(task._children))
    known = finished.get(task.id)
    if known is not None and known[0] == fingerprint:
        return known[1]
    encoded = _TaskJson(_ENCODER.encode(_convert_task(task, **kwargs)))
    finished[task.id] = (fingerprint, encoded)
    return encoded


CODEC.registry.convert_to_dict["Task"] = _convert_task_reusing_finished


def _encode_workflow(dct: dict[str, Any]) -> str:
    """``json.dumps`` of a converted (sub)workflow, with finished tasks spliced in as text."""
    tasks = dct.pop("tasks")
    subprocesses = dct.pop("subprocesses", None)
    fields = [_ENCODER.encode(dct)[1:-1]]  # the other fields, without their braces
    fields.append('"tasks":' + _encode_mapping(tasks, _encode_task))
    if subprocesses is not None:
        fields.append('"subprocesses":' + _encode_mapping(subprocesses, _encode_workflow))
    return "{" + ",".join(f for f in fields if f) + "}"


def _encode_task(task: dict[str, Any] | _TaskJson) -> str:
    return task if isinstance(task, _TaskJson) else _ENCODER.encode(task)


def _encode_mapping(mapping: dict[str, Any], encode: Any) -> str:
    # keys are task ids (UUID text): nothing to escape
    return "{" + ",".join(f'"{key}":{encode(value)}' for key, value in mapping.items()) + "}"


def load_state(blob: bytes, definition: ProcessDefinition) -> BpmnWorkflow:
    spec, subprocess_specs = specs_for(definition.id, lambda: definition.spec)
    dct: dict[str, Any] = json.loads(unpack_state(blob), cls=CODEC.serializer.json_decoder_cls)
    return CODEC.workflow_converter.restore(dct, spec, subprocess_specs)


def checkout(session: Session, instance: ProcessInstance) -> BpmnWorkflow:
    """The live workflow of ``instance`` at its stored version (taken out of the cache)."""
    return checkout_saved(session, instance)[0]


def checkout_saved(
    session: Session, instance: ProcessInstance
) -> tuple[BpmnWorkflow, Waiting | None]:
    """Like ``checkout``, with what it waits for when the cache still knows (else None)."""
    with _lock:
        cached = _cache.pop(instance.id, None)
    if cached is not None and cached.version == instance.version:
        return cached.workflow, cached.waiting
    return checkout_stored(session, instance), None


def checkout_stored(session: Session, instance: ProcessInstance) -> BpmnWorkflow:
    """The workflow as stored, never the cached object (which a failed step has moved on)."""
    definition = session.get(
        ProcessDefinition,
        instance.definition_id,
        options=[defer(ProcessDefinition.files), defer(ProcessDefinition.spec)],  # see specs_for
    )
    assert definition is not None
    return load_state(instance.state, definition)


def checkin_after_commit(session: Session, instance_id: uuid.UUID, saved: Saved) -> None:
    """Cache the workflow once (and only if) the surrounding transaction commits."""
    pending: dict[uuid.UUID, Saved] = session.info.setdefault(_AFTER_COMMIT, {})
    pending[instance_id] = saved


@event.listens_for(Session, "after_commit")
def _cache_committed(session: Session) -> None:
    pending = session.info.pop(_AFTER_COMMIT, None)
    if not pending:
        return
    with _lock:
        for instance_id, entry in pending.items():
            _cache[instance_id] = entry
            _cache.move_to_end(instance_id)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)


@event.listens_for(Session, "after_rollback")
def _forget_uncommitted(session: Session) -> None:
    session.info.pop(_AFTER_COMMIT, None)


def forget(instance_id: uuid.UUID) -> None:
    with _lock:
        _cache.pop(instance_id, None)
