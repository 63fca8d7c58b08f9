"""The case worker's dashboard: my tasks, and my caseload per phase (the open cases in which
I hold a claimed task, not every open case of the municipality)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from casefiles.schemas import MeldingIn, PersonIn
from casefiles.service import register_melding
from engine.cases.service import get_case, set_phase
from engine.identity.actor import Actor
from engine.identity.models import Tenant, User
from engine.identity.service import create_user, user_actor
from engine.process import runtime
from engine.process.registry import deploy_folder
from tests.security.web_world import PASSWORD, WebWorld, login

MODELS = Path(__file__).resolve().parents[2] / "bpmn"


def _actors(world: WebWorld) -> tuple[int, Actor, Actor]:
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


def _case_claimed_by(world: WebWorld, tenant_id: int, worker: Actor, name: str) -> str:
    with world.db.tx(tenant_id) as session:
        melding = MeldingIn(
            meldingsdatum=date(2026, 1, 5), channel="persoon", client=PersonIn(last_name=name)
        )
        case_id = register_melding(session, worker, melding).case_id
        [task] = runtime.list_tasks(session, case_id=case_id)
        runtime.claim_task(session, worker, task.id)
    return str(case_id)


def _caseload(html: str) -> dict[str, int]:
    section = html[html.index('id="caseload"') :]
    section = section[: section.index("</table>")]
    cells = re.findall(r'<td class="utrecht-table__cell[^"]*">([^<]*)</td>', section)
    return {label: int(count) for label, count in zip(cells[::2], cells[1::2], strict=True)}


def test_my_caseload_counts_only_cases_where_i_hold_a_task(world: WebWorld) -> None:
    tenant_id, anna, carla = _actors(world)
    mine = [_case_claimed_by(world, tenant_id, anna, name) for name in ("Jansen", "De Boer")]
    _case_claimed_by(world, tenant_id, carla, "Visser")
    with world.db.tx(tenant_id) as session:
        set_phase(session, anna, get_case(session, mine[1]), "stabilisatie")
    login(world.client, "anna")
    page = world.client.get("/")
    assert page.status_code == 200
    # not carla's case, nor case_a that nobody works on
    assert _caseload(page.text) == {"Geen fase": 1, "Stabilisatie": 1}
    tasks = page.text[: page.text.index('id="termijnen"')]
    assert all(f'href="/zaken/{case_id}"' in tasks for case_id in mine)


def test_caseload_is_empty_for_a_worker_without_claimed_tasks(world: WebWorld) -> None:
    login(world.client, "anna")
    page = world.client.get("/").text
    assert _caseload(page) == {}
    assert "U heeft geen lopende zaken." in page
