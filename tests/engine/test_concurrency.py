"""Two workers on one case: exactly one wins, the other gets a conflict, state stays whole."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import select, update

from engine.errors import Conflict, StaleState
from engine.process import runtime
from engine.process.models import CompletedTask, ProcessInstance, WorkItem
from engine.process.state import checkout
from engine.process.step_rows import StepRows
from engine.process.stepping import save
from tests.engine.conftest import World


def test_same_task_completed_twice_at_once_has_one_winner(world: World) -> None:
    with world.db.tx(world.tenant_id) as session:
        case = runtime.start_case(
            session, world.boss, process_key="feature_main", data={"amount": 1500}
        )
        [task] = runtime.list_tasks(session, case_id=case.id)
    barrier = threading.Barrier(2)
    outcomes: list[Any] = []

    def worker() -> None:
        barrier.wait()
        try:
            with world.db.tx(world.tenant_id) as session:
                runtime.complete_task(
                    session, world.boss, task.id, {"approved": True, "reason": "gelijktijdig"}
                )
            outcomes.append("won")
        except Conflict as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(map(str, outcomes)).count("won") == 1
    assert sum(isinstance(o, Conflict) for o in outcomes) == 1
    with world.db.tx(world.tenant_id) as session:
        assert session.scalars(select(CompletedTask)).all().__len__() == 1
        assert [w.task_key for w in session.scalars(select(WorkItem))] == ["intake_check"]


def test_stale_instance_write_is_refused_and_writes_none_of_the_step_rows(world: World) -> None:
    with world.db.tx(world.tenant_id) as session:
        case = runtime.start_case(
            session, world.boss, process_key="feature_main", data={"amount": 10}
        )
    with world.db.tx(world.tenant_id) as session:
        [item] = session.scalars(select(WorkItem)).all()
    with world.db.tx(world.tenant_id) as session:  # committed: whatever the save wrote stays
        instance = session.scalars(
            select(ProcessInstance).where(ProcessInstance.case_id == case.id)
        ).one()
        workflow = checkout(session, instance)
        # another worker saved a newer version after we read ours
        session.execute(
            update(ProcessInstance)
            .where(ProcessInstance.id == instance.id)
            .values(version=instance.version + 1)
            .execution_options(synchronize_session=False)
        )
        done = dict(
            id=item.id,
            tenant_id=world.tenant_id,
            case_id=case.id,
            task_key=item.task_key,
            name=item.name,
            completed_by="test",
            completed_at=item.created_at,
        )
        with pytest.raises(StaleState):
            save(session, instance, workflow, {}, StepRows(items_gone=[item.id], completed=[done]))
    with world.db.tx(world.tenant_id) as session:
        assert session.scalars(select(CompletedTask)).all() == []
        assert [w.id for w in session.scalars(select(WorkItem))] == [item.id]
