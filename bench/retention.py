"""Retention benchmark on PostgreSQL (prints JSON).

Bulk-inserts N closed synthetic cases (COPY) with their archive fields into a dedicated
database, then measures:
  (a) the due search: every case whose archiefactiedatum passed, not held, not listed
      (target <= 5 s for 1,000,000 cases),
  (b) destroying a list of L cases with workflow rows, full per-row records, the
      hash-chained destruction log and audit entries (target >= 100 cases/s).

Usage: python -m bench.retention [--cases 1000000] [--list-size 10000]
       [--postgres postgresql://postgres@127.0.0.1:5432/test] [--keep]
"""

from __future__ import annotations

import argparse
import json
import random
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import create_engine, insert, text

from api.wiring import load_domains, migrate
from engine import clock
from engine.db import make_engine, make_session_factory, transaction
from engine.identity.service import create_tenant, create_user, user_actor
from engine.process.models import CompletedTask, ProcessDefinition, ProcessInstance, WorkItem
from engine.settings import normalise_database_url
from retention import lists
from retention.archive_dates import add_duration
from retention.executor import execute_list
from retention.service import count_due, due_cases, due_ids_query

DB_NAME = "akkoord_bench_retention"
TERMS = [
    ("afgebroken", "8.4.1", "P42D"),
    ("verstrekt", "8.1.9", "P5Y"),
    ("beeindigd", "8.3.5", "P5Y"),
    ("geweigerd", "8.2", "P5Y"),
]


def _database(admin_url: str) -> str:
    admin = create_engine(normalise_database_url(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{DB_NAME}"'))
    admin.dispose()
    return normalise_database_url(admin_url).rsplit("/", 1)[0] + f"/{DB_NAME}"


def _synthetic(
    count: int, list_size: int, today: date, tenant_id: int
) -> Iterator[tuple[tuple[Any, ...], tuple[Any, ...]]]:
    """(case row, archive row) per synthetic case, the same on every call (seeded)."""
    rng = random.Random(5)
    now = datetime.now(UTC)
    for i in range(count):
        case_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        if i < list_size:  # due, on the benchmark list
            closed = today - timedelta(days=400 + i % 200)
            result, klasse, term, process = "afgebroken", "8.4.1", "P42D", "bench_list"
        else:
            result, klasse, term = TERMS[i % len(TERMS)]
            closed = today - timedelta(days=rng.randint(0, 10 * 365))
            process = "schuldhulpverlening"
        closed_at = datetime(closed.year, closed.month, closed.day, 12, tzinfo=UTC)
        yield (
            (
                case_id,
                tenant_id,
                f"Z{i:08d}",
                process,
                "",
                "closed",
                "afgesloten",
                result,
                closed_at - timedelta(days=300),
                closed_at,
                1,
            ),
            (
                case_id,
                tenant_id,
                result,
                klasse,
                "vernietigen",
                "afgehandeld",
                term,
                closed,
                add_duration(closed, term),
                "nog_te_archiveren",
                "{}",
                now,
            ),
        )


def _copy_cases(
    url: str, tenant_id: int, count: int, list_size: int, today: date
) -> list[uuid.UUID]:
    """COPY closed cases and their archive rows; the first ``list_size`` are due and
    belong to process 'bench_list' (returned)."""
    import psycopg

    copies = [
        "COPY cases (id, tenant_id, reference, process_key, title, status, phase, result, "
        "started_at, closed_at, version) FROM STDIN",
        "COPY retention_case_archives (case_id, tenant_id, result, selectielijstklasse, "
        "archiefnominatie, afleidingswijze, archiefactietermijn, brondatum, archiefactiedatum, "
        "archiefstatus, properties, updated_at) FROM STDIN",
    ]
    listed: list[uuid.UUID] = []
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        for which, statement in enumerate(copies):
            with conn.cursor() as cur, cur.copy(statement) as copy:
                for rows in _synthetic(count, list_size, today, tenant_id):
                    copy.write_row(rows[which])
                    if which == 0 and len(listed) < list_size:
                        listed.append(rows[0][0])
        conn.commit()
    with psycopg.connect(
        url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True
    ) as conn:  # what autovacuum does after a bulk load
        conn.execute("VACUUM ANALYZE cases")
        conn.execute("VACUUM ANALYZE retention_case_archives")
    return listed


def _workflow_rows(factory: Any, tenant_id: int, case_ids: list[uuid.UUID]) -> None:
    with transaction(factory, tenant_id) as session:
        definition = ProcessDefinition(
            tenant_id=tenant_id,
            key="bench_list",
            version=1,
            content_hash="b" * 64,
            files={},
            spec=b"{}",
        )
        session.add(definition)
        session.flush()
        instances = [
            {
                "id": uuid.uuid4(),
                "tenant_id": tenant_id,
                "case_id": c,
                "definition_id": definition.id,
                "status": "completed",
                "serializer_version": "1",
                "state": b"x" * 2000,
            }
            for c in case_ids
        ]
        session.execute(insert(ProcessInstance), instances)
        session.execute(
            insert(WorkItem),
            [
                {
                    "id": uuid.uuid4(),
                    "tenant_id": tenant_id,
                    "case_id": i["case_id"],
                    "instance_id": i["id"],
                    "task_key": "t",
                    "name": "Taak",
                    "role": "archivaris",
                }
                for i in instances
            ],
        )
        session.execute(
            insert(CompletedTask),
            [
                {
                    "id": uuid.uuid4(),
                    "tenant_id": tenant_id,
                    "case_id": c,
                    "task_key": "a",
                    "name": "A",
                    "completed_by": "bench",
                }
                for c in case_ids
                for _ in range(2)
            ],
        )


def run(cases: int, list_size: int, admin_url: str, keep: bool) -> dict[str, Any]:
    load_domains()
    url = _database(admin_url)
    migrate(url)
    factory = make_session_factory(make_engine(url))
    with transaction(factory) as session:
        tenant = create_tenant(session, slug="bench", name="Bench")
        people = [
            user_actor(
                create_user(session, tenant=tenant, username=n, password=None, roles=["archivaris"])
            )
            for n in ("auteur", "rev", "arch")
        ]
        tenant_id = tenant.id
    today = datetime.now(UTC).date()
    started = time.perf_counter()
    listed = _copy_cases(url, tenant_id, cases, list_size, today)
    _workflow_rows(factory, tenant_id, listed)
    load_seconds = time.perf_counter() - started

    with transaction(factory, tenant_id) as session:
        started = time.perf_counter()
        due_count = count_due(session, tenant_id, on=today)
        count_seconds = time.perf_counter() - started
        started = time.perf_counter()
        first_page = due_cases(session, tenant_id, on=today, limit=100)
        page_seconds = time.perf_counter() - started
        started = time.perf_counter()
        due_ids = session.scalars(due_ids_query(tenant_id, on=today)).all()
        due_seconds = time.perf_counter() - started

    author, reviewer, archivist = people
    started = time.perf_counter()
    with transaction(factory, tenant_id) as session:
        list_id = lists.create_list(
            session, author, name="Bench", process_key="bench_list", submit=True
        ).id
    with transaction(factory, tenant_id) as session:
        lists.review(session, reviewer, lists.get_list(session, list_id), accept=True)
        lists.submit_to_archivist(session, author, lists.get_list(session, list_id))
    with transaction(factory, tenant_id) as session:
        lists.approve(session, archivist, lists.get_list(session, list_id))
    propose_seconds = time.perf_counter() - started

    clock.install_clock(lambda: datetime.now(UTC) + timedelta(days=8))
    started = time.perf_counter()
    report = execute_list(factory, tenant_id, list_id, chunk_size=250)
    destroy_seconds = time.perf_counter() - started
    clock.install_clock(None)
    if not keep:
        _database(admin_url)  # leave an empty database behind, not a million rows
    return {
        "benchmark": "retention",
        "backend": "postgresql",
        "cases": cases,
        "load_seconds": round(load_seconds, 1),
        "due_count": due_count,
        "due_count_seconds": round(count_seconds, 3),
        "due_first_page_seconds": round(page_seconds, 3),
        "due_first_page": len(first_page),
        # what `akkoord retention due` does: the count plus the first page
        "due_search_seconds": round(count_seconds + page_seconds, 3),
        "due_search_target_seconds": 5.0,
        "due_search_ok": count_seconds + page_seconds <= 5.0,
        # every due id through the ORM (for bulk work; Python-bound)
        "due_all_ids_seconds": round(due_seconds, 3),
        "due_ids_fetched": len(due_ids),
        "list_cases": list_size,
        "propose_review_approve_seconds": round(propose_seconds, 2),
        "destroyed": report.destroyed,
        "failed": report.failed,
        "list_status": report.status,
        "destroy_seconds": round(destroy_seconds, 2),
        "destroyed_per_second": round(report.destroyed / destroy_seconds, 1),
        "destroy_target_per_second": 100,
        "destroy_ok": report.destroyed / destroy_seconds >= 100,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--list-size", type=int, default=10_000)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()
    list_size = min(args.list_size, args.cases)
    print(json.dumps(run(args.cases, list_size, args.postgres, args.keep), indent=2))


if __name__ == "__main__":
    main()
