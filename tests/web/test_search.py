"""Case search: a BSN only by exact match, sent by POST (never in a URL), masked in the list."""

from __future__ import annotations

import pytest

from tests.security.web_world import WebWorld, csrf_of, login
from tests.web.casefile_world import post_form, stored

BSN = "111222333"


@pytest.fixture
def anna(world: WebWorld) -> WebWorld:
    login(world.client, "anna")
    [client] = stored(world, world.case_a, "household")
    url = f"/zaken/{world.case_a}/personen/{client.id}"
    assert post_form(world.client, url, {"lastName": "Bakker", "bsn": BSN}).status_code == 303
    return world


def _search(world: WebWorld, **fields: str) -> str:
    token = csrf_of(world.client.get("/zaken").text)
    answer = world.client.post("/zaken", data={"csrf_token": token, **fields})
    assert answer.status_code == 200
    return answer.text


def test_exact_bsn_finds_the_case_and_the_list_masks_it(anna: WebWorld) -> None:
    page = _search(anna, bsn=BSN)
    assert "1 zaken gevonden" in page
    assert "*****2333" in page
    assert f'value="{BSN}"' in page  # kept in the search field only
    assert BSN not in page.replace(f'value="{BSN}"', "")


def test_part_of_a_bsn_finds_nothing(anna: WebWorld) -> None:
    assert "0 zaken gevonden" in _search(anna, bsn=BSN[:6])


def test_bsn_in_the_url_is_ignored(anna: WebWorld) -> None:
    page = anna.client.get("/zaken?bsn=000000000&zaaknummer=Z").text
    assert "1 zaken gevonden" in page  # the BSN did not filter


def test_search_by_post_needs_the_csrf_token(anna: WebWorld) -> None:
    assert anna.client.post("/zaken", data={"bsn": BSN}).status_code == 403


def test_part_of_the_client_name_finds_only_this_tenants_case(anna: WebWorld) -> None:
    page = anna.client.get("/zaken?naam=akk").text  # the client of both tenants is a Bakker
    assert "1 zaken gevonden" in page


def test_wildcards_in_a_name_match_only_themselves(anna: WebWorld) -> None:
    assert "0 zaken gevonden" in anna.client.get("/zaken?naam=%25").text
    assert "0 zaken gevonden" in anna.client.get("/zaken?naam=B_kker").text


def test_birth_date_search_checks_the_date(anna: WebWorld) -> None:
    answer = anna.client.get("/zaken?geboortedatum=23-04-1980")
    assert answer.status_code == 400
    assert "jjjj-mm-dd" in answer.text
    assert "0 zaken gevonden" in anna.client.get("/zaken?geboortedatum=1980-04-23").text
