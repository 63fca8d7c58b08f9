"""The audit trail is hash-chained per tenant; verify finds the first changed or removed entry."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, event, func, select, update

from engine.audit import record, verify_chain
from engine.audit import service as audit_service
from engine.audit.models import AuditEntry
from engine.audit.processing_log import ProcessingLogEntry
from engine.process import runtime
from tests.engine.conftest import World, log_a_read


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


def _statements_of_a_write(world: World, *, logging_a_read: bool = False) -> list[str]:
    sent: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        sent.append(statement)

    event.listen(world.db.engine, "before_cursor_execute", seen)
    try:
        with world.db.tx(world.tenant_id) as session:
            record(session, world.boss, "test.written", "test", 1)
            if logging_a_read:
                log_a_read(session, world.boss)
    finally:
        event.remove(world.db.engine, "before_cursor_execute", seen)
    return sent


def test_a_writer_chains_onto_the_head_it_committed_without_locking_it_first(
    world: World,
) -> None:
    if world.db.backend != "postgres":
        pytest.skip("SQLite has one writer at a time: its head is read under the write lock")
    _case_with_history(world)
    sent = _statements_of_a_write(world, logging_a_read=True)
    assert len(sent) == 1 and "FOR UPDATE" not in sent[0]  # the log row goes in with it
    with world.db.tx() as session:
        assert verify_chain(session, world.tenant_id).ok
        assert session.scalar(select(func.count()).select_from(ProcessingLogEntry)) == 1


def test_a_head_another_writer_moved_is_locked_and_read(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _case_with_history(world)
    # as if another process had written since this one last committed
    monkeypatch.setitem(audit_service._HEADS_SEEN, world.tenant_id, (1, "0" * 64))
    sent = _statements_of_a_write(world)
    assert any("FOR UPDATE" in statement for statement in sent) or world.db.backend == "sqlite"
    with world.db.tx() as session:
        assert verify_chain(session, world.tenant_id).ok


def test_a_rolled_back_transaction_writes_nothing_it_queued_when_its_session_goes_on(
    world: World,
) -> None:
    with world.db.tx(world.tenant_id) as session:
        record(session, world.boss, "test.undone", "test", 1)
        log_a_read(session, world.boss)
        session.rollback()
        record(session, world.boss, "test.kept", "test", 2)
    with world.db.tx() as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.action.like("test.%"))
        ).all()
        assert actions == ["test.kept"]
        assert session.scalar(select(func.count()).select_from(ProcessingLogEntry)) == 0
