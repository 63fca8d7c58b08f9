"""Database: declarative base, engines for SQLite (embedded) and PostgreSQL, tenant scoping.

A session opened for a tenant (``tenant_session``) adds ``tenant_id = :tenant`` to every
ORM query on tenant-owned tables and refuses to flush a row of another tenant, so no
query crosses tenants by accident.

On SQLite, writing transactions take the single write lock at BEGIN (BEGIN IMMEDIATE);
read transactions (``read_only=True``) begin deferred and, in WAL mode, read beside the
writer. What a read must still write (processing-log rows, a web session's last-seen) is
written in a short write transaction right after the read, before the entry point returns.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BindParameter,
    DateTime,
    ForeignKey,
    MetaData,
    Uuid,
    bindparam,
    create_engine,
    event,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    ORMExecuteState,
    Session,
    SessionTransaction,
    mapped_column,
    sessionmaker,
    with_loader_criteria,
)
from sqlalchemy.types import TypeDecorator

from engine import clock
from engine.errors import PermissionDenied

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both SQLite and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC")
        return value.astimezone(clock.UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=clock.UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime}


class TenantOwned:
    """Mixin for every row that belongs to a municipality."""

    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)


def new_id() -> uuid.UUID:
    return uuid.uuid4()


def json_rows(rows: object) -> str:
    """Rows as one JSON parameter for PostgreSQL's ``json_populate_recordset`` (times as ISO
    text, ids as text): encoding them in one call cost far less than binding an array per
    column."""
    return json.dumps(rows, default=str)


def uuid_parameter(name: str) -> BindParameter[uuid.UUID]:
    """A bound UUID for a statement built once, at import: a foreign-key column takes its
    type from the column it refers to, which may not be known yet then."""
    return bindparam(name, type_=Uuid())


READ_ONLY = "akkoord_read_only"  # session info key and connection execution option
_OWED_WRITES = "akkoord_owed_writes"
OwedWrite = Callable[[Session], object]


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        db_engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        event.listen(db_engine, "connect", _sqlite_pragmas)
        event.listen(db_engine, "begin", _sqlite_begin)
        return db_engine
    db_engine = create_engine(url, **kwargs)
    event.listen(db_engine.pool, "checkin", _note_idle_since)
    event.listen(db_engine.pool, "checkout", _ping_if_idle(db_engine.dialect))
    return db_engine


# A connection back in the pool within this many seconds is taken to be alive: under load a
# ping per transaction (SQLAlchemy's pool_pre_ping) cost a round trip of every step. One idle
# longer, as after a database restart, is pinged, and replaced if it is dead.
PING_AFTER_IDLE_SECONDS = 5.0
_IDLE_SINCE = "akkoord_idle_since"


def _note_idle_since(_dbapi_connection: Any, record: Any) -> None:
    record.info[_IDLE_SINCE] = time.monotonic()


def _ping_if_idle(dialect: Any) -> Callable[[Any, Any, Any], None]:
    def check(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get(_IDLE_SINCE)
        if idle_since is not None and time.monotonic() - idle_since <= PING_AFTER_IDLE_SECONDS:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as exc:
            # the pool drops this connection and checks out another (SQLAlchemy's recipe)
            raise DisconnectionError(str(exc)) from exc

    return check


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin (savepoints).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # A writer waits its turn (in line behind the others) instead of failing with "locked".
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    if connection.get_execution_options().get(READ_ONLY):
        # Deferred: in WAL mode a reader needs no lock and sees the last committed state.
        connection.exec_driver_sql("BEGIN")
    else:
        # One writer at a time from the start: no deadlocked lock upgrades between writers.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(db_engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(db_engine, expire_on_commit=False)


def begin_session(
    factory: sessionmaker[Session], tenant_id: int | None = None, *, read_only: bool = False
) -> Session:
    """A session for one entry point; finish it with ``commit_and_close`` or
    ``rollback_and_close`` (``transaction`` does both for a block of code)."""
    session = factory(execution_options={READ_ONLY: read_only})
    session.info[READ_ONLY] = read_only
    if tenant_id is not None:
        session.info["tenant_id"] = tenant_id
    return session


def commit_and_close(session: Session) -> None:
    """Commit; after a read on SQLite, then write what the read owes in its own transaction."""
    try:
        session.commit()  # on SQLite a read leaves its log rows and audit entries owed
        owed: list[OwedWrite] = session.info.pop(_OWED_WRITES, [])
        if owed:
            session.info[READ_ONLY] = False
            session.connection(execution_options={READ_ONLY: False})  # BEGIN IMMEDIATE
            for write in owed:
                write(session)
            session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def rollback_and_close(session: Session) -> None:
    try:
        session.rollback()
    finally:
        session.close()


@contextmanager
def transaction(
    factory: sessionmaker[Session], tenant_id: int | None = None, *, read_only: bool = False
) -> Iterator[Session]:
    """One transaction per entry point: commit on success, roll back on any error.

    ``read_only``: the block only reads, apart from the processing-log rows and audit entries
    it queues (``engine.audit``) and ``write_after_read``; anything else it tries to write is
    refused."""
    with finishing(begin_session(factory, tenant_id, read_only=read_only)) as session:
        yield session


@contextmanager
def finishing(session: Session) -> Iterator[Session]:
    """Commit ``session`` when the block succeeds, roll it back on any error; close it."""
    try:
        yield session
    except BaseException:
        rollback_and_close(session)
        raise
    commit_and_close(session)


def write_after_read(session: Session, write: OwedWrite) -> None:
    """Do ``write`` now; in a read transaction on SQLite, right after the read instead
    (still before the entry point returns, and the entry point fails if it fails)."""
    if _defers_writes(session):
        session.info.setdefault(_OWED_WRITES, []).append(write)
        return
    reading = session.info.get(READ_ONLY, False)
    session.info[READ_ONLY] = False  # owed writes may change rows (an audit head)
    try:
        write(session)
    finally:
        session.info[READ_ONLY] = reading


def _defers_writes(session: Session) -> bool:
    return bool(session.info.get(READ_ONLY)) and session.get_bind().dialect.name == "sqlite"


def scope_to_tenant(session: Session, tenant_id: int) -> Session:
    session.info["tenant_id"] = tenant_id
    return session


def current_tenant(session: Session) -> int:
    tenant_id = session.info.get("tenant_id")
    if tenant_id is None:
        raise PermissionDenied("this operation needs a tenant-scoped session")
    return int(tenant_id)


@event.listens_for(Session, "do_orm_execute")
def _add_tenant_criteria(state: ORMExecuteState) -> None:
    tenant_id = state.session.info.get("tenant_id")
    if tenant_id is None or not (state.is_select or state.is_update or state.is_delete):
        return
    state.statement = state.statement.options(_TENANT_CRITERIA)
    given = state.parameters
    if isinstance(given, Mapping) or given is None:
        state.parameters = {**(given or {}), _TENANT_PARAMETER: tenant_id}
    else:  # executemany: each row names the tenant
        state.parameters = [{**row, _TENANT_PARAMETER: tenant_id} for row in given]


# The tenant is a named parameter given with each statement, not a value the lambda closes
# over: one option for every tenant, and no closure value to trace back into each statement's
# cached form, which cost ~40 µs per query.
_TENANT_PARAMETER = "akkoord_tenant"
_TENANT_CRITERIA = with_loader_criteria(
    # the name spelled out: the lambda would trace a global name as a value
    TenantOwned,
    lambda cls: cls.tenant_id == bindparam("akkoord_tenant"),
    include_aliases=True,
)


_HELD = "akkoord_rows_held"


@event.listens_for(Base, "load", propagate=True)
def _hold_for_the_transaction(row: Base, context: Any) -> None:
    # The identity map holds rows weakly: a row nobody references any more is dropped, and
    # the next handler of the same step that gets it by key (session.get) queries again.
    # Held until the transaction ends, a row is read once per step. Streamed reads (yield_per)
    # are left alone: they exist to keep memory flat.
    if context.execution_options.get("yield_per"):
        return
    context.session.info.setdefault(_HELD, []).append(row)


@event.listens_for(Session, "pending_to_persistent")
def _hold_new_row(session: Session, row: object) -> None:
    # a row this transaction inserted is as likely to be asked for again as one it read
    session.info.setdefault(_HELD, []).append(row)


@event.listens_for(Session, "after_transaction_end")
def _release_held_rows(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_HELD, None)


@event.listens_for(Session, "before_flush")
def _guard_tenant_on_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    tenant_id = session.info.get("tenant_id")
    if tenant_id is None:
        return
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, TenantOwned):
            if obj.tenant_id is None:
                obj.tenant_id = tenant_id
            elif obj.tenant_id != tenant_id:
                raise PermissionDenied("refusing to write a row of another tenant")


@event.listens_for(Session, "before_commit")
def _write_audit_entries(session: Session) -> None:
    from engine.audit.service import flush_pending, has_pending

    if session.info.get(READ_ONLY) and has_pending(session):
        # an audited read (a download): the entries are chained like the processing log
        write_after_read(session, flush_pending)
    else:
        flush_pending(session)


@event.listens_for(Session, "before_flush")
def _keep_reads_read_only(session: Session, _ctx: Any, _instances: Any) -> None:
    if not session.info.get(READ_ONLY):
        return
    changed = [obj for obj in session.dirty if session.is_modified(obj)]
    refused = [*changed, *session.deleted, *session.new]
    if refused:
        names = sorted({type(obj).__name__ for obj in refused})
        raise RuntimeError(f"a read-only transaction tried to write {', '.join(names)}")
