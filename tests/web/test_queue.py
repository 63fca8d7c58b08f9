"""The work queue: tasks of my lanes in queue order, a page at a time."""

from __future__ import annotations

import re

import pytest

from api.web import pages
from tests.security.web_world import WebWorld, login
from tests.web.task_world import case_with_task, team_with_models


def _task_links(html: str) -> list[str]:
    return re.findall(r'href="(/taken/[0-9a-f-]+)"', html)


def _page_links(html: str) -> dict[str, str]:
    found = re.findall(r'href="([^"]+)">(Vorige|Volgende) taken</a>', html)
    return {label: href.replace("&amp;", "&") for href, label in found}


def test_queue_pages_through_the_tasks_keeping_the_filter(
    world: WebWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "QUEUE_PAGE", 2)
    tenant_id, anna, _ = team_with_models(world)
    for name in ("Jansen", "De Boer", "Visser"):
        case_with_task(world, tenant_id, anna, name, claim=False)
    login(world.client, "anna")
    first = world.client.get("/werkvoorraad?fase=")
    assert first.status_code == 200
    assert len(_task_links(first.text)) == 2
    assert "Taken 1–2" in first.text
    links = _page_links(first.text)
    assert set(links) == {"Volgende"}
    assert "fase=" in links["Volgende"] and "pagina=2" in links["Volgende"]
    second = world.client.get(links["Volgende"])
    assert len(_task_links(second.text)) == 1
    assert "Taken 3–3" in second.text
    assert set(_page_links(second.text)) == {"Vorige"}
    assert not set(_task_links(first.text)) & set(_task_links(second.text))


def test_page_number_that_is_not_a_number_shows_the_first_page(world: WebWorld) -> None:
    login(world.client, "anna")
    page = world.client.get("/werkvoorraad?pagina=abc")
    assert page.status_code == 200
    assert "Geen taken" in page.text
