"""Cases with real tasks for the dashboard and work queue tests: the real models deployed in
tenant utrecht of the web world, anna and her colleague carla."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from casefiles.schemas import MeldingIn, PersonIn
from casefiles.service import register_melding
from engine.identity.actor import Actor
from engine.identity.models import Tenant, User
from engine.identity.service import create_user, user_actor
from engine.process import runtime
from engine.process.registry import deploy_folder
from tests.security.web_world import PASSWORD, WebWorld

MODELS = Path(__file__).resolve().parents[2] / "bpmn"


def team_with_models(world: WebWorld) -> tuple[int, Actor, Actor]:
    """Tenant utrecht with the real models; anna and a colleague, carla."""
    with world.db.tx() as session:
        tenant = session.query(Tenant).filter_by(slug="utrecht").one()
        anna = user_actor(session.query(User).filter_by(username="anna").one())
        carla = user_actor(
            create_user(
                session,
                tenant=tenant,
                username="carla",
                password=PASSWORD,
                roles=["intake", "schuldhulpverlener"],
            )
        )
        designer = user_actor(
            create_user(
                session, tenant=tenant, username="pim", password=None, roles=["procesontwerper"]
            )
        )
    with world.db.tx(tenant.id) as session:
        deploy_folder(session, designer, MODELS)
    return tenant.id, anna, carla


def case_with_task(
    world: WebWorld, tenant_id: int, worker: Actor, name: str, *, claim: bool = True
) -> str:
    """A new case with its first task, claimed by ``worker`` unless ``claim`` is false."""
    with world.db.tx(tenant_id) as session:
        melding = MeldingIn(
            meldingsdatum=date(2026, 1, 5), channel="persoon", client=PersonIn(last_name=name)
        )
        case_id = register_melding(session, worker, melding).case_id
        [task] = runtime.list_tasks(session, case_id=case_id)
        if claim:
            runtime.claim_task(session, worker, task.id)
    return str(case_id)
