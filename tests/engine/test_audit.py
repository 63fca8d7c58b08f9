"""The audit trail is hash-chained per tenant; verify finds the first changed or removed entry."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from engine.audit import record, verify_chain
from engine.audit.models import AuditEntry
from engine.process import runtime
from tests.engine.conftest import World


def _case_with_history(world: World) -> None:
    with world.db.tx(world.tenant_id) as session:
        case = runtime.start_case(
            session, world.boss, process_key="feature_main", data={"amount": 1500}
        )
        [task] = runtime.list_tasks(session, case_id=case.id)
    with world.db.tx(world.tenant_id) as session:
        runtime.complete_task(session, world.boss, task.id, {"approved": True, "reason": "akkoord"})


def test_untouched_chain_verifies(world: World) -> None:
    _case_with_history(world)
    with world.db.tx() as session:
        report = verify_chain(session, world.tenant_id)
    assert report.ok and report.entries >= 6


def test_changed_entry_is_found(world: World) -> None:
    _case_with_history(world)
    with world.db.tx() as session:
        target = session.scalars(
            select(AuditEntry).where(
                AuditEntry.tenant_id == world.tenant_id, AuditEntry.action == "task.completed"
            )
        ).one()
        session.execute(
            update(AuditEntry).where(AuditEntry.id == target.id).values(actor_name="mallory")
        )
    with world.db.tx() as session:
        report = verify_chain(session, world.tenant_id)
    assert (report.broken_at_seq, report.reason) == (target.seq, "entry content was changed")


def test_removed_entry_is_found(world: World) -> None:
    _case_with_history(world)
    with world.db.tx() as session:
        session.execute(
            delete(AuditEntry).where(AuditEntry.tenant_id == world.tenant_id, AuditEntry.seq == 3)
        )
    with world.db.tx() as session:
        report = verify_chain(session, world.tenant_id)
    assert report.broken_at_seq == 3 and not report.ok


def test_chains_of_tenants_are_independent(world: World) -> None:
    _case_with_history(world)
    with world.db.tx() as session:
        assert verify_chain(session, world.other_tenant_id).ok


def test_entries_of_a_rolled_back_savepoint_are_dropped(world: World) -> None:
    with world.db.tx(world.tenant_id) as session:
        record(session, world.boss, "test.kept_before", "test", 1)
        savepoint = session.begin_nested()
        record(session, world.boss, "test.undone", "test", 2)
        savepoint.rollback()
        savepoint = session.begin_nested()
        record(session, world.boss, "test.kept_inside", "test", 3)
        savepoint.commit()
        record(session, world.boss, "test.kept_after", "test", 4)
    with world.db.tx() as session:
        actions = session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.tenant_id == world.tenant_id, AuditEntry.action.like("test.%"))
            .order_by(AuditEntry.seq)
        ).all()
        assert actions == ["test.kept_before", "test.kept_inside", "test.kept_after"]
        assert verify_chain(session, world.tenant_id).ok
