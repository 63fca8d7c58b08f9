"""The journeys of demo cases through the real process models: register each case with
its household, then complete user tasks, answer as creditors and let timers fire, batch by
batch (one transaction per batch and step)."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from casefiles import demo_data
from casefiles import service as cf
from casefiles.models import Creditor
from casefiles.schemas import CreditorResponseIn, DebtIn, MeldingIn
from engine import clock
from engine.db import transaction
from engine.identity.actor import Actor
from engine.process import runtime

BATCH = 50
Progress = Callable[[int], None]
# The stages of a case that is admitted to a schuldregeling, in order; the last two end
# the term: all 18 months paid (finale kwijting) or ended early after a deviation.
MAIN_LINE = [
    "melding",
    "eerste_gesprek",
    "screening",
    "beschikking",
    "stabilisatie",
    "budgetplan",
    "saldo",
    "voorstel",
    "looptijd",
    "finale_kwijting",
    "beeindigd",
]


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


def creditor_ids(
    factory: sessionmaker[Session], tenant_id: int, staff: DemoStaff
) -> dict[str, uuid.UUID]:
    with transaction(factory, tenant_id) as session:
        existing = {c.name: c.id for c in session.scalars(select(Creditor))}
        for data in demo_data.creditor_inputs():
            if data.name not in existing:
                existing[data.name] = cf.create_creditor(session, staff.worker, data).id
        return existing


def register(
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
    for chunk in chunks(plan, BATCH):
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


def at_or_beyond(
    cases: list[DemoCase], first_stage: str, *, also: tuple[str, ...] = ()
) -> list[DemoCase]:
    """Cases whose target is at or beyond ``first_stage`` in the main line (plus ``also``)."""
    if first_stage not in MAIN_LINE:
        return [c for c in cases if c.stage == first_stage or c.stage in also]
    later = set(MAIN_LINE[MAIN_LINE.index(first_stage) :])
    return [c for c in cases if c.stage in later or c.stage in also]


def drive_intake(
    factory: sessionmaker[Session], tenant_id: int, staff: DemoStaff, cases: list[DemoCase]
) -> None:
    side = ("ingetrokken", "afgewezen", "budgetbeheer")
    today = clock.now().date()
    meeting = f"{(today + timedelta(days=2)).isoformat()}T10:00:00+01:00"
    for crisis in (True, False):
        step(
            factory,
            tenant_id,
            staff,
            [c for c in at_or_beyond(cases, "eerste_gesprek", also=side) if c.crisis == crisis],
            "melding_beoordelen",
            {
                "dreigende_huisuitzetting": crisis,
                "dreigende_afsluiting": False,
                "opzegging_zorgverzekering": False,
                "afspraak_eerste_gesprek": meeting,
            },
        )
    talk = {"gesprek_datum": today.isoformat()}
    step(
        factory,
        tenant_id,
        staff,
        at_or_beyond(cases, "screening", also=("afgewezen", "budgetbeheer")),
        "eerste_gesprek",
        {**talk, "vervolg": "aanvraag"},
    )
    step(
        factory,
        tenant_id,
        staff,
        [c for c in cases if c.stage == "ingetrokken"],
        "eerste_gesprek",
        {**talk, "vervolg": "ingetrokken"},
    )
    step(
        factory,
        tenant_id,
        staff,
        at_or_beyond(cases, "beschikking", also=("afgewezen", "budgetbeheer")),
        "screening",
        {"uitkomst": "compleet", "bkr_gecontroleerd": True},
    )
    admit = {"besluit": "toelating", "grond": "Wgs art. 3: hulpvraag past"}
    step(
        factory,
        tenant_id,
        staff,
        at_or_beyond(cases, "beschikking"),
        "beschikking_voorbereiden",
        {**admit, "traject": "schuldregeling"},
    )
    step(
        factory,
        tenant_id,
        staff,
        [c for c in cases if c.stage == "budgetbeheer"],
        "beschikking_voorbereiden",
        {**admit, "traject": "budgetbeheer"},
    )
    step(
        factory,
        tenant_id,
        staff,
        [c for c in cases if c.stage == "afgewezen"],
        "beschikking_voorbereiden",
        {"besluit": "afwijzing", "grond": "schuldregeling minder dan 5 jaar geleden"},
    )
    step(
        factory,
        tenant_id,
        staff,
        at_or_beyond(cases, "stabilisatie", also=("afgewezen", "budgetbeheer")),
        "beschikking_goedkeuren",
        {"goedgekeurd": True},
    )


def drive_budget_plan(
    factory: sessionmaker[Session], tenant_id: int, staff: DemoStaff, cases: list[DemoCase]
) -> None:
    group = at_or_beyond(cases, "budgetplan")
    step(factory, tenant_id, staff, group, "inkomsten_uitgaven", {"compleet": True})
    step(factory, tenant_id, staff, group, "budgetplan_opstellen", {"leefgeld_per_week": 80})
    step(
        factory,
        tenant_id,
        staff,
        group,
        "plan_van_aanpak",
        {"aanbod": "schuldregeling", "machtiging_gegevensuitwisseling": True},
    )


def drive_negotiation(
    factory: sessionmaker[Session],
    tenant_id: int,
    staff: DemoStaff,
    cases: list[DemoCase],
    rng: random.Random,
) -> None:
    from casefiles.handlers import notify_if_all_answered

    for batch in chunks(at_or_beyond(cases, "saldo"), BATCH):
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
    group = at_or_beyond(cases, "voorstel")
    step(
        factory,
        tenant_id,
        staff,
        group,
        "saldi_vaststellen",
        {"saneringskrediet_mogelijk": False, "wsnp_aangewezen": False},
    )
    step(factory, tenant_id, staff, group, "voorstel_controleren", {"gecontroleerd": True})
    for batch in chunks(group, BATCH):
        with transaction(factory, tenant_id) as session:
            for case in batch:
                in_term = case.stage in MAIN_LINE[MAIN_LINE.index("looptijd") :]
                agreeing = case.creditors if in_term else case.creditors[:1]
                for creditor_id in dict.fromkeys(agreeing):
                    cf.record_creditor_response(
                        session,
                        staff.worker,
                        case.case_id,
                        CreditorResponseIn(creditor_id=creditor_id, kind="akkoord"),
                    )
                notify_if_all_answered(session, staff.worker, case.case_id)


def report_deviations(
    factory: sessionmaker[Session], tenant_id: int, staff: DemoStaff, cases: list[DemoCase]
) -> None:
    """A missed afdracht during the term: the next monthly check asks for an assessment."""
    from casefiles.handlers import report_deviation

    for batch in chunks(cases, BATCH):
        with transaction(factory, tenant_id) as session:
            for case in batch:
                report_deviation(
                    session, staff.worker, case.case_id, note="afdracht niet ontvangen"
                )


def step(
    factory: sessionmaker[Session],
    tenant_id: int,
    staff: DemoStaff,
    cases: list[DemoCase],
    task_key: str,
    data: dict[str, Any],
) -> None:
    """Complete the open task ``task_key`` of each case (skipped when it is not open)."""
    for batch in chunks(cases, BATCH):
        with transaction(factory, tenant_id) as session:
            for case in batch:
                items = [
                    i
                    for i in runtime.list_tasks(session, case_id=case.case_id)
                    if i.task_key == task_key
                ]
                for item in items:
                    runtime.complete_task(session, staff.for_role(item.role), item.id, data)


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
