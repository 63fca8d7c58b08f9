"""Case file REST resources through the real app (SQLite and PostgreSQL)."""

from __future__ import annotations

from engine.clock import FrozenClock
from tests.api.conftest import Api, ApiClientInfo
from tests.casefiles.conftest import V1, VALID_BSN, post_melding


def test_follow_a_case_file_over_rest(
    api: Api,
    worker: ApiClientInfo,
    frozen_clock: FrozenClock,
) -> None:
    case = post_melding(api, worker)
    case_id, headers, http = case["caseId"], worker.headers, api.http
    assert case["reference"].startswith("Z2026-")
    deadlines = http.get(f"{V1}/cases/{case_id}/deadlines", headers=headers).json()["results"]
    assert deadlines[0]["kind"] == "eerste_gesprek" and deadlines[0]["daysLeft"] == 28
    client = http.get(f"{V1}/cases/{case_id}/client", headers=headers).json()
    assert client["lastName"] == "de Vries" and client["role"] == "client"

    creditor = http.post(
        f"{V1}/creditors",
        headers=headers,
        json={"name": "Belastingdienst", "iban": "NL86INGB0002445588", "preferent": True},
    ).json()
    energy = http.post(f"{V1}/creditors", headers=headers, json={"name": "Vattenfall"}).json()
    for cid, amount in [(creditor["id"], "1500.00"), (energy["id"], "3500.00")]:
        r = http.post(
            f"{V1}/cases/{case_id}/debts",
            headers=headers,
            json={"creditorId": cid, "claimedAmount": amount},
        )
        assert r.status_code == 201, r.text
    http.post(
        f"{V1}/cases/{case_id}/incomes",
        headers=headers,
        json={"kind": "uitkering", "monthlyAmount": "1650.00"},
    )
    vtlb = http.post(f"{V1}/cases/{case_id}/vtlb", headers=headers).json()
    assert [line["key"] for line in vtlb["lines"]][:2] == ["basis", "housing_correction"]
    overridden = http.post(
        f"{V1}/cases/{case_id}/vtlb/overrides",
        headers=headers,
        json={"line": "eigen_risico", "amount": "0", "reason": "eigen risico is al betaald"},
    )
    assert overridden.status_code == 201, overridden.text
    proposal = http.post(f"{V1}/cases/{case_id}/proposal", headers=headers).json()
    assert len(proposal["shares"]) == 2 and proposal["termMonths"] == 18
    assert http.get(f"{V1}/cases/{case_id}/proposal", headers=headers).json() == proposal
    answer = http.post(
        f"{V1}/cases/{case_id}/creditor-responses",
        headers=headers,
        json={"creditorId": energy["id"], "kind": "saldo", "amount": "3600.00"},
    )
    assert answer.json()["results"][0]["confirmedAmount"] == "3600.00"


def test_bad_input_lists_every_field_error(
    api: Api,
    worker: ApiClientInfo,
    frozen_clock: FrozenClock,
) -> None:
    response = api.http.post(
        f"{V1}/meldingen",
        headers=worker.headers,
        json={
            "meldingsdatum": "2026-03-02",
            "channel": "persoon",
            "crisis": True,
            "client": {"bsn": "123456789", "lastName": "X"},
        },
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    text = response.text
    assert "client.bsn" in text and "crisisReason" in text
    cases = api.http.get(f"{V1}/cases", headers=worker.headers).json()["results"]
    assert cases == []


def test_processing_log_is_for_auditors(
    api: Api,
    worker: ApiClientInfo,
    frozen_clock: FrozenClock,
) -> None:
    case_id = post_melding(api, worker)["caseId"]
    api.http.get(f"{V1}/cases/{case_id}/household", headers=worker.headers)
    refused = api.http.get(f"{V1}/cases/{case_id}/processing-log", headers=worker.headers)
    assert refused.status_code == 403
    auditor = api.client("gemeente-a", "auditor")
    log = api.http.get(f"{V1}/cases/{case_id}/processing-log", headers=auditor.headers).json()
    assert log["results"][0]["objectId"] == VALID_BSN
    assert log["results"][0]["actieNaam"] == "Huishouden inzien"
    found = api.http.post(
        f"{V1}/processing-log/searches", headers=auditor.headers, json={"objectId": VALID_BSN}
    ).json()
    assert len(found["results"]) == 1


def test_other_municipality_gets_404(
    api: Api,
    worker: ApiClientInfo,
    frozen_clock: FrozenClock,
) -> None:
    case_id = post_melding(api, worker)["caseId"]
    stranger = api.client("gemeente-b", "schuldhulpverlener")
    response = api.http.get(f"{V1}/cases/{case_id}/debts", headers=stranger.headers)
    assert response.status_code == 404
