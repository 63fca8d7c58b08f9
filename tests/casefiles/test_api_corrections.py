"""Corrections over REST (PUT on a person, income, expense or claim) go through the same
services as the case page: audited, bad input refused with nothing stored, other cases
not found."""

from __future__ import annotations

from typing import Any

from engine.clock import FrozenClock
from tests.api.conftest import Api, ApiClientInfo
from tests.casefiles.conftest import V1, post_melding


def _created(api: Api, who: ApiClientInfo, url: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = api.http.post(url, headers=who.headers, json=body)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def test_income_and_expense_are_corrected(
    api: Api, worker: ApiClientInfo, frozen_clock: FrozenClock
) -> None:
    case = f"{V1}/cases/{post_melding(api, worker)['caseId']}"
    for resource, body in [
        ("incomes", {"kind": "loon", "monthlyAmount": "1500.00"}),
        ("expenses", {"kind": "huur", "monthlyAmount": "600.00"}),
    ]:
        row = _created(api, worker, f"{case}/{resource}", body)
        url = f"{case}/{resource}/{row['id']}"
        answer = api.http.put(url, headers=worker.headers, json={**body, "monthlyAmount": "640"})
        assert answer.status_code == 200, answer.text
        listed = api.http.get(f"{case}/{resource}", headers=worker.headers).json()["results"]
        assert [r["monthlyAmount"] for r in listed] == ["640.00"]


def test_negative_correction_is_refused_and_nothing_stored(
    api: Api, worker: ApiClientInfo, frozen_clock: FrozenClock
) -> None:
    case = f"{V1}/cases/{post_melding(api, worker)['caseId']}"
    row = _created(api, worker, f"{case}/incomes", {"kind": "loon", "monthlyAmount": "1500"})
    answer = api.http.put(
        f"{case}/incomes/{row['id']}",
        headers=worker.headers,
        json={"kind": "loon", "monthlyAmount": "-1"},
    )
    assert answer.status_code == 400
    assert [p["name"] for p in answer.json()["invalidParams"]] == ["monthlyAmount"]
    listed = api.http.get(f"{case}/incomes", headers=worker.headers).json()["results"]
    assert [r["monthlyAmount"] for r in listed] == ["1500.00"]


def test_claim_and_person_are_corrected_within_their_case_only(
    api: Api, worker: ApiClientInfo, frozen_clock: FrozenClock
) -> None:
    case = f"{V1}/cases/{post_melding(api, worker)['caseId']}"
    other = f"{V1}/cases/{post_melding(api, worker)['caseId']}"
    creditor = _created(api, worker, f"{V1}/creditors", {"name": "Vattenfall"})
    debt = _created(
        api, worker, f"{case}/debts", {"creditorId": creditor["id"], "claimedAmount": "900"}
    )
    correction = {"creditorReference": "VF-1", "claimedAmount": "950", "preferent": False}
    elsewhere = f"{other}/debts/{debt['id']}"
    assert api.http.put(elsewhere, headers=worker.headers, json=correction).status_code == 404
    answer = api.http.put(f"{case}/debts/{debt['id']}", headers=worker.headers, json=correction)
    assert answer.status_code == 200, answer.text
    listed = api.http.get(f"{case}/debts", headers=worker.headers).json()["results"]
    assert [(d["claimedAmount"], d["creditorReference"]) for d in listed] == [("950.00", "VF-1")]

    client = api.http.get(f"{case}/client", headers=worker.headers).json()
    person = {"lastName": "de Vries-Bakker", "bsn": client["bsn"]}
    url = f"{case}/household/{client['id']}"
    assert api.http.put(url, headers=worker.headers, json=person).status_code == 200
    assert api.http.get(f"{case}/client", headers=worker.headers).json()["lastName"] == (
        "de Vries-Bakker"
    )
