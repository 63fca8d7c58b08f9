from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from engine.audit import record
from engine.audit.processing_log import log_processing
from engine.identity.actor import Actor
from engine.identity.service import create_tenant, create_user, user_actor
from engine.process.handlers import ServiceContext, service_handler
from engine.process.registry import deploy_folder
from tests.conftest import Database

FEATURE_MODELS = Path(__file__).resolve().parents[1] / "data" / "bpmn"


class FlakyExternalSystem:
    """Stand-in for an external system behind a service task: fails while ``down``."""

    down = False
    calls = 0


@service_handler("test.record")
def _record(ctx: ServiceContext, *, label: str) -> dict[str, Any]:
    return {"recorded": label}


@service_handler("test.note")
def _note(ctx: ServiceContext) -> None:
    """Writes to the database, so a test can see whether its work was kept or undone."""
    record(ctx.session, ctx.actor, "test.noted", "case", ctx.case_id, case_id=ctx.case_id)


@service_handler("test.flaky")
def _flaky(ctx: ServiceContext) -> dict[str, Any]:
    FlakyExternalSystem.calls += 1
    if FlakyExternalSystem.down:
        raise RuntimeError("extern systeem niet bereikbaar")
    return {"flaky_done": True}


@dataclass
class World:
    db: Database
    tenant_id: int
    boss: Actor
    other_tenant_id: int
    other: Actor


@pytest.fixture
def world(db: Database) -> World:
    """Two tenants with a user holding every case role, feature models deployed in the first."""
    all_roles = ["teamleider", "intake", "schuldhulpverlener", "procesontwerper"]
    with db.tx() as session:
        tenant = create_tenant(session, slug="gemeente-a", name="Gemeente A")
        boss = user_actor(
            create_user(session, tenant=tenant, username="anna", password=None, roles=all_roles)
        )
        other_tenant = create_tenant(session, slug="gemeente-b", name="Gemeente B")
        other = user_actor(
            create_user(
                session, tenant=other_tenant, username="bert", password=None, roles=all_roles
            )
        )
    with db.tx(tenant.id) as session:
        deploy_folder(session, boss, FEATURE_MODELS)
    FlakyExternalSystem.down = False
    return World(db, tenant.id, boss, other_tenant.id, other)


def log_a_read(session: Session, actor: Actor, object_id: str = "999990019") -> None:
    """Log that ``actor`` read a person's name (the processing log's simplest entry)."""
    log_processing(
        session,
        actor,
        actie_naam="Klantgegevens inzien",
        verwerking_naam="Schuldhulpverlening",
        verwerkingsactiviteit_id="schuldhulpverlening-dossier-inzien",
        object_id=object_id,
        soorten_gegevens=["naam"],
    )
