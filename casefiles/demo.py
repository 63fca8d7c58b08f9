"""Demo seeding: N synthetic cases spread over every phase and several outcomes.

Every case is real: it is registered with ``register_melding`` (which starts the real
``schuldhulp`` process) and then driven through the real process models by completing
their user tasks, answering as creditors and letting timers fire, on a simulated clock
that starts in the past and ends at the present. So the workflow state of each case is
genuine SpiffWorkflow state consistent with its phase. Cases are handled in batches
(one transaction per batch and step) to keep 10,000 cases within minutes.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from casefiles import demo_data
from casefiles import service as cf
from casefiles.models import Creditor
from casefiles.schemas import CreditorResponseIn, DebtIn, MeldingIn
from engine import clock
from engine.cases.models import Case
from engine.db import transaction
from engine.errors import NotFound
from engine.identity.actor import Actor
from engine.identity.models import Tenant, User
from engine.identity.service import create_tenant, create_user, user_actor
from engine.process import runtime
from engine.process.registry import deploy_folder

BPMN = Path(__file__).resolve().parents[1] / "bpmn"
BATCH = 50
DEFAULT_CASES = 200
# target stage -> weight; ordered by how far a case gets
STAGES: dict[str, int] = {
    "melding": 10,
    "eerste_gesprek": 10,
    "screening": 8,
    "beschikking": 6,
    "ingetrokken": 4,
    "afgewezen": 4,
    "budgetbeheer": 5,
    "stabilisatie": 10,
    "budgetplan": 8,
    "saldo": 12,
    "voorstel": 10,
    "looptijd": 13,
}
ORDER = list(STAGES)
Progress = Callable[[int], None]


@dataclass
class DemoStaff:
    intake: Actor
    worker: Actor
    lead: Actor
    budget: Actor

    def for_role(self, role: str) -> Actor:
        return {"intake": self.intake, "teamleider": self.lead, "budgetbeheerder": self.budget}.get(
            role, self.worker
        )


@dataclass
class DemoCase:
    case_id: uuid.UUID
    stage: str
    crisis: bool
    creditors: list[uuid.UUID] = field(default_factory=list)


def seed_demo(
    factory: sessionmaker[Session],
    tenant: str | int = "demo",
    cases: int | None = None,
    progress: Progress | None = None,
    *,
    seed: int | None = None,
) -> list[str]:
    """Seed ``cases`` cases into ``tenant`` (slug, created when missing, or id); returns
    what was done, one line per change. ``progress(n)`` is called as cases are registered.
    Without ``cases`` (as ``akkoord init`` calls it) it seeds DEFAULT_CASES only into a
    tenant that has no cases yet, so init stays idempotent."""
    if cases is None:
        if _has_cases(factory, tenant):
            return []
        cases = DEFAULT_CASES
    if cases <= 0:
        return []
    tick = progress or (lambda _n: None)
    rng = random.Random(seed)
    real_now = clock.now()
    start = real_now - timedelta(days=75)
    sim = clock.FrozenClock(start)
    clock.install_clock(sim)
    try:
        tenant_id, staff = _prepare_tenant(factory, tenant)
        creditors = _creditor_ids(factory, tenant_id, staff)
        plan = rng.choices(ORDER, weights=[STAGES[s] for s in ORDER], k=cases)
        demo_cases = _register(factory, tenant_id, staff, plan, creditors, rng, tick)
        _drive_intake(factory, tenant_id, staff, demo_cases)
        sim.advance(timedelta(days=2))
        _drive_budget_plan(factory, tenant_id, staff, demo_cases)
        for _ in range(30):  # the evaluation moment a month later; signals fire on the way
            sim.advance(timedelta(days=1))
            runtime.run_due_timers(factory)
        _step(factory, tenant_id, staff, _at(demo_cases, "saldo"), "evaluatie", {"stabiel": True})
        _drive_negotiation(factory, tenant_id, staff, demo_cases, rng)
        while sim() < real_now:
            sim.advance(min(timedelta(days=1), real_now - sim()))
            runtime.run_due_timers(factory)
    finally:
        clock.install_clock(None)
    spread = ", ".join(f"{stage} {plan.count(stage)}" for stage in ORDER if plan.count(stage))
    return [f"seeded {cases} demo cases ({spread})"]


def _has_cases(factory: sessionmaker[Session], tenant: str | int) -> bool:
    with transaction(factory) as session:
        query = select(Tenant.id)
        query = query.where(
            Tenant.id == tenant if isinstance(tenant, int) else Tenant.slug == tenant
        )
        tenant_id = session.scalar(query)
        if tenant_id is None:
            return False
        return (
            session.scalar(select(Case.id).where(Case.tenant_id == tenant_id).limit(1)) is not None
        )


def _prepare_tenant(factory: sessionmaker[Session], slug: str | int) -> tuple[int, DemoStaff]:
    with transaction(factory) as session:
        if isinstance(slug, int):
            tenant = session.get(Tenant, slug)
            if tenant is None:
                raise NotFound(f"no tenant {slug}")
        else:
            tenant = session.scalars(select(Tenant).where(Tenant.slug == slug)).first()
        if tenant is None:
            tenant = create_tenant(session, slug=str(slug), name=f"Gemeente {str(slug).title()}")
        people = {}
        for username, name, roles in [
            ("ines", "Ines Intake", ["intake"]),
            ("sanne", "Sanne Schuldhulp", ["schuldhulpverlener", "intake"]),
            ("tom", "Tom Teamleider", ["teamleider"]),
            ("bea", "Bea Budgetbeheer", ["budgetbeheerder"]),
            ("pim", "Pim Procesontwerper", ["procesontwerper"]),
        ]:
            user = session.scalars(
                select(User).where(User.tenant_id == tenant.id, User.username == username)
            ).first()
            if user is None:
                user = create_user(
                    session,
                    tenant=tenant,
                    username=username,
                    password=None,
                    roles=roles,
                    full_name=name,
                )
            people[username] = user_actor(user)
        tenant_id = tenant.id
    with transaction(factory, tenant_id) as session:
        deploy_folder(session, people["pim"], BPMN)
    return tenant_id, DemoStaff(people["ines"], people["sanne"], people["tom"], people["bea"])


def _creditor_ids(
    factory: sessionmaker[Session], tenant_id: int, staff: DemoStaff
) -> dict[str, uuid.UUID]:
    with transaction(factory, tenant_id) as session:
        existing = {c.name: c.id for c in session.scalars(select(Creditor))}
        for data in demo_data.creditor_inputs():
            if data.name not in existing:
                existing[data.name] = cf.create_creditor(session, staff.worker, data).id
        return existing


def _register(
    factory: sessionmaker[Session],
    tenant_id: int,
    staff: DemoStaff,
    plan: list[str],
    creditors: dict[str, uuid.UUID],
    rng: random.Random,
    tick: Progress,
) -> list[DemoCase]:
    made: list[DemoCase] = []
    today = clock.now().date()
    for chunk in _chunks(plan, BATCH):
        with transaction(factory, tenant_id) as session:
            for stage in chunk:
                made.append(_register_one(session, staff, stage, creditors, rng, today))
        tick(len(chunk))
    return made


def _register_one(
    session: Session,
    staff: DemoStaff,
    stage: str,
    creditors: dict[str, uuid.UUID],
    rng: random.Random,
    today: Any,
) -> DemoCase:
    house = demo_data.household(rng, today)
    melding = MeldingIn(
        meldingsdatum=today - timedelta(days=rng.randint(0, 3)),
        channel=house.channel,
        crisis=house.crisis,
        crisis_reason=house.crisis_reason,
        bbz_entrepreneur=house.bbz,
        household_kind=house.household_kind,
        client=house.client,
    )
    case_file = cf.register_melding(session, staff.intake, melding)
    case_id = case_file.case_id
    for member in house.members:
        cf.add_household_member(session, staff.intake, case_id, member)
    for income in house.incomes:
        cf.add_income(session, staff.worker, case_id, income)
    for expense in house.expenses:
        cf.add_expense(session, staff.worker, case_id, expense)
    ids = []
    for n, (name, amount, origin) in enumerate(house.debts, start=1):
        ids.append(creditors[name])
        cf.add_debt(
            session,
            staff.worker,
            case_id,
            DebtIn(
                creditor_id=creditors[name],
                claimed_amount=amount,
                origin_date=origin,
                creditor_reference=f"{name[:3].upper()}-{rng.randint(10000, 99999)}-{n}",
            ),
        )
    return DemoCase(case_id, stage, house.crisis, ids)


def _at(cases: list[DemoCase], first_stage: str, *, also: tuple[str, ...] = ()) -> list[DemoCase]:
    """Cases whose target is at or beyond ``first_stage`` in the main line (plus ``also``)."""
    main_line = [
        "melding",
        "eerste_gesprek",
        "screening",
        "beschikking",
        "stabilisatie",
        "budgetplan",
        "saldo",
        "voorstel",
        "looptijd",
    ]
    if first_stage not in main_line:
        return [c for c in cases if c.stage == first_stage or c.stage in also]
    later = set(main_line[main_line.index(first_stage) :])
    return [c for c in cases if c.stage in later or c.stage in also]


def _drive_intake(
    factory: sessionmaker[Session], tenant_id: int, staff: DemoStaff, cases: list[DemoCase]
) -> None:
    side = ("ingetrokken", "afgewezen", "budgetbeheer")
    today = clock.now().date()
    meeting = f"{(today + timedelta(days=2)).isoformat()}T10:00:00+01:00"
    for crisis in (True, False):
        _step(
            factory,
            tenant_id,
            staff,
            [c for c in _at(cases, "eerste_gesprek", also=side) if c.crisis == crisis],
            "melding_beoordelen",
            {
                "dreigende_huisuitzetting": crisis,
                "dreigende_afsluiting": False,
                "opzegging_zorgverzekering": False,
                "afspraak_eerste_gesprek": meeting,
            },
        )
    talk = {"gesprek_datum": today.isoformat()}
    _step(
        factory,
        tenant_id,
        staff,
        _at(cases, "screening", also=("afgewezen", "budgetbeheer")),
        "eerste_gesprek",
        {**talk, "vervolg": "aanvraag"},
    )
    _step(
        factory,
        tenant_id,
        staff,
        [c for c in cases if c.stage == "ingetrokken"],
        "eerste_gesprek",
        {**talk, "vervolg": "ingetrokken"},
    )
    _step(
        factory,
        tenant_id,
        staff,
        _at(cases, "beschikking", also=("afgewezen", "budgetbeheer")),
        "screening",
        {"uitkomst": "compleet", "bkr_gecontroleerd": True},
    )
    admit = {"besluit": "toelating", "grond": "Wgs art. 3: hulpvraag past"}
    _step(
        factory,
        tenant_id,
        staff,
        _at(cases, "beschikking"),
        "beschikking_voorbereiden",
        {**admit, "traject": "schuldregeling"},
    )
    _step(
        factory,
        tenant_id,
        staff,
        [c for c in cases if c.stage == "budgetbeheer"],
        "beschikking_voorbereiden",
        {**admit, "traject": "budgetbeheer"},
    )
    _step(
        factory,
        tenant_id,
        staff,
        [c for c in cases if c.stage == "afgewezen"],
        "beschikking_voorbereiden",
        {"besluit": "afwijzing", "grond": "schuldregeling minder dan 5 jaar geleden"},
    )
    _step(
        factory,
        tenant_id,
        staff,
        _at(cases, "stabilisatie", also=("afgewezen", "budgetbeheer")),
        "beschikking_goedkeuren",
        {"goedgekeurd": True},
    )


def _drive_budget_plan(
    factory: sessionmaker[Session], tenant_id: int, staff: DemoStaff, cases: list[DemoCase]
) -> None:
    group = _at(cases, "budgetplan")
    _step(factory, tenant_id, staff, group, "inkomsten_uitgaven", {"compleet": True})
    _step(factory, tenant_id, staff, group, "budgetplan_opstellen", {"leefgeld_per_week": 80})
    _step(
        factory,
        tenant_id,
        staff,
        group,
        "plan_van_aanpak",
        {"aanbod": "schuldregeling", "machtiging_gegevensuitwisseling": True},
    )


def _drive_negotiation(
    factory: sessionmaker[Session],
    tenant_id: int,
    staff: DemoStaff,
    cases: list[DemoCase],
    rng: random.Random,
) -> None:
    from casefiles.handlers import notify_if_all_answered

    for batch in _chunks(_at(cases, "saldo"), BATCH):
        with transaction(factory, tenant_id) as session:
            for case in batch:
                answering = case.creditors if case.stage != "saldo" else case.creditors[:-1]
                for creditor_id in answering:
                    debts = [
                        d
                        for d in cf.list_debts(session, staff.worker, case.case_id)
                        if d.creditor_id == creditor_id
                    ]
                    for debt in debts:
                        factor = rng.choice(["1", "1", "1.05", "0.97"])
                        amount = (debt.claimed_amount * Decimal(factor)).quantize(Decimal("0.01"))
                        cf.record_creditor_response(
                            session,
                            staff.worker,
                            case.case_id,
                            CreditorResponseIn(
                                creditor_id=creditor_id,
                                kind="saldo",
                                amount=amount,
                                creditor_reference=debt.creditor_reference,
                            ),
                        )
                notify_if_all_answered(session, staff.worker, case.case_id)
    group = _at(cases, "voorstel")
    _step(
        factory,
        tenant_id,
        staff,
        group,
        "saldi_vaststellen",
        {"saneringskrediet_mogelijk": False, "wsnp_aangewezen": False},
    )
    _step(factory, tenant_id, staff, group, "voorstel_controleren", {"gecontroleerd": True})
    for batch in _chunks(group, BATCH):
        with transaction(factory, tenant_id) as session:
            for case in batch:
                agreeing = case.creditors if case.stage == "looptijd" else case.creditors[:1]
                for creditor_id in dict.fromkeys(agreeing):
                    cf.record_creditor_response(
                        session,
                        staff.worker,
                        case.case_id,
                        CreditorResponseIn(creditor_id=creditor_id, kind="akkoord"),
                    )
                notify_if_all_answered(session, staff.worker, case.case_id)


def _step(
    factory: sessionmaker[Session],
    tenant_id: int,
    staff: DemoStaff,
    cases: list[DemoCase],
    task_key: str,
    data: dict[str, Any],
) -> None:
    """Complete the open task ``task_key`` of each case (skipped when it is not open)."""
    for batch in _chunks(cases, BATCH):
        with transaction(factory, tenant_id) as session:
            for case in batch:
                items = [
                    i
                    for i in runtime.list_tasks(session, case_id=case.case_id)
                    if i.task_key == task_key
                ]
                for item in items:
                    runtime.complete_task(session, staff.for_role(item.role), item.id, data)


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


__all__ = ["STAGES", "seed_demo"]
