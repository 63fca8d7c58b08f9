"""A debt relief case with a full case file: client, income, 15 creditors, a proposal."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from casefiles import service
from casefiles.schemas import CreditorResponseIn, DebtIn, ExpenseIn, IncomeIn
from documents.samples import CREDITORS
from documents.storage import FileStorage, install_storage
from engine.identity.models import Tenant
from tests.casefiles.conftest import CaseWorld, creditor, cw, open_melding

__all__ = ["CaseWorld", "cw"]

LETTERHEAD = {
    "municipality": "Gemeente Zwolle",
    "department": "Schuldhulpverlening",
    "address": ["Lübeckplein 2", "8017 JZ Zwolle"],
    "postal_address": "Postbus 10007, 8000 GA Zwolle",
    "phone": "14 038",
    "website": "www.zwolle.nl",
}


@dataclass
class Scenario:
    cw: CaseWorld
    case_id: str
    creditors: dict[str, str]  # name -> id


@pytest.fixture(autouse=True)
def storage(tmp_path: Path) -> Iterator[FileStorage]:
    store = FileStorage(tmp_path / "store")
    install_storage(store)
    yield store
    install_storage(None)


def open_case_with_debts(cw: CaseWorld, *, proposal: bool = True) -> Scenario:
    with cw.db.tx(cw.tenant_id) as session:
        tenant = session.get(Tenant, cw.tenant_id)
        assert tenant is not None
        tenant.settings = {**tenant.settings, "letterhead": LETTERHEAD}
    case_id = open_melding(cw)
    ids = {name: creditor(cw, name, preferent=kind == "preferent") for name, kind, _ in CREDITORS}
    with cw.db.tx(cw.tenant_id) as session:
        for i, (name, _, amount) in enumerate(CREDITORS):
            service.add_debt(
                session,
                cw.worker,
                case_id,
                DebtIn(
                    creditor_id=ids[name],
                    claimed_amount=Decimal(amount),
                    creditor_reference=f"KL-{1000 + i}",
                ),
            )
        service.add_income(
            session,
            cw.worker,
            case_id,
            IncomeIn(kind="loon", source="Netto loon", monthly_amount=Decimal("2100")),
        )
        service.add_expense(
            session,
            cw.worker,
            case_id,
            ExpenseIn(kind="huur", description="Huur", monthly_amount=Decimal("750")),
        )
        if proposal:
            service.request_balances(session, cw.worker, case_id)
            for name, _, amount in CREDITORS:
                service.record_creditor_response(
                    session,
                    cw.worker,
                    case_id,
                    CreditorResponseIn(creditor_id=ids[name], kind="saldo", amount=Decimal(amount)),
                )
            service.compute_case_vtlb(session, cw.worker, case_id)
            service.build_proposal(session, cw.worker, case_id)
    return Scenario(cw, case_id, ids)
