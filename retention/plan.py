"""Which rows make up a case, and in which order they are destroyed.

Every table with a ``case_id`` column belongs to the case (except the retention records
that must outlive it and tables flagged ``info={"retention": "keep"}``), as does every
table whose foreign key points at such a table. Order: documents, then case-file data of
the domain packages, then workflow state, then retention's own per-case rows, then the
case row — always children before parents (foreign keys), ties broken by that order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import Column, Table

from engine.db import Base
from retention.models import KEPT_TABLES

WORKFLOW_TABLES = frozenset(
    {
        "work_items",
        "pending_timers",
        "pending_messages",
        "incidents",
        "completed_tasks",
        "process_instances",
    }
)
RETENTION_TABLES = frozenset({"retention_case_archives", "retention_legal_holds"})
# Logs keep their own retention (retention.jobs); they are never removed with a case.
ALWAYS_KEPT = KEPT_TABLES | {"audit_entries", "processing_log_entries"}


@dataclass(frozen=True)
class Step:
    order: int
    table: Table
    via: Column[object] | None  # FK column to the parent when the table has no case_id
    parent: Table | None

    @property
    def name(self) -> str:
        return self.table.name


def _group(table: Table) -> int:
    if table.name.startswith("document"):
        return 0
    if table.name in WORKFLOW_TABLES:
        return 2
    if table.name in RETENTION_TABLES:
        return 3
    if table.name == "cases":
        return 4
    return 1


def _kept(table: Table) -> bool:
    return table.name in ALWAYS_KEPT or table.info.get("retention") == "keep"


@cache
def destruction_plan() -> tuple[Step, ...]:
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    direct = {n for n, t in tables.items() if "case_id" in t.c and not _kept(t)}
    steps: dict[str, tuple[Column[object] | None, Table | None]] = {n: (None, None) for n in direct}
    for name, table in tables.items():
        if name in direct or _kept(table) or name == "cases":
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name in direct and fk.parent.table is table:
                steps[name] = (fk.parent, fk.column.table)
                break
    steps["cases"] = (None, None)
    return tuple(Step(i, tables[n], *steps[n]) for i, n in enumerate(_ordered(tables, set(steps))))


def _ordered(tables: dict[str, Table], chosen: set[str]) -> list[str]:
    """Kahn's algorithm: a table goes once no remaining table references it."""
    referrers: dict[str, set[str]] = {n: set() for n in chosen}
    for name in chosen:
        for fk in tables[name].foreign_keys:
            target = fk.column.table.name
            if target in chosen and target != name:
                referrers[target].add(name)
    done: list[str] = []
    remaining = set(chosen)
    while remaining:
        ready = [n for n in remaining if not (referrers[n] & remaining)]
        if not ready:
            raise RuntimeError(f"foreign-key cycle among {sorted(remaining)}")
        pick = min(ready, key=lambda n: (_group(tables[n]), n))
        done.append(pick)
        remaining.discard(pick)
    return done
