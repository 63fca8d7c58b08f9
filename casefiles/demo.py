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
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
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
    step,
)
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
}
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
    plan = rng.choices(ORDER, weights=[STAGES[s] for s in ORDER], k=cases)
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


def _drive_real_cases(
    factory: sessionmaker[Session],
    tenant_id: int,
    staff: DemoStaff,
    plan: list[str],
    rng: random.Random,
    tick: Progress,
) -> list[DemoCase]:
    """Register and drive each planned case through the real process on a simulated clock
    that starts 75 days ago and ends now (timers fire on the way)."""
    real_now = clock.now()
    sim = clock.FrozenClock(real_now - timedelta(days=75))
    clock.install_clock(sim)
    try:
        creditors = creditor_ids(factory, tenant_id, staff)
        demo_cases = register(factory, tenant_id, staff, plan, creditors, rng, tick)
        drive_intake(factory, tenant_id, staff, demo_cases)
        sim.advance(timedelta(days=2))
        drive_budget_plan(factory, tenant_id, staff, demo_cases)
        for _ in range(30):  # the evaluation moment a month later; signals fire on the way
            sim.advance(timedelta(days=1))
            runtime.run_due_timers(factory)
        step(
            factory,
            tenant_id,
            staff,
            at_or_beyond(demo_cases, "saldo"),
            "evaluatie",
            {"stabiel": True},
        )
        drive_negotiation(factory, tenant_id, staff, demo_cases, rng)
        while sim() < real_now:
            sim.advance(min(timedelta(days=1), real_now - sim()))
            runtime.run_due_timers(factory)
    finally:
        clock.install_clock(None)
    return demo_cases


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
        insert_copies,
        next_reference_number,
        record_copy,
        synthetic_people,
    )

    today = clock.now().date()
    with transaction(factory, tenant_id) as session:
        templates = {
            c.case_id: (CaseTemplate(session, c.case_id), session.get(Case, c.case_id).reference)  # type: ignore[union-attr]
            for c in real
        }
        number = next_reference_number(session, today.year)
    todo: list[uuid.UUID] = []
    for stage in ORDER:
        own = [c.case_id for c in real if c.stage == stage]
        todo += [own[i % len(own)] for i in range(plan.count(stage) - len(own))] if own else []
    for chunk in chunks(todo, COPY_BATCH):
        with transaction(factory, tenant_id) as session:
            rows: dict[str, list[dict[str, Any]]] = {}
            made = []
            for template_id in chunk:
                template, reference = templates[template_id]
                client, partner, title = synthetic_people(rng, today)
                new_id = template.copy_rows(
                    f"Z{today.year}-{number:06d}", client, partner, title, rows
                )
                made.append((new_id, reference))
                number += 1
            insert_copies(session, rows)
            for new_id, reference in made:
                record_copy(session, staff.worker, new_id, reference)
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
