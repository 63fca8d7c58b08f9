"""Case search on PostgreSQL: the plan and execution time of a name search.

Runs ``casefiles.case_search.search_cases`` for each ``--name`` against a seeded database (see
``bench.web``), catches the statement it sends and runs it again under ``EXPLAIN ANALYZE``
``--runs`` times. Prints JSON per name: hits, execution ms (min, median) as PostgreSQL
reports it, and the indexes the plan uses (a ``Seq Scan`` is listed too).

Usage: python -m bench.search_plan --database-url URL [--tenant demo] [--runs 5]
                                   --name jansen [--name bakker ...]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from api.wiring import load_domains
from casefiles.case_search import search_cases
from engine.db import make_engine, make_session_factory, transaction
from engine.identity.models import Tenant
from engine.settings import normalise_database_url

SCANNED = re.compile(r"(Seq Scan on \w+|(?:Bitmap )?Index(?: Only)? Scan (?:on|using) \w+)")
EXECUTION = re.compile(r"Execution Time: ([0-9.]+) ms")


def _plan_of(db_engine: Engine, tenant_id: int, name: str, runs: int) -> dict[str, Any]:
    sent: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        sent.append((statement, parameters))

    event.listen(db_engine, "before_cursor_execute", keep)
    with transaction(make_session_factory(db_engine), tenant_id) as session:
        hits = len(search_cases(session, name=name))
    event.remove(db_engine, "before_cursor_execute", keep)
    statement, parameters = sent[-1]
    times, scans = [], set()
    with db_engine.connect() as conn:
        for _ in range(runs):
            plan = "\n".join(
                conn.exec_driver_sql(f"EXPLAIN ANALYZE {statement}", parameters).scalars()
            )
            found = EXECUTION.search(plan)
            assert found, plan
            times.append(float(found.group(1)))
            scans.update(SCANNED.findall(plan))
    return {
        "hits": hits,
        "execution_ms": {"min": min(times), "median": round(statistics.median(times), 2)},
        "scans": sorted(scans),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True, help="a seeded PostgreSQL database")
    parser.add_argument("--tenant", default="demo")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--name", action="append", required=True, help="part of a name")
    args = parser.parse_args()
    load_domains()
    db_engine = make_engine(normalise_database_url(args.database_url))
    with transaction(make_session_factory(db_engine)) as session:
        tenant_id = session.scalar(select(Tenant.id).where(Tenant.slug == args.tenant))
    if tenant_id is None:
        raise SystemExit(f"no tenant {args.tenant}")
    plans = {name: _plan_of(db_engine, tenant_id, name, args.runs) for name in args.name}
    print(json.dumps({"bench": "search_plan", "names": plans}, indent=2))


if __name__ == "__main__":
    main()
