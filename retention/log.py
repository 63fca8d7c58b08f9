"""The destruction log: one entry per destroyed case, kept forever, hash-chained per tenant."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import clock
from retention.models import DestructionLogEntry, DestructionLogHead

LOG_FIELDS = (
    "tenant_id",
    "seq",
    "list_id",
    "list_name",
    "case_id",
    "reference",
    "process_key",
    "result",
    "selectielijstklasse",
    "archiefnominatie",
    "brondatum",
    "archiefactiedatum",
    "started_at",
    "closed_at",
    "state_hash",
    "resources",
    "approved_by",
    "destroyed_at",
)


def log_hash(entry: DestructionLogEntry) -> str:
    payload = {}
    for name in LOG_FIELDS:
        value = getattr(entry, name)
        if isinstance(value, datetime):
            value = value.astimezone(clock.UTC).isoformat()
        payload[name] = value if value is None or isinstance(value, int) else str(value)
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((entry.prev_hash + text).encode()).hexdigest()


def verify_log(session: Session, tenant_id: int) -> str | None:
    """None when the tenant's destruction log is intact, else what is wrong."""
    head = session.get(DestructionLogHead, tenant_id)
    prev, seq = "0" * 64, 1
    for entry in session.scalars(
        select(DestructionLogEntry)
        .where(DestructionLogEntry.tenant_id == tenant_id)
        .order_by(DestructionLogEntry.seq)
    ):
        if entry.seq != seq:
            return f"entry {seq} is missing"
        if entry.prev_hash != prev or log_hash(entry) != entry.hash:
            return f"entry {entry.seq} was changed"
        prev, seq = entry.hash, seq + 1
    if head is not None and head.last_seq != seq - 1:
        return "entries at the end are missing"
    return None
