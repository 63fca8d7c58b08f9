"""Read transactions: they refuse to change data, they still write the processing log, and
on SQLite they read while a writer holds the write lock instead of queueing behind it."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from engine.audit.models import AuditEntry
from engine.audit.processing_log import ProcessingLogEntry
from engine.audit.service import record, verify_chain
from engine.db import transaction
from engine.identity.actor import system_actor
from engine.identity.models import Tenant
from engine.identity.service import create_tenant
from tests.conftest import Database
from tests.engine.conftest import log_a_read


@pytest.fixture
def tenant_id(db: Database) -> int:
    with db.tx() as session:
        return create_tenant(session, slug="utrecht", name="Gemeente Utrecht").id


def _log_read(db: Database, tenant_id: int) -> None:
    with transaction(db.factory, tenant_id, read_only=True) as session:
        session.scalars(select(Tenant)).all()
        log_a_read(session, system_actor(tenant_id, "test"))


def _logged(db: Database) -> int:
    with db.tx() as session:
        return int(session.scalar(select(func.count()).select_from(ProcessingLogEntry)) or 0)


@contextmanager
def _writer_holding_the_lock(db: Database) -> Iterator[sqlite3.Connection]:
    """Another connection in the middle of a write transaction (SQLite's one write lock)."""
    writer = sqlite3.connect(db.url.removeprefix("sqlite:///"), isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE tenants SET name = 'Gemeente Utrecht (schrijft)'")
    try:
        yield writer
    finally:
        writer.close()


def test_read_transaction_refuses_a_change_and_writes_nothing(db: Database, tenant_id: int) -> None:
    with (
        pytest.raises(RuntimeError, match="read-only transaction tried to write Tenant"),
        transaction(db.factory, read_only=True) as session,
    ):
        tenant = session.get_one(Tenant, tenant_id)
        tenant.name = "Gemeente Zeist"
        session.flush()
    with db.tx() as session:
        assert session.get_one(Tenant, tenant_id).name == "Gemeente Utrecht"


def test_processing_log_of_a_read_is_committed_when_the_read_ends(
    db: Database, tenant_id: int
) -> None:
    _log_read(db, tenant_id)
    assert _logged(db) == 1


def test_audited_read_chains_its_entry_when_the_read_ends(db: Database, tenant_id: int) -> None:
    with transaction(db.factory, tenant_id, read_only=True) as session:
        session.scalars(select(Tenant)).all()
        record(session, system_actor(tenant_id, "test"), "document.downloaded", "document", "d1")
    with db.tx(tenant_id) as session:
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)).all()
        assert actions[-1] == "document.downloaded"
        assert verify_chain(session, tenant_id).ok


def test_sqlite_read_goes_on_while_a_writer_holds_the_lock(db: Database, tenant_id: int) -> None:
    if db.backend != "sqlite":
        pytest.skip("PostgreSQL readers never wait for writers")
    with _writer_holding_the_lock(db) as writer:
        with transaction(db.factory, read_only=True) as session:
            names = session.scalars(select(Tenant.name)).all()
        writer.execute("COMMIT")
    assert names == ["Gemeente Utrecht"]  # the last committed state


def test_sqlite_processing_log_waits_for_the_writer_then_is_written(
    db: Database, tenant_id: int
) -> None:
    if db.backend != "sqlite":
        pytest.skip("PostgreSQL writes the log row inside the read transaction")
    failures: list[BaseException] = []

    def reader() -> None:
        try:
            _log_read(db, tenant_id)
        except BaseException as error:
            failures.append(error)

    with _writer_holding_the_lock(db) as writer:
        thread = threading.Thread(target=reader)
        thread.start()
        thread.join(0.5)  # the reader's log row is queued behind the writer meanwhile
        writer.execute("COMMIT")
    thread.join()
    assert failures == []
    assert _logged(db) == 1


def test_processing_log_of_a_rolled_back_savepoint_is_dropped(db: Database, tenant_id: int) -> None:
    actor = system_actor(tenant_id, "test")
    with transaction(db.factory, tenant_id) as session:
        log_a_read(session, actor, "kept-before")
        savepoint = session.begin_nested()
        log_a_read(session, actor, "undone")
        savepoint.rollback()
        log_a_read(session, actor, "kept-after")
    with db.tx() as session:
        logged = session.scalars(select(ProcessingLogEntry.object_id)).all()
    assert sorted(logged) == ["kept-after", "kept-before"]
