"""The BPMN runtime on the feature model: every element kind, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.audit.models import AuditEntry
from engine.cases.service import get_case
from engine.clock import FrozenClock
from engine.errors import AlreadyCompleted, NoMatchingCase, PermissionDenied, ValidationFailed
from engine.identity.actor import Actor, system_actor
from engine.identity.roles import Role
from engine.process import runtime
from engine.process.models import Incident, PendingMessage, PendingTimer, WorkItem
from engine.process.registry import deploy_folder
from tests.engine.conftest import FlakyExternalSystem, World

INCIDENT_MODELS = Path(__file__).resolve().parents[1] / "data" / "bpmn_incident"


def _start(world: World, amount: int) -> uuid.UUID:
    with world.db.tx(world.tenant_id) as session:
        case = runtime.start_case(
            session, world.boss, process_key="feature_main", data={"amount": amount}
        )
        return case.id


def _open_tasks(world: World, case_id: uuid.UUID) -> list[WorkItem]:
    with world.db.tx(world.tenant_id) as session:
        return runtime.list_tasks(session, case_id=case_id)


def _complete(
    world: World, task_id: uuid.UUID, data: dict[str, object], actor: Actor | None = None
) -> uuid.UUID:
    with world.db.tx(world.tenant_id) as session:
        return runtime.complete_task(session, actor or world.boss, task_id, data)


def test_dmn_routes_high_amount_to_review_in_teamleider_lane(world: World) -> None:
    case_id = _start(world, 1500)
    [task] = _open_tasks(world, case_id)
    assert (task.task_key, task.role, task.name) == ("review", "teamleider", "Beoordelen")


def test_low_amount_skips_review_and_runs_parallel_branch(world: World) -> None:
    case_id = _start(world, 10)
    assert [t.task_key for t in _open_tasks(world, case_id)] == ["intake_check"]
    with world.db.tx(world.tenant_id) as session:
        data = runtime.workflow_data(session, case_id)
    assert data["level"] == "low"
    assert data["recorded"] == "recorded-20"  # script task fed the service task parameter


def test_form_errors_are_reported_all_at_once_and_change_nothing(world: World) -> None:
    case_id = _start(world, 1500)
    [task] = _open_tasks(world, case_id)
    with pytest.raises(ValidationFailed) as caught:
        _complete(world, task.id, {"approved": "ja", "amount": -5})
    assert {e.field for e in caught.value.errors} == {"approved", "amount", "reason"}
    assert [t.id for t in _open_tasks(world, case_id)] == [task.id]


def test_only_lane_role_may_complete(world: World) -> None:
    case_id = _start(world, 1500)
    [task] = _open_tasks(world, case_id)
    intake_only = Actor(world.tenant_id, "user", "x", "ivo", frozenset({Role.INTAKE}))
    with pytest.raises(PermissionDenied):
        _complete(world, task.id, {"approved": True, "reason": "goed"}, actor=intake_only)


def test_second_completion_answers_already_completed(world: World) -> None:
    case_id = _start(world, 1500)
    [task] = _open_tasks(world, case_id)
    _complete(world, task.id, {"approved": True, "reason": "goed"})
    with pytest.raises(AlreadyCompleted):
        _complete(world, task.id, {"approved": True, "reason": "goed"})


def test_boundary_timer_interrupts_task_when_clock_passes_term(
    world: World, frozen_clock: FrozenClock
) -> None:
    case_id = _start(world, 10)
    with world.db.tx(world.tenant_id) as session:
        [timer] = session.scalars(select(PendingTimer)).all()
    assert timer.due_at == frozen_clock.current + timedelta(days=14)
    frozen_clock.advance(timedelta(days=13))
    assert runtime.run_due_timers(world.db.factory) == 0
    frozen_clock.advance(timedelta(days=2))
    assert runtime.run_due_timers(world.db.factory) == 1
    [task] = _open_tasks(world, case_id)
    assert (task.task_key, task.role) == ("sub_task", "schuldhulpverlener")  # call activity
    with world.db.tx(world.tenant_id) as session:
        assert runtime.workflow_data(session, case_id)["timed_out"] is True


def _reach_message_wait(world: World) -> uuid.UUID:
    case_id = _start(world, 10)
    [intake] = _open_tasks(world, case_id)
    _complete(world, intake.id, {})
    [sub] = _open_tasks(world, case_id)
    _complete(world, sub.id, {})
    return case_id


def test_a_task_done_in_time_takes_only_its_boundary_timer_row_away(world: World) -> None:
    case_id = _reach_message_wait(world)  # intake done before its 14-day term
    with world.db.tx(world.tenant_id) as session:
        assert session.scalars(select(PendingTimer)).all() == []
        [message] = session.scalars(select(PendingMessage)).all()
    assert (message.case_id, message.message_name) == (case_id, "payment_received")


def test_message_is_delivered_only_to_the_correlated_case(
    world: World, frozen_clock: FrozenClock
) -> None:
    first, second = _reach_message_wait(world), _reach_message_wait(world)
    with world.db.tx(world.tenant_id) as session:
        delivered = runtime.correlate_message(
            session,
            system_actor(world.tenant_id, "bank"),
            name="payment_received",
            correlation={"case_id": str(second)},
            payload={"amount": 12},
        )
        waiting = {m.case_id for m in session.scalars(select(PendingMessage))}
    assert delivered == [second]
    assert waiting == {first}


def test_message_without_waiting_case_is_refused(world: World) -> None:
    with world.db.tx(world.tenant_id) as session, pytest.raises(NoMatchingCase):
        runtime.correlate_message(
            session,
            world.boss,
            name="payment_received",
            correlation={"case_id": str(uuid.uuid4())},
            payload={},
        )


def test_failing_service_task_leaves_incident_and_retry_finishes_case(
    world: World, frozen_clock: FrozenClock
) -> None:
    case_id = _reach_message_wait(world)
    with world.db.tx(world.tenant_id) as session:
        runtime.correlate_message(
            session,
            world.boss,
            name="payment_received",
            correlation={"case_id": str(case_id)},
            payload={},
        )
    FlakyExternalSystem.down = True
    frozen_clock.advance(timedelta(days=2))
    runtime.run_due_timers(world.db.factory)
    with world.db.tx(world.tenant_id) as session:
        [incident] = runtime.open_incidents(session, case_id)
        assert incident.task_key == "flaky"
        assert "niet bereikbaar" in incident.message
        assert get_case(session, case_id).status == "open"
    FlakyExternalSystem.down = False
    with world.db.tx(world.tenant_id) as session:
        runtime.retry_incident(session, world.boss, incident.id)
    with world.db.tx(world.tenant_id) as session:
        case = get_case(session, case_id)
        assert (case.status, case.result) == ("closed", "afgehandeld")
        assert session.get(Incident, incident.id).status == "resolved"  # type: ignore[union-attr]


def test_handler_before_a_failing_one_keeps_its_work_once(world: World) -> None:
    """The step runs in one savepoint; when a handler fails it is done again task by task:
    the handler before the failing one keeps its write, and a retry does not repeat it."""
    with world.db.tx(world.tenant_id) as session:
        deploy_folder(session, world.boss, INCIDENT_MODELS)
    FlakyExternalSystem.down = True
    with world.db.tx(world.tenant_id) as session:
        case_id = runtime.start_case(session, world.boss, process_key="two_services").id
    with world.db.tx(world.tenant_id) as session:
        [incident] = runtime.open_incidents(session, case_id)
        assert incident.task_key == "flaky"
        assert _notes(session, case_id) == 1
    FlakyExternalSystem.down = False
    with world.db.tx(world.tenant_id) as session:
        runtime.retry_incident(session, world.boss, incident.id)
    with world.db.tx(world.tenant_id) as session:
        assert get_case(session, case_id).status == "closed"
        assert _notes(session, case_id) == 1


def _notes(session: Session, case_id: uuid.UUID) -> int:
    return len(
        session.scalars(
            select(AuditEntry).where(
                AuditEntry.case_id == case_id, AuditEntry.action == "test.noted"
            )
        ).all()
    )


def test_other_tenant_sees_nothing(world: World) -> None:
    case_id = _start(world, 1500)
    [task] = _open_tasks(world, case_id)
    with world.db.tx(world.other_tenant_id) as session:
        assert runtime.list_tasks(session) == []
        with pytest.raises(Exception, match=r"no open task|no case"):
            runtime.get_task(session, task.id)
        with pytest.raises(Exception, match="no case"):
            get_case(session, case_id)
