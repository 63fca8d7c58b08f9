"""Case page and case search in-process: SQL statements and CPU time per request.

Runs the real app in this process (no server, no concurrency) against a database that
``bench.web`` (or ``akkoord demo``) seeded, logged in as its ``bench`` user, and opens
``--pages`` case pages and ``--searches`` name searches. CPU time, not wall time, is what the
figures report (the machine is shared); ``--profile`` prints the top functions of cProfile.

Prints JSON: statements per case page (mean, max) and CPU ms per case page and per search
(p50, p95).

Usage: python -m bench.case_page --database-url URL [--pages 200] [--searches 50] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import re
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

import fastapi.routing
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine

from api.app import create_app
from bench.web import BENCH_USER, PASSWORD, prepare
from engine.settings import Settings, normalise_database_url


class StatementCounter:
    """Counts the SQL statements every engine of this process sends."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *_args: Any) -> None:
        self.count += 1

    @contextmanager
    def counting(self) -> Iterator[None]:
        event.listen(Engine, "before_cursor_execute", self)
        try:
            yield
        finally:
            event.remove(Engine, "before_cursor_execute", self)


@contextmanager
def profiling_endpoints(profiler: cProfile.Profile) -> Iterator[None]:
    """Run sync endpoints under ``profiler``: they run in a worker thread, which a profiler
    enabled in this thread would not see."""
    original = fastapi.routing.run_in_threadpool

    async def run(func: Any, *args: Any, **kwargs: Any) -> Any:
        return await original(profiler.runcall, func, *args, **kwargs)

    fastapi.routing.run_in_threadpool = run
    try:
        yield
    finally:
        fastapi.routing.run_in_threadpool = original


def _login(client: TestClient) -> None:
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    data = {"csrf_token": token.group(1), "username": BENCH_USER, "password": PASSWORD}
    if client.post("/login", data=data, follow_redirects=False).status_code != 303:
        raise RuntimeError("login failed")


def _measure(client: TestClient, paths: list[str]) -> tuple[list[float], list[int]]:
    """CPU ms and statements per GET of each path; any answer but 200 is an error."""
    counter = StatementCounter()
    cpu_ms, statements = [], []
    for path in paths:
        before = counter.count
        started = time.process_time()
        with counter.counting():
            answer = client.get(path)
        cpu_ms.append((time.process_time() - started) * 1000)
        statements.append(counter.count - before)
        if answer.status_code != 200:
            raise RuntimeError(f"{path} answered {answer.status_code}")
    return cpu_ms, statements


def _figures(cpu_ms: list[float], statements: list[int]) -> dict[str, Any]:
    q = statistics.quantiles(cpu_ms, n=100) if len(cpu_ms) > 1 else cpu_ms * 100
    return {
        "count": len(cpu_ms),
        "cpu_ms": {"p50": round(q[49], 1), "p95": round(q[94], 1)},
        "statements": {"mean": round(statistics.mean(statements), 1), "max": max(statements)},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True, help="a database bench.web seeded")
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--searches", type=int, default=50)
    parser.add_argument("--tenant", default="demo")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top 30")
    args = parser.parse_args()
    url = normalise_database_url(args.database_url)
    workload = prepare(url, args.tenant, cases=50)
    app = create_app(Settings(database_url=url, run_scheduler=False))
    case_paths = [
        f"/zaken/{workload.case_ids[i % len(workload.case_ids)]}" for i in range(args.pages)
    ]
    names = workload.names or ["a"]
    search_paths = [f"/zaken?naam={names[i % len(names)]}" for i in range(args.searches)]
    with TestClient(app, base_url="http://localhost") as client:
        _login(client)
        _measure(client, case_paths[:5])  # warm: templates compiled, connections open
        profiler = cProfile.Profile()
        with profiling_endpoints(profiler) if args.profile else nullcontext():
            case_page = _figures(*_measure(client, case_paths))
        search = _figures(*_measure(client, search_paths))
    print(json.dumps({"bench": "case_page", "cases": workload.cases,
                      "case_page": case_page, "search": search}, indent=2))  # fmt: skip
    if args.profile:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
