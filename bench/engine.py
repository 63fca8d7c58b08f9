"""Engine benchmark: raw SpiffWorkflow vs Akkoord's persisted step (prints JSON).

One journey on the feature process (tests/data/bpmn: ~20 elements with lanes, DMN, script,
exclusive and parallel gateways, a boundary and an intermediate timer, a call activity, a
correlated message and service tasks) takes 6 external steps: review, intake check, sub
task, message, timer, end. Measured:
  (a) raw SpiffWorkflow in memory,
  (b) raw SpiffWorkflow with full serialize + deserialize after every step,
  (c) Akkoord's step through the service layer (lock, load, step, save, work queue,
      audit, commit) on SQLite and PostgreSQL.

Usage: python -m bench.engine [--journeys N] [--postgres URL]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from SpiffWorkflow.bpmn import BpmnEvent
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from api.wiring import migrate
from bench.common import fresh_postgres
from engine import clock
from engine.db import make_engine, make_session_factory, transaction
from engine.identity.actor import Actor
from engine.identity.service import create_tenant, create_user, user_actor
from engine.process import registry, runtime
from engine.process.handlers import ServiceContext, handler_names, service_handler
from engine.process.models import ProcessInstance
from engine.process.scripting import CaseScriptEngine
from engine.process.specs import build_spec, parse_models

MODELS = Path(__file__).resolve().parents[1] / "tests" / "data" / "bpmn"
FORM = {"approved": True, "reason": "benchmark"}
Step = Callable[[], None]


def register_bench_handlers() -> None:
    if "test.record" not in handler_names():
        service_handler("test.record")(lambda ctx, *, label: {"recorded": label})
    if "test.flaky" not in handler_names():
        service_handler("test.flaky")(lambda ctx: {"flaky_done": True})


class _MemoryScripts(CaseScriptEngine):
    def __init__(self) -> None:
        super().__init__(None, None, None)  # type: ignore[arg-type]

    def call_service(self, task: Any, **kwargs: Any) -> str:
        ctx = ServiceContext(None, None, None, "", task.data, clock.now())  # type: ignore[arg-type]
        from engine.process.handlers import get_handler

        params = {k: v["value"] for k, v in kwargs.get("operation_params", {}).items()}
        task.data.update(get_handler(kwargs["operation_name"])(ctx, **params) or {})
        return "null"


def _raw_journey(
    spec: Any,
    subs: Any,
    fake: clock.FrozenClock,
    persist: bool,
    serializer: BpmnWorkflowSerializer,
    sizes: list[int],
) -> list[float]:
    wf = BpmnWorkflow(spec, subs, script_engine=_MemoryScripts())
    wf.data.update({"amount": 1500, "case_id": "bench"})
    for task in wf.get_tasks(state=TaskState.READY):
        task.data.update(wf.data)
    wf.do_engine_steps()
    timings = []

    def step(action: Callable[[BpmnWorkflow], None]) -> None:
        nonlocal wf
        started = time.perf_counter()
        action(wf)
        wf.do_engine_steps()
        if persist:
            blob = serializer.serialize_json(wf)
            sizes.append(len(blob))
            wf = serializer.deserialize_json(blob)
            wf.script_engine = _MemoryScripts()
        timings.append(time.perf_counter() - started)

    def complete_ready(w: BpmnWorkflow) -> None:
        task = w.get_tasks(state=TaskState.READY, manual=True)[0]
        task.data.update(FORM)
        task.run()

    def message(w: BpmnWorkflow) -> None:
        waiting = next(
            t
            for t in w.get_tasks(state=TaskState.WAITING)
            if isinstance(getattr(t.task_spec, "event_definition", None), MessageEventDefinition)
        )
        definition = waiting.task_spec.event_definition
        payload = {"case_id": "bench"}
        corr = definition.calculate_correlations(
            w.script_engine, definition.correlation_properties, payload
        )
        w.send_event(BpmnEvent(definition, payload, corr))

    def timer(w: BpmnWorkflow) -> None:
        fake.advance(timedelta(days=2))
        w.refresh_timers()

    for action in (complete_ready, complete_ready, complete_ready, message, timer):
        step(action)
    assert wf.completed
    return timings


def bench_raw(journeys: int, persist: bool) -> dict[str, Any]:
    files = registry.read_folder(MODELS)
    spec, subs = build_spec(parse_models(files), "feature_main")
    serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))
    fake = clock.FrozenClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    clock.install_clock(fake)
    sizes: list[int] = []
    timings: list[float] = []
    started = time.perf_counter()
    for _ in range(journeys):
        timings += _raw_journey(spec, subs, fake, persist, serializer, sizes)
    total = time.perf_counter() - started
    clock.install_clock(None)
    result = figures(timings, total)
    if sizes:
        result["bytes_per_save_mean"] = round(statistics.mean(sizes))
    return result


def bench_akkoord(url: str, journeys: int) -> dict[str, Any]:
    migrate(url)
    db_engine = make_engine(url)
    factory = make_session_factory(db_engine)
    fake = clock.FrozenClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    clock.install_clock(fake)
    with transaction(factory) as session:
        tenant = create_tenant(session, slug=f"bench-{uuid.uuid4().hex[:8]}", name="Bench")
        actor = user_actor(
            create_user(
                session,
                tenant=tenant,
                username="bench",
                password=None,
                roles=["teamleider", "intake", "schuldhulpverlener", "procesontwerper"],
            )
        )
    with transaction(factory, tenant.id) as session:
        registry.deploy_folder(session, actor, MODELS)
    timings: list[float] = []
    sizes: list[int] = []
    started = time.perf_counter()
    for _ in range(journeys):
        case_id = _akkoord_journey(factory, tenant.id, actor, fake, timings)
        with transaction(factory, tenant.id) as session:
            sizes.append(
                session.scalar(
                    select(func.length(ProcessInstance.state)).where(
                        ProcessInstance.case_id == case_id
                    )
                )
                or 0
            )
    total = time.perf_counter() - started
    clock.install_clock(None)
    db_engine.dispose()
    result = figures(timings, total)
    result["bytes_stored_per_instance_mean"] = round(statistics.mean(sizes))
    return result


def _akkoord_journey(
    factory: sessionmaker[Session],
    tenant_id: int,
    actor: Actor,
    fake: clock.FrozenClock,
    timings: list[float],
) -> uuid.UUID:
    with transaction(factory, tenant_id) as session:
        case_id = runtime.start_case(
            session, actor, process_key="feature_main", data={"amount": 1500}
        ).id
        open_ids = [w.id for w in runtime.list_tasks(session, case_id=case_id)]
    for _task in range(3):
        begin = time.perf_counter()
        # the next task id comes from the previous answer, as a client would have it
        with transaction(factory, tenant_id) as session:
            runtime.complete_task(session, actor, open_ids[0], FORM)
            open_ids = [w.id for w in runtime.list_tasks(session, case_id=case_id)]
        timings.append(time.perf_counter() - begin)
    begin = time.perf_counter()
    with transaction(factory, tenant_id) as session:
        runtime.correlate_message(
            session,
            actor,
            name="payment_received",
            correlation={"case_id": str(case_id)},
            payload={},
        )
    timings.append(time.perf_counter() - begin)
    fake.advance(timedelta(days=2))
    begin = time.perf_counter()
    runtime.run_due_timers(factory)
    timings.append(time.perf_counter() - begin)
    return case_id


def figures(timings: list[float], total: float) -> dict[str, Any]:
    ordered = sorted(timings)
    return {
        "steps": len(timings),
        "steps_per_s": round(len(timings) / total, 1),
        "p50_ms": round(ordered[len(ordered) // 2] * 1000, 3),
        "p95_ms": round(ordered[int(len(ordered) * 0.95)] * 1000, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--journeys", type=int, default=200)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    register_bench_handlers()
    results: dict[str, Any] = {
        "journeys": args.journeys,
        "a_raw_memory": bench_raw(args.journeys, persist=False),
        "b_raw_serialize_each_step": bench_raw(args.journeys, persist=True),
    }
    with tempfile.TemporaryDirectory() as tmp:
        results["c_akkoord_sqlite"] = bench_akkoord(f"sqlite:///{tmp}/bench.db", args.journeys)
    results["c_akkoord_postgres"] = bench_akkoord(
        fresh_postgres(args.postgres, "akkoord_bench_engine"), args.journeys
    )
    b = results["b_raw_serialize_each_step"]
    for backend in ("sqlite", "postgres"):
        c = results[f"c_akkoord_{backend}"]
        results[f"ratio_c_over_b_{backend}_p50"] = round(c["p50_ms"] / b["p50_ms"], 3)
        results[f"bytes_ratio_{backend}"] = round(
            c["bytes_stored_per_instance_mean"] / b["bytes_per_save_mean"], 3
        )
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
