"""What one web page costs in-process: SQL statements and CPU milliseconds per request, the
whole request included (middleware, session check, CSRF token, query, template), for the
dashboard, work queue, team page, case page (rotating over sampled cases) and name search.

Uses the database ``bench.web`` seeds (reused when its tenant has cases) and the real app,
driven in this thread through httpx's ASGI transport, one request at a time, so the figures
are free of queueing. Sync page functions run inline instead of in the threadpool, so the
CPU time is all in this thread and ``--profile PAGE`` sees the whole request (the client's
share, the same for every page, is included).

Usage: python -m bench.page_cost [--database-url URL | --sqlite PATH] [--cases 50]
                                 [--requests 200] [--profile queue]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import fastapi.routing
import httpx
from fastapi import FastAPI

from api.app import create_app
from bench.common import DEFAULT_POSTGRES, StatementCounter
from bench.web import BENCH_USER, CSRF_FIELD, PASSWORD, Workload, prepare
from engine.db import make_engine
from engine.settings import Settings, normalise_database_url


def _pages(workload: Workload, n: int) -> dict[str, list[str]]:
    """Per page kind, the ``n`` paths to open: case pages and searches rotate over the sample."""
    names = workload.names or ["a"]
    return {
        "dashboard": ["/"] * n,
        "queue": ["/werkvoorraad"] * n,
        "team": ["/team"] * n,
        "case": [f"/zaken/{workload.case_ids[i % len(workload.case_ids)]}" for i in range(n)],
        "search": [f"/zaken?naam={names[i % len(names)]}" for i in range(n)],
    }


def _run_inline() -> None:
    """Sync page functions run in this thread, so one profiler and one CPU clock see all."""

    async def inline(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    fastapi.routing.run_in_threadpool = inline


async def _login(client: httpx.AsyncClient) -> None:
    token = CSRF_FIELD.search((await client.get("/login")).text)
    assert token, "the login page has no CSRF field"
    data = {"csrf_token": token.group(1), "username": BENCH_USER, "password": PASSWORD}
    answer = await client.post("/login", data=data)
    if answer.status_code != 303:
        raise RuntimeError(f"login failed: {answer.status_code}")


async def measure(
    client: httpx.AsyncClient, counter: StatementCounter, paths: list[str]
) -> dict[str, Any]:
    for path in paths[:5]:  # warm caches: templates, compiled SQL, connection pool
        await client.get(path)
    cpu_ms: list[float] = []
    statements: list[int] = []
    for path in paths:
        counter.count = 0
        started = time.process_time()
        answer = await client.get(path)
        cpu_ms.append((time.process_time() - started) * 1000)
        statements.append(counter.count)
        if answer.status_code != 200:
            raise RuntimeError(f"{path} answered {answer.status_code}")
    q = statistics.quantiles(cpu_ms, n=100)
    return {
        "statements": {"mean": round(statistics.fmean(statements), 1), "max": max(statements)},
        "cpu_ms": {"p50": round(q[49], 2), "p95": round(q[94], 2)},
    }


async def profile(client: httpx.AsyncClient, paths: list[str]) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for path in paths:
        await client.get(path)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)


async def run(app: FastAPI, counter: StatementCounter, pages: dict[str, list[str]],
              args: argparse.Namespace) -> dict[str, Any]:  # fmt: skip
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        await _login(client)
        if args.profile:
            await profile(client, pages[args.profile])
            return {}
        return {kind: await measure(client, counter, paths)
                for kind, paths in pages.items()}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--database-url", help="database to reuse (seeded when empty)")
    where.add_argument("--sqlite", help="SQLite file to reuse (seeded when empty)")
    parser.add_argument("--cases", type=int, default=50, help="demo cases to seed when empty")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", help="page to profile: dashboard, queue, team, case or search")
    args = parser.parse_args()
    if args.sqlite:
        url = f"sqlite:///{Path(args.sqlite).resolve()}"
    else:
        url = normalise_database_url(args.database_url or DEFAULT_POSTGRES)
    workload = prepare(url, "demo", args.cases)
    db_engine = make_engine(url)
    counter = StatementCounter(db_engine)
    _run_inline()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), run_scheduler=False)
        app = create_app(settings, db_engine=db_engine)
        figures = asyncio.run(run(app, counter, _pages(workload, args.requests), args))
    if figures:
        print(json.dumps({"bench": "page_cost", "database": url.split(":", 1)[0],
                          "cases": workload.cases, "pages": figures}, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
