"""Task completion over HTTP: POST /api/v1/tasks/{id}/complete on one uvicorn worker.

The client (this process) obtains a bearer token with client credentials, then completes
the user tasks of prepared cases one request at a time on loopback. Prints JSON.
Usage: python -m bench.http [--cases N] [--postgres URL]
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from typing import Any

import httpx

from api.wiring import migrate
from bench.common import StatementCounter, fresh_postgres
from bench.engine import FORM, MODELS, figures, register_bench_handlers
from engine.db import make_engine, make_session_factory, transaction
from engine.identity.actor import system_actor
from engine.identity.service import create_client, create_tenant, create_user, user_actor
from engine.process import registry, runtime


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _prepare(url: str, cases: int) -> tuple[str, str, list[uuid.UUID]]:
    migrate(url)
    db_engine = make_engine(url)
    factory = make_session_factory(db_engine)
    roles = ["teamleider", "intake", "schuldhulpverlener", "procesontwerper"]
    with transaction(factory) as session:
        tenant = create_tenant(session, slug=f"http-{uuid.uuid4().hex[:6]}", name="HTTP bench")
        actor = user_actor(
            create_user(session, tenant=tenant, username="designer", password=None, roles=roles)
        )
        client, secret = create_client(session, tenant=tenant, name="bench", roles=roles)
    with transaction(factory, tenant.id) as session:
        registry.deploy_folder(session, actor, MODELS)
    first_tasks = []
    for _ in range(cases):
        with transaction(factory, tenant.id) as session:
            case = runtime.start_case(
                session, actor, process_key="feature_main", data={"amount": 1500}
            )
            first_tasks.append(runtime.list_tasks(session, case_id=case.id)[0].id)
    db_engine.dispose()
    return client.client_id, secret, first_tasks


def _statements_per_completion(url: str, task_id: uuid.UUID) -> int:
    """SQL statements of one completion: the server runs this same service call."""
    db_engine = make_engine(url)
    factory = make_session_factory(db_engine)
    with transaction(factory) as session:
        tenant_id = runtime.get_task(session, task_id).item.tenant_id
    statements = StatementCounter(db_engine)
    with transaction(factory, tenant_id) as session:
        runtime.complete_task(session, system_actor(tenant_id, "bench"), task_id, FORM)
    db_engine.dispose()
    return statements.count


def bench_http(url: str, cases: int) -> dict[str, Any]:
    client_id, secret, first_tasks = _prepare(url, cases)
    port = _free_port()
    with tempfile.TemporaryDirectory() as data_dir:
        server = subprocess.Popen(
            [sys.executable, "-m", "bench.http_server", url, data_dir, str(port)]
        )
        try:
            return _drive(f"http://127.0.0.1:{port}", client_id, secret, first_tasks, url)
        finally:
            server.terminate()
            server.wait(timeout=10)


def _drive(
    base: str, client_id: str, secret: str, first_tasks: list[uuid.UUID], url: str
) -> dict[str, Any]:
    with httpx.Client(base_url=base, timeout=10) as client:
        for _ in range(100):
            try:
                client.get("/api/v1/openapi.json")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        token = client.post(
            "/api/v1/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": secret,
            },
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        timings: list[float] = []
        started = time.perf_counter()
        for task_id in first_tasks[:-1]:
            current = str(task_id)
            for _ in range(3):  # review, intake check, sub task
                begin = time.perf_counter()
                response = client.post(
                    f"/api/v1/tasks/{current}/complete", headers=headers, json={"data": FORM}
                )
                timings.append(time.perf_counter() - begin)
                response.raise_for_status()
                next_tasks = response.json()["nextTasks"]
                if not next_tasks:
                    break
                current = next_tasks[0]["id"]
        total = time.perf_counter() - started
    result = figures(timings, total)
    result["sql_statements_per_completion"] = _statements_per_completion(url, first_tasks[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=150)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    register_bench_handlers()
    url = fresh_postgres(args.postgres, "akkoord_bench_http")
    print(json.dumps({"http_complete_task_postgres": bench_http(url, args.cases)}, indent=2))


if __name__ == "__main__":
    main()
