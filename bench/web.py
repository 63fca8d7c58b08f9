"""Web UI benchmark: concurrent logged-in users open dashboards, work queues and case pages.

Seeds a tenant with the real BPMN models and N registered meldingen (or uses the database
given with --database-url, e.g. one filled by ``akkoord demo``), starts one uvicorn worker
in a subprocess, logs in one web session per user, and drives the pages from an async httpx
loop on loopback for --seconds. Prints JSON: p50/p95/p99 (ms) and errors per page.

Usage: python -m bench.web [--cases 300] [--users 50] [--seconds 120] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from api.wiring import load_domains, migrate
from casefiles.schemas import MeldingIn, PersonIn
from casefiles.service import register_melding
from engine.db import make_engine, make_session_factory, transaction
from engine.identity.actor import system_actor
from engine.identity.service import create_tenant, create_user, user_actor
from engine.process.registry import deploy_folder
from engine.settings import DEFAULT_BPMN_DIR

PASSWORD = "Bench-wachtwoord-2026"


def _seed(url: str, cases: int) -> list[str]:
    load_domains()
    migrate(url)
    factory = make_session_factory(make_engine(url))
    with transaction(factory) as session:
        tenant = create_tenant(session, slug="bench", name="Gemeente Bench")
        user = create_user(session, tenant=tenant, username="bench", password=PASSWORD,
                           roles=["intake", "schuldhulpverlener", "teamleider"])  # fmt: skip
        tenant_id, actor = tenant.id, user_actor(user)
    with transaction(factory, tenant_id) as session:
        deploy_folder(session, system_actor(tenant_id, "bench"), DEFAULT_BPMN_DIR)
    ids = []
    for i in range(cases):
        with transaction(factory, tenant_id) as session:
            melding = MeldingIn(meldingsdatum=date(2026, 1, 5), channel="persoon",
                                client=PersonIn(last_name=f"Bench{i:06d}"))  # fmt: skip
            ids.append(str(register_melding(session, actor, melding).case_id))
    return ids


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _login(client: httpx.AsyncClient) -> None:
    page = await client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    data = {"csrf_token": token.group(1), "username": "bench", "password": PASSWORD}
    answer = await client.post("/login", data=data)
    if answer.status_code != 303:
        raise RuntimeError(f"login failed: {answer.status_code}")


async def _user(
    client: httpx.AsyncClient, pages: list[tuple[str, str]], until: float, out: dict[str, Any]
) -> None:
    i = 0
    while time.perf_counter() < until:
        kind, path = pages[i % len(pages)]
        i += 1
        started = time.perf_counter()
        try:
            answer = await client.get(path)
            ok = answer.status_code == 200
        except httpx.HTTPError:
            ok = False
        out[kind]["ms"].append((time.perf_counter() - started) * 1000)
        out[kind]["errors"] += 0 if ok else 1


def _figures(values: list[float]) -> dict[str, float]:
    if len(values) < 2:
        return {"count": len(values)}
    q = statistics.quantiles(values, n=100)
    return {"count": len(values), "p50": round(q[49], 1), "p95": round(q[94], 1),
            "p99": round(q[98], 1)}  # fmt: skip


async def _drive(base: str, case_ids: list[str], users: int, seconds: float) -> dict[str, Any]:
    out: dict[str, Any] = {k: {"ms": [], "errors": 0} for k in ("dashboard", "queue", "case")}
    clients = [httpx.AsyncClient(base_url=base, timeout=30) for _ in range(users)]
    for client in clients:  # log in first: argon2 work is not part of the page figures
        await _login(client)
    until = time.perf_counter() + seconds
    tasks = []
    for u, client in enumerate(clients):
        pages = [("dashboard", "/"), ("queue", "/werkvoorraad")]
        pages += [("case", f"/zaken/{case_ids[(u * 7 + j) % len(case_ids)]}") for j in range(4)]
        tasks.append(_user(client, pages, until, out))
    await asyncio.gather(*tasks)
    for client in clients:
        await client.aclose()
    return {k: {**_figures(v["ms"]), "errors": v["errors"]} for k, v in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'akkoord.db'}"
        case_ids = _seed(url, args.cases)
        port = _free_port()
        env = {**os.environ, "AKKOORD_DATABASE_URL": url, "AKKOORD_DATA_DIR": tmp,
               "AKKOORD_RUN_SCHEDULER": "false"}  # fmt: skip
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            env=env,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(200):
                try:
                    httpx.get(f"{base}/login", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            result = asyncio.run(_drive(base, case_ids, args.users, args.seconds))
        finally:
            server.terminate()
            server.wait(timeout=20)
    report = {"bench": "web", "cases": args.cases, "users": args.users, "seconds": args.seconds}
    print(json.dumps({**report, "pages": result}, indent=2))


if __name__ == "__main__":
    main()
