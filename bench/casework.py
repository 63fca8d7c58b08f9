"""Case-work benchmark: complete debt-relief journeys through the service layer (prints JSON).

Each journey is a whole case on the real models of ``bpmn/`` with the real handlers and
letters: melding → crisis triage → eerste gesprek → screening → beschikking (four eyes) →
budgetplan with evaluation → saldoverzoeken and answers → betaalvoorstel and agreement →
18 monthly checks → finale kwijting. Time jumps straight to the next due timer, so every
timer step is one real scheduler step. Each external step (a completed task, a creditor
answer, a fired timer) is one transaction and is timed separately, in wall time and in
this process's CPU time (the CPU figures hold steady when other work loads the machine),
with the number of SQL statements it sends. One warm-up journey runs first and is not
counted: a running server has already parsed its models and compiled its letter templates.
The machine's yardstick (``bench.common.machine_yardstick_ms``) is printed before and after.

Usage: python -m bench.casework [--journeys N] [--postgres URL] [--sqlite] [--database NAME]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from api.wiring import load_domains, migrate
from bench.common import StatementCounter, fresh_postgres, machine_yardstick_ms
from engine import clock
from engine.db import make_engine, make_session_factory, transaction
from engine.identity.actor import Actor
from engine.identity.service import create_tenant, create_user, user_actor
from engine.process import registry, runtime
from engine.process.models import PendingTimer

MODELS = Path(__file__).resolve().parents[1] / "bpmn"
START = datetime(2026, 3, 2, 8, tzinfo=UTC)
TARGET_P95_MS = 15.0


class Timing(NamedTuple):
    wall: float
    cpu: float
    statements: int


class Journey:
    """One synthetic case, driven step by step; every step's wall time is recorded."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        tenant_id: int,
        people: dict[str, Actor],
        fake: clock.FrozenClock,
        timings: dict[str, list[Timing]],
        creditors: dict[str, uuid.UUID],
        statements: StatementCounter,
    ) -> None:
        self.factory, self.tenant_id, self.people = factory, tenant_id, people
        self.fake, self.timings, self.statements = fake, timings, statements
        self.case_id = uuid.uuid4()
        self.creditors = creditors  # tenant-wide: made by the first journey

    def timed(self, label: str, action: Callable[[Session], Any]) -> Any:
        def step() -> Any:
            with transaction(self.factory, self.tenant_id) as session:
                return action(session)

        return self.measured(label, step)

    def measured(self, label: str, step: Callable[[], Any]) -> Any:
        wall, cpu, sent = time.perf_counter(), time.process_time(), self.statements.count
        result = step()
        self.timings[label].append(
            Timing(
                time.perf_counter() - wall,
                time.process_time() - cpu,
                self.statements.count - sent,
            )
        )
        return result

    def complete(self, key: str, data: dict[str, Any]) -> None:
        def step(session: Session) -> None:
            [item] = [w for w in runtime.list_tasks(session, case_id=self.case_id)
                      if w.task_key == key]  # fmt: skip
            runtime.complete_task(session, self.people[item.role], item.id, data)

        self.timed(f"task:{key}", step)

    def next_timer(self) -> None:
        with transaction(self.factory, self.tenant_id) as session:
            due = session.scalar(
                select(func.min(PendingTimer.due_at)).where(PendingTimer.case_id == self.case_id)
            )
        assert due is not None, "the case waits for no timer"
        self.fake.set(max(self.fake(), due + timedelta(seconds=1)))
        self.measured("timer", lambda: runtime.run_due_timers(self.factory))

    def respond(self, creditor: str, kind: str, amount: str | None = None) -> None:
        from casefiles import service
        from casefiles.handlers import notify_if_all_answered
        from casefiles.schemas import CreditorResponseIn

        def step(session: Session) -> None:
            service.record_creditor_response(
                session,
                self.people["schuldhulpverlener"],
                self.case_id,
                CreditorResponseIn(
                    creditor_id=self.creditors[creditor],
                    kind=kind,
                    amount=Decimal(amount) if amount else None,
                ),
            )
            notify_if_all_answered(session, self.people["schuldhulpverlener"], self.case_id)

        self.timed(f"creditor:{kind}", step)

    def run(self) -> None:
        from casefiles import service
        from casefiles.schemas import CreditorIn, DebtIn, ExpenseIn, IncomeIn, MeldingIn, PersonIn

        self.fake.set(START)
        worker = self.people["schuldhulpverlener"]

        def melding(session: Session) -> uuid.UUID:
            cf = service.register_melding(
                session,
                self.people["intake"],
                MeldingIn(
                    meldingsdatum=date(2026, 3, 2),
                    channel="persoon",
                    crisis=True,
                    crisis_reason="dreigende ontruiming",
                    client=PersonIn(
                        bsn="111222333",
                        initials="J.",
                        last_name="Jansen",
                        street="Dorpsstraat",
                        house_number="12",
                        postcode="1234AB",
                        city="Utrecht",
                    ),
                ),
            )
            income = IncomeIn(kind="loon", monthly_amount=Decimal("2200.00"))
            service.add_income(session, worker, cf.case_id, income)
            rent = ExpenseIn(kind="huur", monthly_amount=Decimal("650.00"))
            service.add_expense(session, worker, cf.case_id, rent)
            for name, amount in (("Essent", "1200.00"), ("Woonstad", "3000.00")):
                if name not in self.creditors:
                    self.creditors[name] = service.create_creditor(
                        session, worker, CreditorIn(name=name, iban="NL91ABNA0417164300")
                    ).id
                service.add_debt(session, worker, cf.case_id, DebtIn(
                    creditor_id=self.creditors[name], claimed_amount=Decimal(amount),
                    creditor_reference=f"{name[:3].upper()}-1"))  # fmt: skip
            return cf.case_id

        self.case_id = self.timed("melding", melding)
        self.complete("melding_beoordelen", {
            "dreigende_huisuitzetting": True, "dreigende_afsluiting": False,
            "opzegging_zorgverzekering": False,
            "afspraak_eerste_gesprek": "2026-03-04T10:00:00+01:00"})  # fmt: skip
        self.complete("eerste_gesprek", {"gesprek_datum": "2026-03-04", "vervolg": "aanvraag"})
        self.complete("screening", {"uitkomst": "compleet", "bkr_gecontroleerd": True})
        self.complete("beschikking_voorbereiden", {"besluit": "toelating", "grond": "past",
                                                   "traject": "schuldregeling"})  # fmt: skip
        self.complete("beschikking_goedkeuren", {"goedgekeurd": True})
        self.complete("inkomsten_uitgaven", {"compleet": True})
        self.complete("budgetplan_opstellen", {"leefgeld_per_week": 80})
        self.complete("plan_van_aanpak", {"aanbod": "schuldregeling",
                                          "machtiging_gegevensuitwisseling": True})  # fmt: skip
        self.next_timer()  # evaluation moment
        self.complete("evaluatie", {"stabiel": True})
        self.respond("Essent", "saldo", "1200.00")
        self.respond("Woonstad", "saldo", "3000.00")
        self.complete("saldi_vaststellen",
                      {"saneringskrediet_mogelijk": False, "wsnp_aangewezen": False})  # fmt: skip
        self.complete("voorstel_controleren", {"gecontroleerd": True})
        self.respond("Essent", "akkoord")
        self.respond("Woonstad", "akkoord")
        for _month in range(18):
            self.next_timer()
        with transaction(self.factory, self.tenant_id) as session:
            from engine.cases.service import get_case

            case = get_case(session, self.case_id)
            assert (case.status, case.result) == ("closed", "verstrekt"), case.result


def bench_journeys(url: str, journeys: int, *, letters: bool = True) -> dict[str, Any]:
    """Run ``journeys`` whole cases; ``letters=False`` swaps the letter step for a no-op to
    show what the process and case file cost without letters. The steps register their
    letters; the render job writes them afterwards and is measured apart (``render_job``)."""
    from documents.storage import FileStorage, install_storage
    from engine.process import handlers

    load_domains()
    real_letters = handlers._HANDLERS["documents.generate"]
    if not letters:
        handlers._HANDLERS["documents.generate"] = lambda ctx, **params: None
    migrate(url)
    db_engine = make_engine(url)
    factory = make_session_factory(db_engine)
    fake = clock.FrozenClock(START)
    clock.install_clock(fake)
    with tempfile.TemporaryDirectory() as docs:
        install_storage(FileStorage(Path(docs)))
        with transaction(factory) as session:
            tenant = create_tenant(session, slug=f"bench-{uuid.uuid4().hex[:8]}", name="Bench")
            people = {
                role: user_actor(
                    create_user(
                        session,
                        tenant=tenant,
                        username=f"{role}-bench",
                        password=None,
                        roles=[role],
                    )
                )
                for role in ("intake", "schuldhulpverlener", "teamleider", "procesontwerper")
            }
        with transaction(factory, tenant.id) as session:
            registry.deploy_folder(session, people["procesontwerper"], MODELS)
        creditors: dict[str, uuid.UUID] = {}
        statements = StatementCounter(db_engine)
        # a running server has parsed its models and compiled its templates: warm up first
        Journey(factory, tenant.id, people, fake, defaultdict(list), creditors, statements).run()
        timings: dict[str, list[Timing]] = defaultdict(list)
        started = time.perf_counter()
        for _ in range(journeys):
            Journey(factory, tenant.id, people, fake, timings, creditors, statements).run()
        total = time.perf_counter() - started
        render_job = _render_job(factory) if letters else None
        install_storage(None)
    handlers._HANDLERS["documents.generate"] = real_letters
    clock.install_clock(None)
    db_engine.dispose()
    walls = sorted(t.wall for values in timings.values() for t in values)
    cpus = sorted(t.cpu for values in timings.values() for t in values)
    return {
        "journeys": journeys,
        "journeys_per_minute": round(journeys / total * 60, 1),
        "steps_per_journey": round(len(walls) / journeys, 1),
        "p50_ms": _ms(walls, 0.5),
        "p95_ms": _ms(walls, 0.95),
        "cpu_p50_ms": _ms(cpus, 0.5),
        "cpu_p95_ms": _ms(cpus, 0.95),
        "target_p95_ms": TARGET_P95_MS,
        "p50_p95_ms_per_step": {
            label: _quantiles(sorted(t.wall for t in values))
            for label, values in sorted(timings.items())
        },
        "cpu_p50_p95_ms_per_step": {
            label: _quantiles(sorted(t.cpu for t in values))
            for label, values in sorted(timings.items())
        },
        "statements_per_step": round(
            sum(t.statements for values in timings.values() for t in values) / len(walls), 1
        ),
        "statements_per_step_type": {
            label: round(sum(t.statements for t in values) / len(values), 1)
            for label, values in sorted(timings.items())
        },
        "render_job": render_job,
    }


def _render_job(factory: sessionmaker[Session]) -> dict[str, Any]:
    """The steps only registered their letters; write them as the scheduler's job does."""
    from documents import render_pending

    wall, cpu = time.perf_counter(), time.process_time()
    letters = render_pending(factory, limit=None)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "letters": letters,
        "letters_per_second": round(letters / wall, 1),
        "letters_per_cpu_second": round(letters / cpu, 1),
    }


def _quantiles(ordered: list[float]) -> tuple[float, float]:
    return _ms(ordered, 0.5), _ms(ordered, 0.95)


def _ms(ordered: list[float], quantile: float) -> float:
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * quantile))] * 1000, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--journeys", type=int, default=20)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--sqlite", action="store_true", help="also run on an SQLite file")
    parser.add_argument("--demo-cases", type=int, default=10_000, help="0: skip akkoord demo")
    parser.add_argument(
        "--database",
        default="akkoord_bench_casework",
        help="name of the scratch database (dropped first): give each concurrent run its own",
    )
    args = parser.parse_args()
    yardstick_before = machine_yardstick_ms()
    results: dict[str, Any] = {
        "postgres": bench_journeys(fresh_postgres(args.postgres, args.database), args.journeys),
        "postgres_without_letters": bench_journeys(
            fresh_postgres(args.postgres, args.database), args.journeys, letters=False
        ),
    }
    if args.sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            results["sqlite"] = bench_journeys(f"sqlite:///{tmp}/bench.db", args.journeys)
    if args.demo_cases:
        from bench.demo_seeding import bench_demo

        demo_url = fresh_postgres(args.postgres, "akkoord_bench_demo")
        results["akkoord_demo_postgres"] = bench_demo(demo_url, args.demo_cases)
    # the machine's speed before and after: its figures compare with another's through it
    results["machine_yardstick_ms"] = [yardstick_before, machine_yardstick_ms()]
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
