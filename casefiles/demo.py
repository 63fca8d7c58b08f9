"""Demo seeding: N synthetic cases spread over every phase and every outcome.

Every case is real: it is registered with ``register_melding`` (which starts the real
``schuldhulp`` process) and then driven through the real process models by completing
their user tasks, answering as creditors and letting timers fire, on a simulated clock
that starts in the past and ends at the present (for cases whose 18-month term has ended,
finale kwijting or early termination, it starts long enough ago for all monthly timers to
fire). So the workflow state of each case is genuine SpiffWorkflow state consistent with
its phase. Cases are handled in batches
(one transaction per batch and step) to keep 10,000 cases within minutes.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from casefiles.demo_journeys import (
    DemoCase,
    DemoStaff,
    Progress,
    at_or_beyond,
    chunks,
    creditor_ids,
    drive_budget_plan,
    drive_intake,
    drive_negotiation,
    register,
    report_deviations,
    step,
)
from casefiles.handlers.common import morning_of
from casefiles.models import Deadline
from engine import clock
from engine.cases.models import Case
from engine.db import transaction
from engine.errors import NotFound
from engine.identity.models import Tenant, User
from engine.identity.service import create_tenant, create_user, user_actor
from engine.process import runtime
from engine.process.registry import deploy_folder

BPMN = Path(__file__).resolve().parents[1] / "bpmn"
COPY_BATCH = 250
COPY_ABOVE = 200  # more cases than this: drive a few per stage, copy the rest
TEMPLATES_PER_STAGE = 4
DEFAULT_CASES = 50
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
    "finale_kwijting": 4,
    "beeindigd": 3,
}
TERM_ENDED = ("finale_kwijting", "beeindigd")
RECENT_START = timedelta(days=75)
# 18 monthly checks after the negotiation (which takes about a month): cases whose term
# has ended start this long ago, so their timers fire in the simulated past.
TERM_START = timedelta(days=620)
DEVIATION_AFTER = timedelta(days=70)  # into the term: a missed afdracht (beeindigd)
ORDER = list(STAGES)


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
    plan = _plan(rng, cases)
    real_plan: list[str] = []
    for stage in ORDER:
        real_plan += [stage] * min(plan.count(stage), TEMPLATES_PER_STAGE)
    if cases <= COPY_ABOVE:
        real_plan = plan
    tenant_id, staff = _prepare_tenant(factory, tenant)
    real = _drive_real_cases(factory, tenant_id, staff, real_plan, rng, tick)
    copies = len(plan) - len(real_plan)
    if copies:
        _copy_cases(factory, tenant_id, staff, plan, real, rng, tick)
    spread = ", ".join(f"{stage} {plan.count(stage)}" for stage in ORDER if plan.count(stage))
    how = f", {copies} of them copies of {len(real)} driven cases" if copies else ""
    return [f"seeded {cases} demo cases ({spread}{how})"]


def _plan(rng: random.Random, cases: int) -> list[str]:
    """The target stage of each case: every stage once (when there are enough cases, so
    every phase and outcome is there), the rest drawn by weight."""
    every = ORDER[:cases]
    drawn = rng.choices(ORDER, weights=[STAGES[s] for s in ORDER], k=cases - len(every))
    return every + drawn


def _drive_real_cases(
    factory: sessionmaker[Session],
    tenant_id: int,
    staff: DemoStaff,
    plan: list[str],
    rng: random.Random,
    tick: Progress,
) -> list[DemoCase]:
    """Register and drive each planned case through the real process on a simulated clock
    that ends now; cases whose term has ended start long enough ago for all 18 months."""
    creditors = creditor_ids(factory, tenant_id, staff)
    ended = [stage for stage in plan if stage in TERM_ENDED]
    running = [stage for stage in plan if stage not in TERM_ENDED]
    cases = _drive_from(factory, tenant_id, staff, running, creditors, rng, tick, RECENT_START)
    if ended:
        cases += _drive_from(factory, tenant_id, staff, ended, creditors, rng, tick, TERM_START)
    return cases


def _drive_from(
    factory: sessionmaker[Session],
    tenant_id: int,
    staff: DemoStaff,
    plan: list[str],
    creditors: dict[str, uuid.UUID],
    rng: random.Random,
    tick: Progress,
    ago: timedelta,
) -> list[DemoCase]:
    """One simulated run: melding ``ago`` in the past, then every step up to the present."""
    real_now = clock.now()
    sim = clock.FrozenClock(real_now - ago)
    replaced = clock.install_clock(sim)
    try:
        demo_cases = register(factory, tenant_id, staff, plan, creditors, rng, tick)
        drive_intake(factory, tenant_id, staff, demo_cases)
        sim.advance(timedelta(days=2))
        drive_budget_plan(factory, tenant_id, staff, demo_cases)
        _let_time_pass(factory, sim, _evaluation_moment(factory, tenant_id, demo_cases))
        step(
            factory,
            tenant_id,
            staff,
            at_or_beyond(demo_cases, "saldo"),
            "evaluatie",
            {"stabiel": True},
        )
        drive_negotiation(factory, tenant_id, staff, demo_cases, rng)
        ending = [c for c in demo_cases if c.stage == "beeindigd"]
        if ending:
            _let_time_pass(factory, sim, sim() + DEVIATION_AFTER)
            report_deviations(factory, tenant_id, staff, ending)
            _let_time_pass(factory, sim, sim() + timedelta(days=32))  # next monthly check
            step(
                factory,
                tenant_id,
                staff,
                ending,
                "afwijking_beoordelen",
                {"besluit_afwijking": "beeindigen", "toelichting": "afspraken niet nagekomen"},
            )
        _let_time_pass(factory, sim, real_now)
    finally:
        clock.install_clock(replaced)
    return demo_cases


def _evaluation_moment(
    factory: sessionmaker[Session], tenant_id: int, cases: list[DemoCase]
) -> datetime:
    """Just after the last of these cases' planned evaluations (SpiffWorkflow fires a timer
    once its moment has passed). It falls on a working day, so how many days after the plan
    depends on the calendar and the hour."""
    with transaction(factory, tenant_id) as session:
        day = session.scalar(
            select(func.max(Deadline.due_on)).where(
                Deadline.kind == "evaluatie",
                Deadline.case_id.in_([c.case_id for c in at_or_beyond(cases, "budgetplan")]),
            )
        )
    if day is None:
        return clock.now()
    return datetime.fromisoformat(morning_of(day)) + timedelta(hours=1)


def _let_time_pass(factory: sessionmaker[Session], sim: clock.FrozenClock, until: datetime) -> None:
    """Move the simulated clock day by day, firing what falls due as the scheduler would."""
    while sim() < until:
        sim.advance(min(timedelta(days=1), until - sim()))
        runtime.run_due_timers(factory)


def _copy_cases(
    factory: sessionmaker[Session],
    tenant_id: int,
    staff: DemoStaff,
    plan: list[str],
    real: list[DemoCase],
    rng: random.Random,
    tick: Progress,
) -> None:
    """Fill up each stage with copies of its driven cases (see demo_clone)."""
    from casefiles.demo_clone import (
        CaseTemplate,
        copy_contents,
        insert_copies,
        next_reference_number,
        record_copy,
        synthetic_people,
    )
    from documents import render_pending

    render_pending(factory, limit=None)  # the templates' letters, so copies can link them
    today = clock.now().date()
    with transaction(factory, tenant_id) as session:
        templates = {c.case_id: CaseTemplate(session, c.case_id) for c in real}
        number = next_reference_number(session, today.year)
    todo: list[uuid.UUID] = []
    for stage in ORDER:
        own = [c.case_id for c in real if c.stage == stage]
        todo += [own[i % len(own)] for i in range(plan.count(stage) - len(own))] if own else []
    for chunk in chunks(todo, COPY_BATCH):
        with transaction(factory, tenant_id) as session:
            rows: dict[str, list[dict[str, Any]]] = {}
            contents: list[tuple[str, str]] = []
            made = []
            for template_id in chunk:
                template = templates[template_id]
                client, partner, title = synthetic_people(rng, today)
                new_id = template.copy_rows(
                    f"Z{today.year}-{number:06d}", client, partner, title, rows, contents
                )
                made.append((new_id, template.reference))
                number += 1
            insert_copies(session, rows)
            for new_id, reference in made:
                record_copy(session, staff.worker, new_id, reference)
            copy_contents(contents)
        tick(len(chunk))


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


__all__ = ["STAGES", "seed_demo"]
