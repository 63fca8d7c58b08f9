"""A municipality's debt-relief office for whole-case scenarios through the service layer.

Cases run on the real models of ``bpmn/`` with the real handlers; the clock is frozen and
moved by the scenario, timers fire through ``run_due_timers`` as the scheduler would.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from casefiles import service
from casefiles.handlers import notify_if_all_answered, report_deviation
from casefiles.schemas import (
    CreditorIn,
    CreditorResponseIn,
    DebtIn,
    ExpenseIn,
    IncomeIn,
    MeldingIn,
    PersonIn,
)
from engine.cases.models import Case
from engine.cases.service import get_case
from engine.clock import FrozenClock
from engine.identity.actor import Actor
from engine.identity.service import create_tenant, create_user, user_actor
from engine.process import runtime
from engine.process.models import WorkItem
from engine.process.registry import deploy_folder
from tests.conftest import Database

MODELS = Path(__file__).resolve().parents[2] / "bpmn"
VALID_BSN = "111222333"


class MemoryStorage:
    """Document storage in memory: scenarios check which letters were made, not the files."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def put(self, key: str, data: bytes) -> None:
        self.files[key] = data

    def get(self, key: str) -> bytes:
        return self.files[key]

    def delete(self, key: str) -> None:
        self.files.pop(key, None)

    def exists(self, key: str) -> bool:
        return key in self.files


@pytest.fixture(autouse=True)
def _document_storage() -> Iterator[MemoryStorage]:
    from documents.storage import install_storage

    storage = MemoryStorage()
    install_storage(storage)
    yield storage
    install_storage(None)


@dataclass
class Office:
    db: Database
    tenant_id: int
    clock: FrozenClock
    intake: Actor
    sanne: Actor  # schuldhulpverlener
    tom: Actor  # teamleider
    bea: Actor  # budgetbeheerder
    creditors: dict[str, str] = field(default_factory=dict)

    # --- case file -----------------------------------------------------------------------

    def melding(self, *, crisis: bool = False, bbz: bool = False) -> uuid.UUID:
        client = PersonIn(
            bsn=VALID_BSN,
            initials="J.",
            first_names="Jan",
            last_name="Jansen",
            birth_date=date(1980, 5, 17),
            street="Dorpsstraat",
            house_number="12",
            postcode="1234AB",
            city="Utrecht",
        )
        with self.db.tx(self.tenant_id) as session:
            cf = service.register_melding(
                session,
                self.intake,
                MeldingIn(
                    meldingsdatum=self.clock().date(),
                    channel="persoon",
                    crisis=crisis,
                    crisis_reason="dreigende ontruiming" if crisis else None,
                    bbz_entrepreneur=bbz,
                    client=client,
                ),
            )
            return cf.case_id

    def finances(self, case_id: uuid.UUID, *, income: str, rent: str = "650.00") -> None:
        with self.db.tx(self.tenant_id) as session:
            service.add_income(
                session, self.sanne, case_id, IncomeIn(kind="loon", monthly_amount=Decimal(income))
            )
            service.add_expense(
                session, self.sanne, case_id, ExpenseIn(kind="huur", monthly_amount=Decimal(rent))
            )

    def debt(self, case_id: uuid.UUID, creditor: str, amount: str, ref: str = "") -> None:
        with self.db.tx(self.tenant_id) as session:
            if creditor not in self.creditors:
                row = service.create_creditor(
                    session, self.sanne, CreditorIn(name=creditor, iban="NL91ABNA0417164300")
                )
                self.creditors[creditor] = str(row.id)
            service.add_debt(
                session,
                self.sanne,
                case_id,
                DebtIn(
                    creditor_id=uuid.UUID(self.creditors[creditor]),
                    claimed_amount=Decimal(amount),
                    creditor_reference=ref or f"{creditor[:3].upper()}-1",
                ),
            )

    def respond(
        self, case_id: uuid.UUID, creditor: str, kind: str, amount: str | None = None
    ) -> bool:
        """A creditor answers; the process hears when everyone has answered."""
        with self.db.tx(self.tenant_id) as session:
            service.record_creditor_response(
                session,
                self.sanne,
                case_id,
                CreditorResponseIn(
                    creditor_id=uuid.UUID(self.creditors[creditor]),
                    kind=kind,
                    amount=Decimal(amount) if amount is not None else None,
                    reason="te laag percentage" if kind == "weigering" else None,
                ),
            )
            return notify_if_all_answered(session, self.sanne, case_id)

    def deviation(self, case_id: uuid.UUID, note: str) -> None:
        with self.db.tx(self.tenant_id) as session:
            report_deviation(session, self.sanne, case_id, note=note)

    # --- process -------------------------------------------------------------------------

    def tasks(self, case_id: uuid.UUID) -> list[WorkItem]:
        with self.db.tx(self.tenant_id) as session:
            return runtime.list_tasks(session, case_id=case_id)

    def open_keys(self, case_id: uuid.UUID) -> list[str]:
        return sorted(t.task_key for t in self.tasks(case_id))

    def task(self, case_id: uuid.UUID, key: str) -> WorkItem:
        found = [t for t in self.tasks(case_id) if t.task_key == key]
        assert len(found) == 1, f"expected open task {key}, open: {self.open_keys(case_id)}"
        return found[0]

    def actor_for(self, role: str) -> Actor:
        return {
            "intake": self.intake,
            "schuldhulpverlener": self.sanne,
            "teamleider": self.tom,
            "budgetbeheerder": self.bea,
        }[role]

    def complete(
        self, case_id: uuid.UUID, key: str, data: dict[str, Any], actor: Actor | None = None
    ) -> None:
        item = self.task(case_id, key)
        with self.db.tx(self.tenant_id) as session:
            runtime.complete_task(session, actor or self.actor_for(item.role), item.id, data)
        self.no_incidents(case_id)

    def no_incidents(self, case_id: uuid.UUID) -> None:
        with self.db.tx(self.tenant_id) as session:
            incidents = runtime.open_incidents(session, case_id)
            assert not incidents, [(i.task_key, i.message) for i in incidents]

    def wait(self, days: int) -> int:
        """Let ``days`` pass, firing due timers day by day as the scheduler would."""
        fired = 0
        for _ in range(days):
            self.clock.advance(timedelta(days=1))
            fired += runtime.run_due_timers(self.db.factory)
        with self.db.tx(self.tenant_id) as session:
            incidents = runtime.open_incidents(session)
            assert not incidents, [(i.task_key, i.message) for i in incidents]
        return fired

    def data(self, case_id: uuid.UUID) -> dict[str, Any]:
        with self.db.tx(self.tenant_id) as session:
            return runtime.workflow_data(session, case_id)

    def case(self, case_id: uuid.UUID) -> Case:
        with self.db.tx(self.tenant_id) as session:
            return get_case(session, case_id)

    def case_status(self, case_id: uuid.UUID) -> str:
        with self.db.tx(self.tenant_id) as session:
            return service.get_case_file(session, self.sanne, case_id).status

    def letters(self, case_id: uuid.UUID) -> list[str]:
        """The letter types made for the case, in order (one per creditor where it applies)."""
        from sqlalchemy import select

        from documents.models import Document

        with self.db.tx(self.tenant_id) as session:
            return list(
                session.scalars(
                    select(Document.doc_type)
                    .where(Document.case_id == case_id)
                    .order_by(Document.created_at)
                )
            )

    def audit_actions(self, case_id: uuid.UUID) -> list[str]:
        from sqlalchemy import select

        from engine.audit.models import AuditEntry

        with self.db.tx(self.tenant_id) as session:
            return list(
                session.scalars(
                    select(AuditEntry.action)
                    .where(AuditEntry.case_id == case_id)
                    .order_by(AuditEntry.seq)
                )
            )

    def product(self, case_id: uuid.UUID) -> str | None:
        with self.db.tx(self.tenant_id) as session:
            return service.get_case_file(session, self.sanne, case_id).product

    def send(self, case_id: uuid.UUID, name: str, payload: dict[str, Any]) -> None:
        with self.db.tx(self.tenant_id) as session:
            runtime.correlate_message(
                session,
                self.sanne,
                name=name,
                correlation={"case_id": str(case_id)},
                payload=payload,
            )

    # --- whole steps of a case -------------------------------------------------------------

    def intake_to_decision(
        self,
        case_id: uuid.UUID,
        *,
        crisis: bool = False,
        besluit: str = "toelating",
        traject: str = "schuldregeling",
    ) -> None:
        self.complete(
            case_id,
            "melding_beoordelen",
            {
                "dreigende_huisuitzetting": crisis,
                "dreigende_afsluiting": False,
                "opzegging_zorgverzekering": False,
                "afspraak_eerste_gesprek": "2026-03-04T10:00:00+01:00",
            },
        )
        self.complete(
            case_id,
            "eerste_gesprek",
            {"gesprek_datum": self.clock().date().isoformat(), "vervolg": "aanvraag"},
        )
        self.complete(
            case_id,
            "screening",
            {
                "voorlegger": [
                    {"stuk": "identiteitsbewijs", "status": "ontvangen"},
                    {"stuk": "loonstroken", "status": "ontvangen"},
                    {"stuk": "alimentatie", "status": "niet_van_toepassing"},
                ],
                "bkr_gecontroleerd": True,
                "uitkomst": "compleet",
            },
        )
        proposal: dict[str, Any] = {"besluit": besluit, "grond": "Wgs art. 3: hulpvraag"}
        if besluit == "toelating":
            proposal["traject"] = traject
        self.complete(case_id, "beschikking_voorbereiden", proposal)
        self.complete(case_id, "beschikking_goedkeuren", {"goedgekeurd": True})

    def budget_plan(self, case_id: uuid.UUID) -> None:
        self.complete(case_id, "inkomsten_uitgaven", {"compleet": True})
        self.complete(case_id, "budgetplan_opstellen", {"leefgeld_per_week": 80})
        self.complete(
            case_id,
            "plan_van_aanpak",
            {"aanbod": "schuldregeling", "machtiging_gegevensuitwisseling": True},
        )
        self.wait(30)
        self.complete(case_id, "evaluatie", {"stabiel": True})

    def claims_settled(self, case_id: uuid.UUID, amounts: dict[str, str]) -> None:
        for creditor, amount in amounts.items():
            self.respond(case_id, creditor, "saldo", amount)


@pytest.fixture
def office(db: Database, frozen_clock: FrozenClock) -> Office:
    """Gemeente Utrecht: intake, case worker, team lead, budget manager; models deployed."""
    with db.tx() as session:
        tenant = create_tenant(session, slug="utrecht", name="Gemeente Utrecht")

        def person(name: str, *roles: str) -> Actor:
            return user_actor(
                create_user(session, tenant=tenant, username=name, password=None, roles=list(roles))
            )

        intake = person("ines", "intake")
        sanne = person("sanne", "schuldhulpverlener")
        tom = person("tom", "teamleider")
        bea = person("bea", "budgetbeheerder")
        designer = person("pim", "procesontwerper")
    with db.tx(tenant.id) as session:
        deploy_folder(session, designer, MODELS)
    return Office(db, tenant.id, frozen_clock, intake, sanne, tom, bea)


def month_later(day: date) -> date:
    return day + timedelta(days=31)
