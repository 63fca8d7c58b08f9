"""Factories for case file tests: a tenant with case workers, creditors, a registered melding."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from casefiles import service
from casefiles.schemas import CreditorIn, MeldingIn, PersonIn
from engine.identity.actor import Actor
from engine.identity.models import Tenant
from engine.identity.service import create_tenant, create_user, user_actor
from engine.process.registry import deploy_folder
from tests.api.conftest import Api, ApiClientInfo, api  # noqa: F401  (REST fixture)
from tests.conftest import Database, sent_statements

MODELS = Path(__file__).resolve().parent / "data"
VALID_BSN = "111222333"
PROCESS_KEY = "cf_minimal"


@dataclass
class CaseWorld:
    db: Database
    tenant_id: int
    worker: Actor
    auditor: Actor
    other_tenant_id: int
    other: Actor


@pytest.fixture
def cw(db: Database) -> CaseWorld:
    """Two tenants, a case worker with every case role and an auditor; test model deployed."""
    roles = ["intake", "schuldhulpverlener", "teamleider", "budgetbeheerder", "procesontwerper"]
    with db.tx() as session:
        tenant = create_tenant(session, slug="gemeente-a", name="Gemeente A")
        worker = user_actor(
            create_user(session, tenant=tenant, username="sanne", password=None, roles=roles)
        )
        auditor = user_actor(
            create_user(session, tenant=tenant, username="aud", password=None, roles=["auditor"])
        )
        other_tenant = create_tenant(session, slug="gemeente-b", name="Gemeente B")
        other = user_actor(
            create_user(session, tenant=other_tenant, username="bob", password=None, roles=roles)
        )
    with db.tx(tenant.id) as session:
        deploy_folder(session, worker, MODELS)
    return CaseWorld(db, tenant.id, worker, auditor, other_tenant.id, other)


def melding(**overrides: object) -> MeldingIn:
    fields: dict[str, object] = {
        "meldingsdatum": date(2026, 3, 2),
        "channel": "persoon",
        "client": PersonIn(
            bsn=VALID_BSN,
            initials="J.",
            first_names="Jan",
            last_name="Jansen",
            birth_date=date(1980, 5, 17),
            street="Dorpsstraat",
            house_number="12",
            postcode="1234AB",
            city="Utrecht",
        ),
    }
    fields.update(overrides)
    return MeldingIn(**fields)  # type: ignore[arg-type]


def open_melding(cw: CaseWorld, **overrides: object) -> str:
    with cw.db.tx(cw.tenant_id) as session:
        cf = service.register_melding(
            session, cw.worker, melding(**overrides), process_key=PROCESS_KEY
        )
        return str(cf.case_id)


def creditor(cw: CaseWorld, name: str, *, preferent: bool = False) -> str:
    with cw.db.tx(cw.tenant_id) as session:
        row = service.create_creditor(
            session,
            cw.worker,
            CreditorIn(name=name, iban="NL91ABNA0417164300", preferent=preferent),
        )
        return str(row.id)


def euro(value: str) -> Decimal:
    return Decimal(value)


def counted_selects(cw: CaseWorld) -> AbstractContextManager[list[str]]:
    """The SELECT statements sent while the block runs."""
    return sent_statements(cw.db.engine, only="SELECT")


# --- REST ---------------------------------------------------------------------------------


REAL_MODELS = Path(__file__).resolve().parents[2] / "bpmn"
V1 = "/api/v1"


@pytest.fixture
def worker(api: Api) -> ApiClientInfo:  # noqa: F811  (the api fixture, by name)
    """A client of gemeente-a with case roles; the real process models deployed."""
    info = api.client("gemeente-a", "intake", "schuldhulpverlener", "teamleider")
    with api.db.tx() as session:
        tenant = session.get(Tenant, info.tenant_id)
        assert tenant is not None
        designer = user_actor(
            create_user(
                session, tenant=tenant, username="pim", password=None, roles=["procesontwerper"]
            )
        )
    with api.db.tx(info.tenant_id) as session:
        deploy_folder(session, designer, REAL_MODELS)
    return info


def post_melding(rest: Api, who: ApiClientInfo, **extra: Any) -> dict[str, Any]:
    """A melding over REST (client included); returns the created case file."""
    body = {
        "meldingsdatum": "2026-03-02",
        "channel": "verwijzing",
        "client": {
            "bsn": VALID_BSN,
            "initials": "P.",
            "lastName": "de Vries",
            "birthDate": "1975-02-01",
            "postcode": "3011AA",
            "city": "Rotterdam",
        },
        **extra,
    }
    response = rest.http.post(f"{V1}/meldingen", json=body, headers=who.headers)
    assert response.status_code == 201, response.text
    return dict(response.json())
