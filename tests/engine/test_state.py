"""Saved instance state: reused finished tasks load back into the same workflow, a rolled-back
step leaves nothing behind, and the stored active elements match the live workflow."""

from __future__ import annotations

import json
import uuid
import zlib
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from SpiffWorkflow.bpmn.util.task import BpmnTaskIterator
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskIterator, TaskState
from sqlalchemy import select

from engine.clock import FrozenClock
from engine.process import runtime, spiff_tuning, state, stepping
from engine.process.models import PendingTimer, ProcessDefinition, ProcessInstance
from engine.process.registry import deploy_files
from engine.process.specs import CODEC
from tests.engine.conftest import FEATURE_MODELS, World

LOOP_FILES = {
    "monthly_loop.bpmn": (Path(__file__).parent / "models" / "monthly_loop.bpmn").read_text(),
    "feature_sub.bpmn": (FEATURE_MODELS / "feature_sub.bpmn").read_text(),
}
MONTHS = 6


def _start_loop(world: World) -> uuid.UUID:
    with world.db.tx(world.tenant_id) as session:
        deploy_files(session, world.boss, LOOP_FILES)
        case = runtime.start_case(
            session, world.boss, process_key="monthly_loop", data={"maand": 0, "maanden": MONTHS}
        )
        return case.id


def _complete_open_task(world: World, case_id: uuid.UUID) -> None:
    with world.db.tx(world.tenant_id) as session:
        [task] = runtime.list_tasks(session, case_id=case_id)
        runtime.complete_task(session, world.boss, task.id, {})


def _month_steps(world: World, case_id: uuid.UUID, clock: FrozenClock) -> list[Any]:
    """One round of the loop as its three external steps."""
    return [
        lambda: _complete_open_task(world, case_id),  # controle
        lambda: _complete_open_task(world, case_id),  # the called process's user task
        lambda: (clock.advance(timedelta(days=31)), runtime.run_due_timers(world.db.factory)),
    ]


def _instance(world: World, case_id: uuid.UUID) -> tuple[ProcessInstance, ProcessDefinition]:
    with world.db.tx(world.tenant_id) as session:
        instance = session.scalars(
            select(ProcessInstance).where(ProcessInstance.case_id == case_id)
        ).one()
        definition = session.get(ProcessDefinition, instance.definition_id)
        assert definition is not None
        return instance, definition


def _plain(workflow: BpmnWorkflow) -> dict[str, Any]:
    """The library's own serialization of the whole workflow, every task converted anew."""
    converted = CODEC.workflow_converter.to_dict(workflow)
    decoded: dict[str, Any] = json.loads(json.dumps(converted, cls=CODEC.serializer._encoder_cls))
    return decoded


def _stored(instance: ProcessInstance) -> dict[str, Any]:
    decoded: dict[str, Any] = json.loads(state.unpack_state(instance.state))
    return decoded


def _assert_saved_state_is_the_live_workflow(world: World, case_id: uuid.UUID) -> None:
    instance, definition = _instance(world, case_id)
    live = state._cache[instance.id]  # the workflow the next step continues with
    assert live.version == instance.version
    assert _stored(instance) == _plain(live.workflow)
    assert _plain(state.load_state(instance.state, definition)) == _stored(instance)


def test_long_running_loop_saves_the_same_state_as_the_library(
    world: World, frozen_clock: FrozenClock
) -> None:
    case_id = _start_loop(world)
    _assert_saved_state_is_the_live_workflow(world, case_id)
    for _month in range(MONTHS):
        for step in _month_steps(world, case_id, frozen_clock):
            step()
            _assert_saved_state_is_the_live_workflow(world, case_id)
    instance, definition = _instance(world, case_id)
    assert instance.status == "completed"
    finished = state.load_state(instance.state, definition)
    assert finished.data["recorded"] == f"maand-{MONTHS}"
    # every round stayed in the tree: this is the growth the reuse of finished tasks is for
    assert len(finished.get_tasks(spec_name="controle")) == MONTHS


def test_a_state_stored_zlib_compressed_before_lz4_still_loads(world: World) -> None:
    case_id = _start_loop(world)
    instance, definition = _instance(world, case_id)
    text = state.unpack_state(instance.state)
    assert instance.state != zlib.compress(text, 1)  # stored as LZ4 now
    older = state.load_state(zlib.compress(text, 1), definition)
    assert _plain(older) == _plain(state.load_state(instance.state, definition))


def test_rolled_back_step_leaves_saved_and_cached_state_untouched(
    world: World, frozen_clock: FrozenClock
) -> None:
    case_id = _start_loop(world)
    _complete_open_task(world, case_id)
    before, _definition = _instance(world, case_id)
    with pytest.raises(RuntimeError), world.db.tx(world.tenant_id) as session:
        [task] = runtime.list_tasks(session, case_id=case_id)
        runtime.complete_task(session, world.boss, task.id, {})
        raise RuntimeError("the request fails after the step")
    after, _definition = _instance(world, case_id)
    assert (after.version, after.state) == (before.version, before.state)
    assert state._cache.get(after.id) is None or state._cache[after.id].version == after.version
    for step in _month_steps(world, case_id, frozen_clock)[1:]:
        step()
        _assert_saved_state_is_the_live_workflow(world, case_id)


def _active_in_live_workflow(workflow: BpmnWorkflow) -> list[str]:
    """How the case page computed the highlight before it was stored with each step."""
    states = TaskState.READY | TaskState.WAITING | TaskState.STARTED
    return sorted(
        {
            t.task_spec.bpmn_id
            for t in workflow.get_tasks(state=states)
            if t.task_spec.bpmn_id and type(t.task_spec).__name__ != "CallActivity"
        }
    )


def _assert_stored_active_elements_match(world: World, case_id: uuid.UUID) -> list[str]:
    instance, definition = _instance(world, case_id)
    expected = _active_in_live_workflow(state.load_state(instance.state, definition))
    assert instance.active_elements is not None
    assert sorted({i for ids in instance.active_elements.values() for i in ids}) == expected
    with world.db.tx(world.tenant_id) as session:
        assert runtime.active_elements(session, case_id) == expected
    return expected


def test_stored_active_elements_follow_every_step_of_the_feature_process(
    world: World, frozen_clock: FrozenClock
) -> None:
    with world.db.tx(world.tenant_id) as session:
        case_id = runtime.start_case(
            session, world.boss, process_key="feature_main", data={"amount": 10}
        ).id
    seen = [_assert_stored_active_elements_match(world, case_id)]
    _complete_open_task(world, case_id)  # intake check; the call activity opens
    seen.append(_assert_stored_active_elements_match(world, case_id))
    _complete_open_task(world, case_id)  # the called process's task; the message is awaited
    seen.append(_assert_stored_active_elements_match(world, case_id))
    with world.db.tx(world.tenant_id) as session:
        runtime.correlate_message(
            session,
            world.boss,
            name="payment_received",
            correlation={"case_id": str(case_id)},
            payload={"amount": 12},
        )
    seen.append(_assert_stored_active_elements_match(world, case_id))
    frozen_clock.advance(timedelta(days=2))
    runtime.run_due_timers(world.db.factory)
    seen.append(_assert_stored_active_elements_match(world, case_id))
    assert seen[0] and seen[-1] == []  # something was highlighted, and nothing once finished
    assert len({tuple(s) for s in seen}) == len(seen)  # every step moved the highlight


def test_stored_active_elements_name_the_called_process(world: World) -> None:
    case_id = _start_loop(world)
    _complete_open_task(world, case_id)
    instance, _definition = _instance(world, case_id)
    assert instance.active_elements == {"feature_sub": ["sub_task"]}


def test_instance_saved_before_active_elements_were_stored_is_computed_from_its_workflow(
    world: World,
) -> None:
    case_id = _start_loop(world)
    with world.db.tx(world.tenant_id) as session:
        instance = session.scalars(
            select(ProcessInstance).where(ProcessInstance.case_id == case_id)
        ).one()
        instance.active_elements = None
    with world.db.tx(world.tenant_id) as session:
        assert runtime.active_elements(session, case_id) == ["controle"]


def test_timer_waiting_again_moves_its_row_to_the_new_due_date(
    world: World, frozen_clock: FrozenClock
) -> None:
    files = {"timer_loop.bpmn": (Path(__file__).parent / "models" / "timer_loop.bpmn").read_text()}
    with world.db.tx(world.tenant_id) as session:
        deploy_files(session, world.boss, files)
        case_id = runtime.start_case(
            session, world.boss, process_key="timer_loop", data={"ronde": 0}
        ).id
    rows = []
    for _round in range(3):
        with world.db.tx(world.tenant_id) as session:
            [timer] = session.scalars(select(PendingTimer)).all()
        assert (timer.case_id, timer.event_name) == (case_id, "Dag verstreken")
        assert timer.due_at == frozen_clock.current + timedelta(days=1)
        rows.append(timer.id)
        frozen_clock.advance(timedelta(days=1, seconds=1))
        assert runtime.run_due_timers(world.db.factory) == 1
    assert len(set(rows)) == 1  # the same row, moved: not deleted and inserted again
    with world.db.tx(world.tenant_id) as session:
        assert session.scalars(select(PendingTimer)).all() == []
        assert runtime.workflow_data(session, case_id)["ronde"] == 3


def test_waiting_tasks_are_refreshed_as_the_tree_walk_would_find_them(
    world: World, frozen_clock: FrozenClock
) -> None:
    """engine.process.spiff_tuning: the waiting tasks taken from the task dict are the ones
    the library's tree walk finds, in the same order, at every step of a long loop; so are the
    open tasks of the workflow and its called processes (``stepping.open_tasks``)."""
    case_id = _start_loop(world)
    waiting_seen = 0
    for _month in range(3):
        for step in _month_steps(world, case_id, frozen_clock):
            step()
            instance, _definition = _instance(world, case_id)
            live = state._cache[instance.id].workflow
            for wf in [live, *live.subprocesses.values()]:
                walked = list(TaskIterator(wf.task_tree, state=TaskState.WAITING))
                assert [t for t in wf.tasks.values() if t.state == TaskState.WAITING] == walked
                waiting_seen += len(walked)
            open_states = TaskState.READY | TaskState.WAITING | TaskState.STARTED
            assert {t.id for t in stepping.open_tasks(live)} == {
                t.id for t in live.get_tasks(state=open_states)
            }
    assert waiting_seen > 0


def test_ready_tasks_are_found_in_the_order_the_tree_walk_finds_them(
    world: World, frozen_clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """engine.process.spiff_tuning: the READY tasks each round of engine steps runs, taken
    from the task dicts, are the ones the library's walk finds, in its order: in a called
    process, late in a long loop and in parallel branches."""
    from_dicts = spiff_tuning.ready_in_walk_order
    found: list[int] = []
    differing: list[tuple[list[Any], list[Any]]] = []  # an error here would become an incident

    def compared(workflow: Any) -> list[Any]:
        ready = from_dicts(workflow)
        walked = list(BpmnTaskIterator(workflow.task_tree, state=TaskState.READY))
        if ready != walked:
            differing.append((ready, walked))
        found.append(len(ready))
        return ready

    monkeypatch.setattr(spiff_tuning, "ready_in_walk_order", compared)
    case_id = _start_loop(world)
    for _month in range(3):
        for step in _month_steps(world, case_id, frozen_clock):
            step()
    with world.db.tx(world.tenant_id) as session:
        runtime.start_case(session, world.boss, process_key="feature_main", data={"amount": 10})
    assert differing == []
    assert len(found) > 20 and max(found) > 1, found


def test_completed_processes_are_not_walked_for_log_details(
    world: World, frozen_clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """engine.process.spiff_tuning: a (sub)workflow that completes does not walk all of its
    tasks for the details of a log message that is not logged."""
    from SpiffWorkflow.workflow import Workflow

    walks: list[int] = []
    library_get_tasks = Workflow.get_tasks

    def counted(self: Workflow, first_task: Any = None, **kwargs: Any) -> Any:
        if first_task is None and not kwargs:
            walks.append(len(self.tasks))
        return library_get_tasks(self, first_task, **kwargs)

    monkeypatch.setattr(Workflow, "get_tasks", counted)
    case_id = _start_loop(world)
    for _month in range(2):  # the called process completes once a month
        for step in _month_steps(world, case_id, frozen_clock):
            step()
    assert walks == []
