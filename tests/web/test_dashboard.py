"""The case worker's dashboard: my tasks, and my caseload per phase (the open cases in which
I hold a claimed task, not every open case of the municipality)."""

from __future__ import annotations

import re

from engine.cases.service import get_case, set_phase
from tests.security.web_world import WebWorld, login
from tests.web.task_world import case_with_task, team_with_models


def _caseload(html: str) -> dict[str, int]:
    section = html[html.index('id="caseload"') :]
    section = section[: section.index("</table>")]
    cells = re.findall(r'<td class="utrecht-table__cell[^"]*">([^<]*)</td>', section)
    return {label: int(count) for label, count in zip(cells[::2], cells[1::2], strict=True)}


def test_my_caseload_counts_only_cases_where_i_hold_a_task(world: WebWorld) -> None:
    tenant_id, anna, carla = team_with_models(world)
    mine = [case_with_task(world, tenant_id, anna, name) for name in ("Jansen", "De Boer")]
    case_with_task(world, tenant_id, carla, "Visser")
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
