"""Write and verify the audit trail.

``record`` queues an entry on the session; just before commit the queued entries are
chained onto the tenant's head (row-locked on PostgreSQL), so the lock is held only for
the last moment of the transaction and a rolled-back transaction leaves no entry. The
queued processing-log rows (``engine.audit.processing_log``) go in with them. Savepoints do
not chain: their entries wait for the outer commit, and a rolled-back savepoint drops the
entries and rows queued inside it.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, TextClause, bindparam, event, insert, select, text, update
from sqlalchemy.orm import Session, SessionTransaction

from engine import clock
from engine.audit import processing_log
from engine.audit.models import AuditEntry, AuditHead
from engine.db import json_rows
from engine.identity.actor import Actor
from engine.transaction_memo import queue

_ENTRIES: Table = AuditEntry.__table__  # type: ignore[assignment]
_HEADS: Table = AuditHead.__table__  # type: ignore[assignment]
_LOGGED: Table = processing_log.ProcessingLogEntry.__table__  # type: ignore[assignment]
_PENDING = "audit_pending"
_QUEUES = (_PENDING, processing_log.QUEUED)
_SAVEPOINT_MARKS = "audit_savepoint_marks"
_CHAINED_FIELDS = (
    "tenant_id",
    "seq",
    "at",
    "actor_kind",
    "actor_id",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "case_id",
    "based_on",
    "before",
    "after",
)


def record(
    session: Session,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: object,
    *,
    case_id: uuid.UUID | None = None,
    based_on: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Queue one audit entry; it is written with the transaction's commit."""
    queue(session, _PENDING).append(
        dict(
            tenant_id=actor.tenant_id,
            at=clock.now(),
            actor_kind=actor.kind,
            actor_id=str(actor.id),
            actor_name=actor.name,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            case_id=case_id,
            based_on=based_on,
            before=_jsonable(before),
            after=_jsonable(after),
        )
    )


def has_pending(session: Session) -> bool:
    """Whether this transaction queued audit entries or processing-log rows not written yet."""
    return any(session.info.get(key) for key in _QUEUES)


def flush_pending(session: Session) -> None:
    """Chain the queued entries onto their tenants' heads and write the queued processing-log
    rows (once, at the outer commit)."""
    if session.in_nested_transaction():
        return  # one head lock and one insert per transaction, not per savepoint
    session.flush()  # what the final flush records is chained too
    pending: list[dict[str, Any]] = session.info.pop(_PENDING, [])
    logged: list[dict[str, Any]] = session.info.pop(processing_log.QUEUED, [])
    if not pending and not logged:
        return
    by_tenant: dict[int, list[dict[str, Any]]] = {}
    for entry in pending:
        by_tenant.setdefault(entry["tenant_id"], []).append(entry)
    logged_by_tenant: dict[int, list[dict[str, Any]]] = {}
    for row in logged:
        logged_by_tenant.setdefault(row["tenant_id"], []).append(row)
    # plain connection statements: this runs in every writing transaction, and the ORM's
    # execution layer (tenant criteria, autoflush) has nothing to add to them
    connection = session.connection()
    on_postgresql = connection.dialect.name == "postgresql"
    for tenant_id in sorted(by_tenant):
        entries, rows = by_tenant[tenant_id], logged_by_tenant.pop(tenant_id, [])
        seen = _HEADS_SEEN.get(tenant_id) if on_postgresql else None
        if seen is None or not _append(connection, tenant_id, seen, entries, rows):
            moved = _append(connection, tenant_id, _lock_head(connection, tenant_id), entries, rows)
            assert moved, "the locked head cannot have moved"
        if on_postgresql:
            written = session.info.setdefault(_HEADS_WRITTEN, {})
            written[tenant_id] = (entries[-1]["seq"], entries[-1]["hash"])
    rest = [row for rows in logged_by_tenant.values() for row in rows]
    if rest:  # processing logged in a transaction that audited nothing for its tenant
        connection.execute(insert(_LOGGED), rest)


# PostgreSQL: each tenant's head as this process last committed it. The next transaction
# chains onto it at once, and its one statement moves the head only if the head is still
# there; else (another process or thread wrote since) the head is locked, read and chained
# onto. In one process writing, that saves the round trip of the lock in every transaction.
_HEADS_SEEN: dict[int, tuple[int, str]] = {}
_HEADS_WRITTEN = "audit_heads_written"


@event.listens_for(Session, "after_commit")
def _remember_heads(session: Session) -> None:
    _HEADS_SEEN.update(session.info.pop(_HEADS_WRITTEN, {}))


@event.listens_for(Session, "after_transaction_create")
def _mark_savepoint(session: Session, transaction: SessionTransaction) -> None:
    if transaction.nested:
        marks = session.info.setdefault(_SAVEPOINT_MARKS, {})
        marks[id(transaction)] = [len(session.info.get(key, ())) for key in _QUEUES]


@event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back_entries(session: Session, transaction: SessionTransaction) -> None:
    if not transaction.nested:
        if transaction.parent is None:  # the whole transaction: nothing it queued is written
            for key in (*_QUEUES, _SAVEPOINT_MARKS, _HEADS_WRITTEN):
                session.info.pop(key, None)
        return
    marks = session.info.get(_SAVEPOINT_MARKS, {}).pop(id(transaction), None)
    if marks is None:
        return
    for key, mark in zip(_QUEUES, marks, strict=True):
        queued = session.info.get(key)
        if queued is not None:
            del queued[mark:]


_HEAD_FOR_UPDATE = (
    select(_HEADS.c.last_seq, _HEADS.c.last_hash)
    .where(_HEADS.c.tenant_id == bindparam("tenant_id"))
    .with_for_update()
)
_HEAD_MOVES = (
    update(_HEADS)
    .where(
        _HEADS.c.tenant_id == bindparam("tenant"),
        _HEADS.c.last_seq == bindparam("read_seq"),
        _HEADS.c.last_hash == bindparam("read_hash"),
    )
    .values(last_seq=bindparam("last_seq"), last_hash=bindparam("last_hash"))
)
_ENTRY_COLUMNS = ", ".join(
    c.name for c in _ENTRIES.columns if c.name not in ("id", "tenant_id", "before", "after")
)
_LOGGED_COLUMNS = ", ".join(c.name for c in _LOGGED.columns)


def _append_on_postgresql() -> TextClause:
    """The head moves, the entries and the processing-log rows (maybe none) go in: one
    statement (one text, so the server prepares it once), the rows as one JSON parameter
    each; nothing goes in unless the head was where the entries were chained onto."""
    return text(
        "WITH head AS (UPDATE audit_heads SET last_seq = :last_seq, last_hash = :last_hash"
        " WHERE tenant_id = :tenant AND last_seq = :read_seq AND last_hash = :read_hash"
        " RETURNING tenant_id),"
        f" logged AS (INSERT INTO processing_log_entries ({_LOGGED_COLUMNS})"
        f" SELECT {_LOGGED_COLUMNS}"
        " FROM json_populate_recordset(NULL::processing_log_entries, CAST(:logged AS json))"
        " WHERE EXISTS (SELECT FROM head))"
        f" INSERT INTO audit_entries (tenant_id, {_ENTRY_COLUMNS}, before, after)"
        f" SELECT head.tenant_id, {_ENTRY_COLUMNS},"
        # None is stored as JSON null, as the ORM and the SQLite path store it
        " COALESCE(before, 'null'), COALESCE(after, 'null')"
        " FROM head, json_populate_recordset(NULL::audit_entries, CAST(:entries AS json))"
    )


_APPEND_ON_POSTGRESQL = _append_on_postgresql()


def _lock_head(connection: Connection, tenant_id: int) -> tuple[int, str]:
    """The tenant's last sequence number and hash, row-locked (PostgreSQL)."""
    row = connection.execute(_HEAD_FOR_UPDATE, {"tenant_id": tenant_id}).first()
    if row is not None:
        return int(row.last_seq), str(row.last_hash)
    start = "0" * 64
    connection.execute(
        insert(_HEADS).values(
            tenant_id=tenant_id, last_seq=0, last_hash=start, anchor_seq=0, anchor_hash=start
        )
    )
    return 0, start


def _append(
    connection: Connection,
    tenant_id: int,
    head: tuple[int, str],
    entries: list[dict[str, Any]],
    logged: list[dict[str, Any]],
) -> bool:
    """Chain the entries onto ``head`` and insert them with the ``logged`` processing-log
    rows, moving the tenant's head to the last entry; False (and nothing written) when the
    head is no longer ``head``."""
    seq, last_hash = head
    for fields in entries:
        seq += 1
        fields["seq"], fields["prev_hash"] = seq, last_hash
        fields["hash"] = last_hash = entry_hash(last_hash, fields)
    moves = {
        "tenant": tenant_id,
        "read_seq": head[0],
        "read_hash": head[1],
        "last_seq": seq,
        "last_hash": last_hash,
    }
    if connection.dialect.name != "postgresql":
        if connection.execute(_HEAD_MOVES, moves).rowcount != 1:
            return False
        connection.execute(insert(_ENTRIES), entries)
        if logged:
            connection.execute(insert(_LOGGED), logged)
        return True
    rows = {"entries": json_rows(entries), "logged": json_rows(logged)}
    return connection.execute(_APPEND_ON_POSTGRESQL, moves | rows).rowcount == len(entries)


def entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    payload = {name: fields.get(name) for name in _CHAINED_FIELDS}
    payload["at"] = _iso(payload["at"])
    payload["case_id"] = str(payload["case_id"]) if payload["case_id"] else None
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    tenant_id: int
    entries: int
    broken_at_seq: int | None
    reason: str | None

    @property
    def ok(self) -> bool:
        return self.broken_at_seq is None


def verify_chain(session: Session, tenant_id: int) -> ChainReport:
    """Walk the tenant's chain from its anchor; report the first broken link."""
    head = session.get(AuditHead, tenant_id)
    expected_prev = head.anchor_hash if head else "0" * 64
    expected_seq = (head.anchor_seq if head else 0) + 1
    count = 0
    rows = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.tenant_id == tenant_id)
        .order_by(AuditEntry.seq)
        .execution_options(yield_per=1000)
    )
    for row in rows:
        count += 1
        if row.seq != expected_seq:
            return ChainReport(tenant_id, count, expected_seq, f"entry {expected_seq} is missing")
        fields = {name: getattr(row, name) for name in _CHAINED_FIELDS}
        if row.prev_hash != expected_prev:
            return ChainReport(tenant_id, count, row.seq, "link to the previous entry is broken")
        if entry_hash(row.prev_hash, fields) != row.hash:
            return ChainReport(tenant_id, count, row.seq, "entry content was changed")
        expected_prev, expected_seq = row.hash, row.seq + 1
    if head is not None and head.last_seq != expected_seq - 1:
        return ChainReport(tenant_id, count, expected_seq, "entries at the end are missing")
    return ChainReport(tenant_id, count, None, None)


def _iso(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.astimezone(clock.UTC).isoformat()
    return value


def _jsonable(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if data is None:
        return None
    return json.loads(json.dumps(data, default=str))
