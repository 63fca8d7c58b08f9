"""Web UI benchmark: concurrent logged-in users open dashboards, work queues, case pages and
case searches.

The database is the one ``akkoord demo --cases N`` fills: by default a fresh SQLite file
(the ``make run`` setup), with ``--postgres`` a fresh PostgreSQL database, or the database
given with ``--database-url`` (seeded only when its tenant has no cases yet, so a 100,000-case
database is filled once and reused). The bench adds a user ``bench`` (case worker and team
lead), starts uvicorn with ``--workers`` workers in a subprocess, logs in one web session per
user and drives the pages from an async httpx loop on loopback for ``--seconds``.

Prints JSON per page: the client's latency on loopback (an upper bound of server time) and the
server time from the app's ``Server-Timing`` header (request in to response start, threadpool
wait included), p50/p95/p99 in ms, and errors (any answer but 200).

``--think S`` makes each user wait 0.5-1.5 x S seconds between pages (people read); the
default 0 sends the next request as soon as the last answer is in, which measures the server
saturated: then the server time is mostly queueing (users / throughput).

Usage: python -m bench.web [--cases 50] [--users 50] [--seconds 120] [--workers CORES]
                           [--think 0] [--postgres | --database-url URL] [--tenant demo]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from api.wiring import load_domains, migrate
from bench.common import DEFAULT_POSTGRES, fresh_postgres
from casefiles.demo import seed_demo
from casefiles.models import Person
from engine.cases.models import Case
from engine.db import make_engine, make_session_factory, transaction
from engine.identity.models import Tenant, User
from engine.identity.service import create_user
from engine.settings import get_settings, normalise_database_url

PASSWORD = "Bench-wachtwoord-2026"
BENCH_USER = "bench"
BENCH_ROLES = ["intake", "schuldhulpverlener", "teamleider"]
PAGES = ("dashboard", "queue", "case", "search")
SAMPLE = 2000  # case ids and client names the users pick their pages from
TIMING = re.compile(r"app;dur=([0-9.]+)")
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Workload:
    case_ids: list[str]
    names: list[str]
    cases: int


@dataclass
class PageFigures:
    client_ms: list[float] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)  # what went wrong, how often


def _tenant_id(factory: sessionmaker[Session], slug: str) -> int | None:
    with transaction(factory) as session:
        return session.scalar(select(Tenant.id).where(Tenant.slug == slug))


def _case_count(factory: sessionmaker[Session], tenant_id: int) -> int:
    with transaction(factory, tenant_id) as session:
        return int(session.scalar(select(func.count()).select_from(Case)) or 0)


def _ensure_bench_user(factory: sessionmaker[Session], tenant_id: int) -> None:
    with transaction(factory) as session:
        tenant = session.get(Tenant, tenant_id)
        known = select(User.id).where(User.tenant_id == tenant_id, User.username == BENCH_USER)
        if tenant is not None and session.scalar(known) is None:
            create_user(session, tenant=tenant, username=BENCH_USER, password=PASSWORD,
                        roles=BENCH_ROLES, full_name="Bench Gebruiker")  # fmt: skip


def _workload(factory: sessionmaker[Session], tenant_id: int) -> Workload:
    with transaction(factory, tenant_id) as session:
        ids = session.scalars(select(Case.id).order_by(Case.id).limit(SAMPLE))
        names = session.scalars(
            select(Person.last_name).where(Person.role == "client").distinct().limit(SAMPLE)
        )
        workload = Workload([str(i) for i in ids], [n.lower() for n in names], 0)
    workload.cases = _case_count(factory, tenant_id)
    return workload


def _vacuum_analyze(url: str) -> None:
    # Planner statistics and visibility map as autovacuum would leave them after a bulk load
    # (the test server runs without autovacuum).
    if url.startswith("postgresql"):
        with make_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text("VACUUM ANALYZE"))


def prepare(url: str, tenant: str, cases: int) -> Workload:
    """Migrate, seed ``cases`` demo cases when the tenant has none, add the bench user."""
    load_domains()
    migrate(url)
    factory = make_session_factory(make_engine(url))
    tenant_id = _tenant_id(factory, tenant)
    if tenant_id is None or _case_count(factory, tenant_id) == 0:
        seed_demo(factory, tenant, cases, seed=6)
        tenant_id = _tenant_id(factory, tenant)
        _vacuum_analyze(url)
    assert tenant_id is not None
    _ensure_bench_user(factory, tenant_id)
    return _workload(factory, tenant_id)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(url: str, data_dir: Path, workers: int) -> Any:
    """uvicorn with ``workers`` processes on a free loopback port; yields its base URL."""
    port = _free_port()
    env = {**os.environ, "AKKOORD_DATABASE_URL": url, "AKKOORD_DATA_DIR": str(data_dir),
           "AKKOORD_RUN_SCHEDULER": "false",
           # given, not generated: every worker must sign CSRF tokens with the same key
           "AKKOORD_SECRET_KEY": secrets.token_urlsafe(48)}  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app",
         "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
         "--log-level", "warning", "--no-access-log", "--no-server-header"],
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_until_up(base: str) -> None:
    for _ in range(600):
        try:
            httpx.get(f"{base}/login", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


async def _login(client: httpx.AsyncClient) -> None:
    page = await client.get("/login")
    token = CSRF_FIELD.search(page.text)
    assert token
    data = {"csrf_token": token.group(1), "username": BENCH_USER, "password": PASSWORD}
    answer = await client.post("/login", data=data)
    if answer.status_code != 303:
        raise RuntimeError(f"login failed: {answer.status_code}")


def _pages_of(user: int, workload: Workload) -> list[tuple[str, str]]:
    """One round of a user: dashboard, work queue, four case pages, one search."""
    ids, names = workload.case_ids, workload.names or ["a"]
    pages = [("dashboard", "/"), ("queue", "/werkvoorraad")]
    pages += [("case", f"/zaken/{ids[(user * 7 + j) % len(ids)]}") for j in range(4)]
    pages.append(("search", f"/zaken?naam={names[user % len(names)]}"))
    return pages


async def _user(
    client: httpx.AsyncClient,
    pages: list[tuple[str, str]],
    until: float,
    think: float,
    out: dict[str, PageFigures],
) -> None:
    i = 0
    while time.perf_counter() < until:
        if think:  # a person reads the page before the next click: 0.5x to 1.5x ``think``
            await asyncio.sleep(random.uniform(0.5, 1.5) * think)
        kind, path = pages[i % len(pages)]
        i += 1
        figures = out[kind]
        started = time.perf_counter()
        try:
            answer = await client.get(path)
        except httpx.HTTPError as error:
            figures.errors[type(error).__name__] += 1
            continue
        figures.client_ms.append((time.perf_counter() - started) * 1000)
        timing = TIMING.search(answer.headers.get("server-timing", ""))
        if timing:
            figures.server_ms.append(float(timing.group(1)))
        if answer.status_code != 200:
            figures.errors[f"HTTP {answer.status_code}"] += 1


def _quantiles(values: list[float]) -> dict[str, float]:
    if len(values) < 2:
        return {}
    q = statistics.quantiles(values, n=100)
    return {"p50": round(q[49], 1), "p95": round(q[94], 1), "p99": round(q[98], 1)}


def _summary(figures: PageFigures, seconds: float) -> dict[str, Any]:
    return {
        "count": len(figures.client_ms),
        "per_second": round(len(figures.client_ms) / seconds, 1),
        "errors": sum(figures.errors.values()),
        "error_kinds": dict(figures.errors),
        "server_ms": _quantiles(figures.server_ms),
        "client_ms": _quantiles(figures.client_ms),
    }


async def drive(
    base: str, workload: Workload, users: int, seconds: float, think: float
) -> dict[str, Any]:
    out = {kind: PageFigures() for kind in PAGES}
    limits = httpx.Limits(max_connections=1)
    clients = [httpx.AsyncClient(base_url=base, timeout=60, limits=limits) for _ in range(users)]
    for client in clients:  # log in first: argon2 work is not part of the page figures
        await _login(client)
    until = time.perf_counter() + seconds
    await asyncio.gather(
        *(_user(c, _pages_of(u, workload), until, think, out) for u, c in enumerate(clients))
    )
    for client in clients:
        await client.aclose()
    return {kind: _summary(figures, seconds) for kind, figures in out.items()}


def _database(args: argparse.Namespace, tmp: str) -> tuple[str, Path]:
    if args.database_url:
        return normalise_database_url(args.database_url), get_settings().data_dir
    if args.postgres:
        return fresh_postgres(DEFAULT_POSTGRES, "akkoord_bench_web"), Path(tmp)
    return f"sqlite:///{Path(tmp) / 'akkoord.db'}", Path(tmp)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=50, help="demo cases to seed when empty")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="uvicorn worker processes (default: one per core; one process uses one core)",
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean seconds a user waits between pages (0: as fast as served)",
    )
    parser.add_argument("--tenant", default="demo")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--postgres", action="store_true", help="fresh PostgreSQL database")
    where.add_argument("--database-url", help="reuse this database (seeded when empty)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url, data_dir = _database(args, tmp)
        workload = prepare(url, args.tenant, args.cases)
        with serving(url, data_dir, args.workers) as base:
            pages = asyncio.run(drive(base, workload, args.users, args.seconds, args.think))
    report = {
        "bench": "web",
        "database": url.split(":", 1)[0].split("+", 1)[0],
        "cases": workload.cases,
        "users": args.users,
        "workers": args.workers,
        "seconds": args.seconds,
        "think_seconds": args.think,
    }
    print(json.dumps({**report, "pages": pages}, indent=2))


if __name__ == "__main__":
    main()
