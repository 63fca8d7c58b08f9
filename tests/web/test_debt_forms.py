"""Case page forms for debts: a creditor is registered or picked, a claim added and
corrected, a creditor's answer recorded; refusals store nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.security.web_world import WebWorld, csrf_of, login
from tests.web.casefile_world import client_as, post_form, stored

IBAN = "NL91ABNA0417164300"


@pytest.fixture
def anna(world: WebWorld) -> WebWorld:
    login(world.client, "anna")
    return world


def _creditor(world: WebWorld, name: str = "Eneco") -> str:
    url = f"/zaken/{world.case_a}/schuldeisers/nieuw"
    answer = post_form(world.client, url, {"name": name, "kind": "energie", "iban": IBAN})
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"]).split("schuldeiser=")[1]


def _debt(world: WebWorld, creditor_id: str, amount: str = "1.200,00") -> str:
    url = f"/zaken/{world.case_a}/schulden/nieuw"
    data = {"creditorId": creditor_id, "creditorReference": "K-1", "claimedAmount": amount}
    assert post_form(world.client, url, data).status_code == 303
    [debt] = stored(world, world.case_a, "debts")
    return str(debt.id)


def test_new_creditor_is_preselected_on_the_debt_form(anna: WebWorld) -> None:
    creditor_id = _creditor(anna)
    form = anna.client.get(f"/zaken/{anna.case_a}/schulden/nieuw?schuldeiser={creditor_id}")
    assert f'<option value="{creditor_id}" selected>Eneco</option>' in form.text
    assert f'href="/zaken/{anna.case_a}/schuldeisers/nieuw"' in form.text  # or register one


def test_creditor_with_a_bad_iban_is_refused(anna: WebWorld) -> None:
    url = f"/zaken/{anna.case_a}/schuldeisers/nieuw"
    answer = post_form(anna.client, url, {"name": "Eneco", "kind": "energie", "iban": "NL00X"})
    assert answer.status_code == 400
    assert "IBAN is ongeldig (controlegetal klopt niet)." in answer.text
    form = anna.client.get(f"/zaken/{anna.case_a}/schulden/nieuw").text
    assert "Eneco" not in form  # not stored, so not offered


def test_debt_is_added_and_shown_with_its_negotiation_line(anna: WebWorld) -> None:
    _debt(anna, _creditor(anna))
    [debt] = stored(anna, anna.case_a, "debts")
    assert (debt.claimed_amount, debt.creditor_reference) == (Decimal("1200.00"), "K-1")
    page = anna.client.get(f"/zaken/{anna.case_a}").text
    negotiation = page[page.index('id="onderhandeling"') :]
    assert "Eneco (K-1)" in negotiation and "nog geen voorstel" in negotiation


def test_debt_without_creditor_and_amount_shows_both_errors(anna: WebWorld) -> None:
    answer = post_form(anna.client, f"/zaken/{anna.case_a}/schulden/nieuw", {})
    assert answer.status_code == 400
    assert 'href="#veld-creditorId"' in answer.text
    assert 'href="#veld-claimedAmount"' in answer.text
    assert stored(anna, anna.case_a, "debts") == []


def test_duplicate_claim_is_refused(anna: WebWorld) -> None:
    creditor_id = _creditor(anna)
    _debt(anna, creditor_id)
    url = f"/zaken/{anna.case_a}/schulden/nieuw"
    data = {"creditorId": creditor_id, "creditorReference": "K-1", "claimedAmount": "5"}
    answer = post_form(anna.client, url, data)
    assert answer.status_code == 400
    assert "Deze schuld van deze schuldeiser staat al in het dossier." in answer.text
    assert len(stored(anna, anna.case_a, "debts")) == 1


def test_claimed_amount_is_corrected(anna: WebWorld) -> None:
    debt_id = _debt(anna, _creditor(anna))
    url = f"/zaken/{anna.case_a}/schulden/{debt_id}"
    assert 'value="1200,00"' in anna.client.get(url).text
    data = {"creditorReference": "K-1", "claimedAmount": "1350", "preferent": "nee"}
    assert post_form(anna.client, url, data).status_code == 303
    [debt] = stored(anna, anna.case_a, "debts")
    assert debt.claimed_amount == Decimal("1350.00")

    bad = post_form(anna.client, url, {**data, "claimedAmount": "-1"})
    assert bad.status_code == 400
    assert "Bedrag mag niet negatief zijn." in bad.text
    [debt] = stored(anna, anna.case_a, "debts")
    assert debt.claimed_amount == Decimal("1350.00")


def test_balance_answer_sets_the_confirmed_amount(anna: WebWorld) -> None:
    debt_id = _debt(anna, _creditor(anna))
    url = f"/zaken/{anna.case_a}/schulden/{debt_id}/reactie"
    data = {"kind": "saldo", "amount": "1.180,25", "statementDate": "2026-01-10"}
    assert post_form(anna.client, url, data).status_code == 303
    [debt] = stored(anna, anna.case_a, "debts")
    assert (debt.status, debt.confirmed_amount) == ("saldo_ontvangen", Decimal("1180.25"))
    page = anna.client.get(f"/zaken/{anna.case_a}").text
    assert "€ 1.180,25 op 10-01-2026" in page


def test_refusal_without_reason_and_reconsideration_without_refusal_are_refused(
    anna: WebWorld,
) -> None:
    debt_id = _debt(anna, _creditor(anna))
    url = f"/zaken/{anna.case_a}/schulden/{debt_id}/reactie"
    refusal = post_form(anna.client, url, {"kind": "weigering"})
    assert refusal.status_code == 400
    assert "Geef de reden van de weigering." in refusal.text
    again = post_form(anna.client, url, {"kind": "heroverweging"})
    assert again.status_code == 400
    assert 'href="#veld-kind"' in again.text
    [debt] = stored(anna, anna.case_a, "debts")
    assert debt.status == "aangemeld"


def test_intake_worker_may_not_record_creditor_answers(world: WebWorld) -> None:
    login(world.client, "anna")
    debt_id = _debt(world, _creditor(world))
    ida = client_as(world, "ida", ["intake"])
    url = f"/zaken/{world.case_a}/schulden/{debt_id}/reactie"
    assert ida.get(url).status_code == 403
    token = csrf_of(ida.get(f"/zaken/{world.case_a}").text)
    answer = ida.post(url, data={"csrf_token": token, "kind": "akkoord"})
    assert answer.status_code == 403
    [debt] = stored(world, world.case_a, "debts")
    assert debt.status == "aangemeld"


def test_debt_of_another_case_is_not_found(anna: WebWorld) -> None:
    debt_id = _debt(anna, _creditor(anna))
    assert anna.client.get(f"/zaken/{anna.case_b}/schulden/{debt_id}").status_code == 404
    token = csrf_of(anna.client.get(f"/zaken/{anna.case_a}").text)
    answer = anna.client.post(
        f"/zaken/{anna.case_b}/schulden/{debt_id}",
        data={"csrf_token": token, "claimedAmount": "1", "preferent": "nee"},
    )
    assert answer.status_code == 404


def test_debt_form_without_csrf_token_is_refused(anna: WebWorld) -> None:
    creditor_id = _creditor(anna)
    answer = anna.client.post(
        f"/zaken/{anna.case_a}/schulden/nieuw",
        data={"creditorId": creditor_id, "claimedAmount": "100"},
    )
    assert answer.status_code == 403
    assert stored(anna, anna.case_a, "debts") == []
