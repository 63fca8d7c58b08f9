"""Case page forms for household and finances: stored through the case file services,
errors at the fields with nothing stored, role, tenant and CSRF refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.security.web_world import WebWorld, csrf_of, login
from tests.web.casefile_world import client_as, post_form, stored


@pytest.fixture
def anna(world: WebWorld) -> WebWorld:
    login(world.client, "anna")
    return world


def test_income_is_added_and_the_budget_plan_recomputed(anna: WebWorld) -> None:
    url = f"/zaken/{anna.case_a}/inkomsten/nieuw"
    data = {"kind": "loon", "source": "Werkgever BV", "monthlyAmount": "1.850,50"}
    answer = post_form(anna.client, url, data)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/zaken/{anna.case_a}?opgeslagen=1#inkomsten"
    [income] = stored(anna, anna.case_a, "incomes")
    assert (income.kind, income.monthly_amount) == ("loon", Decimal("1850.50"))
    page = anna.client.get(answer.headers["location"]).text
    assert "De wijziging is opgeslagen." in page
    net_income = page.index("Netto inkomen")
    assert "€ 1.850,50" in page[net_income : net_income + 200]


def test_income_with_a_bad_amount_shows_the_error_and_stores_nothing(anna: WebWorld) -> None:
    url = f"/zaken/{anna.case_a}/inkomsten/nieuw"
    answer = post_form(anna.client, url, {"kind": "loon", "monthlyAmount": "veel"})
    assert answer.status_code == 400
    assert "Er is 1 fout gevonden" in answer.text
    assert 'href="#veld-monthlyAmount"' in answer.text
    assert 'id="fout-veld-monthlyAmount"' in answer.text
    assert 'value="veel"' in answer.text  # the input is kept for correction
    assert stored(anna, anna.case_a, "incomes") == []


def test_negative_expense_is_refused_by_the_service(anna: WebWorld) -> None:
    url = f"/zaken/{anna.case_a}/uitgaven/nieuw"
    answer = post_form(anna.client, url, {"kind": "huur", "monthlyAmount": "-650"})
    assert answer.status_code == 400
    assert "Bedrag mag niet negatief zijn." in answer.text
    assert stored(anna, anna.case_a, "expenses") == []


def test_missing_choice_and_amount_are_both_reported(anna: WebWorld) -> None:
    answer = post_form(anna.client, f"/zaken/{anna.case_a}/uitgaven/nieuw", {})
    assert answer.status_code == 400
    assert "Er zijn 2 fouten gevonden" in answer.text
    assert answer.text.count("Dit veld is verplicht.") == 4  # summary and field, twice


def test_expense_is_added_and_removed(anna: WebWorld) -> None:
    url = f"/zaken/{anna.case_a}/uitgaven/nieuw"
    post_form(anna.client, url, {"kind": "huur", "monthlyAmount": "650"})
    [expense] = stored(anna, anna.case_a, "expenses")
    remove = f"/zaken/{anna.case_a}/uitgaven/{expense.id}/verwijderen"
    page = anna.client.get(f"/zaken/{anna.case_a}").text
    assert f'action="{remove}"' in page
    token = csrf_of(page)
    done = anna.client.post(remove, data={"csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303
    assert stored(anna, anna.case_a, "expenses") == []


def test_partner_is_added_and_a_second_partner_refused(anna: WebWorld) -> None:
    url = f"/zaken/{anna.case_a}/personen/nieuw"
    partner = {"role": "partner", "initials": "P.", "lastName": "Bakker", "bsn": "111222333"}
    assert post_form(anna.client, url, partner).status_code == 303
    again = post_form(anna.client, url, {**partner, "bsn": ""})
    assert again.status_code == 400
    assert "Dit huishouden heeft al een partner." in again.text
    roles = sorted(p.role for p in stored(anna, anna.case_a, "household"))
    assert roles == ["client", "partner"]


def test_person_edit_refuses_a_bsn_failing_the_elfproef(anna: WebWorld) -> None:
    [client] = stored(anna, anna.case_a, "household")
    url = f"/zaken/{anna.case_a}/personen/{client.id}"
    form = anna.client.get(url).text
    assert "Bakker" in form  # current values filled in
    answer = post_form(anna.client, url, {"lastName": "Bakker", "bsn": "123456789"})
    assert answer.status_code == 400
    assert "BSN voldoet niet aan de elfproef." in answer.text
    [unchanged] = stored(anna, anna.case_a, "household")
    assert unchanged.bsn is None

    fixed = post_form(anna.client, url, {"lastName": "de Boer", "bsn": "111222333"})
    assert fixed.status_code == 303
    [client] = stored(anna, anna.case_a, "household")
    assert (client.last_name, client.bsn) == ("de Boer", "111222333")
    page = anna.client.get(f"/zaken/{anna.case_a}").text
    assert "*****2333" in page and "111222333" not in page  # masked on the case page


def test_team_lead_may_read_but_not_edit_the_case_file(world: WebWorld) -> None:
    tim = client_as(world, "tim", ["teamleider"])
    page = tim.get(f"/zaken/{world.case_a}").text
    assert "Inkomen toevoegen" not in page
    url = f"/zaken/{world.case_a}/inkomsten/nieuw"
    assert tim.get(url).status_code == 403
    token = csrf_of(page)
    answer = tim.post(url, data={"csrf_token": token, "kind": "loon", "monthlyAmount": "10"})
    assert answer.status_code == 403
    assert stored(world, world.case_a, "incomes") == []


def test_case_of_another_tenant_is_not_found(anna: WebWorld) -> None:
    own = anna.client.get(f"/zaken/{anna.case_a}/inkomsten/nieuw").text
    token = csrf_of(own)
    other = f"/zaken/{anna.case_b}/inkomsten/nieuw"
    assert anna.client.get(other).status_code == 404
    answer = anna.client.post(
        other, data={"csrf_token": token, "kind": "loon", "monthlyAmount": "1"}
    )
    assert answer.status_code == 404


def test_form_without_csrf_token_is_refused(anna: WebWorld) -> None:
    url = f"/zaken/{anna.case_a}/inkomsten/nieuw"
    answer = anna.client.post(url, data={"kind": "loon", "monthlyAmount": "100"})
    assert answer.status_code == 403
    assert stored(anna, anna.case_a, "incomes") == []


def test_income_is_corrected_and_the_budget_plan_follows(anna: WebWorld) -> None:
    new = f"/zaken/{anna.case_a}/inkomsten/nieuw"
    post_form(anna.client, new, {"kind": "loon", "monthlyAmount": "1500"})
    [income] = stored(anna, anna.case_a, "incomes")
    url = f"/zaken/{anna.case_a}/inkomsten/{income.id}"
    assert 'value="1500,00"' in anna.client.get(url).text
    answer = post_form(anna.client, url, {"kind": "loon", "monthlyAmount": "1.725,00"})
    assert answer.status_code == 303
    page = anna.client.get(answer.headers["location"]).text
    net_income = page.index("Netto inkomen")
    assert "€ 1.725,00" in page[net_income : net_income + 200]

    refused = post_form(anna.client, url, {"kind": "loon", "monthlyAmount": "-5"})
    assert refused.status_code == 400
    assert "Bedrag mag niet negatief zijn." in refused.text
    [income] = stored(anna, anna.case_a, "incomes")
    assert income.monthly_amount == Decimal("1725.00")


def test_expense_of_another_case_is_not_found(world: WebWorld) -> None:
    login(world.client, "anna")
    new = f"/zaken/{world.case_a}/uitgaven/nieuw"
    post_form(world.client, new, {"kind": "huur", "monthlyAmount": "1"})
    [expense] = stored(world, world.case_a, "expenses")
    assert world.client.get(f"/zaken/{world.case_b}/uitgaven/{expense.id}").status_code == 404
