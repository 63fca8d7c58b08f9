"""``/api/v1/destruction-lists`` through the real app: proposal to verklaring."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from engine import clock
from engine.cases.models import Case
from engine.cases.service import close_case
from engine.identity.actor import system_actor
from retention.executor import execute_list
from tests.api.conftest import Api


def _closed_cases(api: Api, tenant_id: int, count: int) -> list[uuid.UUID]:
    ids = []
    with api.db.tx(tenant_id) as session:
        for i in range(count):
            case = Case(tenant_id=tenant_id, reference=f"Z{i:05d}", process_key="shv")
            session.add(case)
            session.flush()
            close_case(session, system_actor(tenant_id, "test"), case, result="afgebroken")
            ids.append(case.id)
    return ids


def test_list_from_proposal_to_verklaring(api: Api, clock_2020: clock.FrozenClock) -> None:
    tenant_id = api.tenant("gemeente-a")
    ids = _closed_cases(api, tenant_id, 3)
    clock_2020.set(datetime(2020, 3, 1, 10, tzinfo=UTC))
    author, reviewer, archivist = (api.client("gemeente-a", "archivaris") for _ in range(3))
    http = api.http
    created = http.post("/api/v1/destruction-lists", json={"name": "Maart"}, headers=author.headers)
    assert created.status_code == 201, created.text
    body = created.json()
    list_id = body["id"]
    assert body["status"] == "ready_to_review" and body["counts"] == {"pending": 3}
    base = f"/api/v1/destruction-lists/{list_id}"
    own = http.post(f"{base}/reviews", json={"decision": "accepted"}, headers=author.headers)
    assert own.status_code == 403 and "four-eyes" in own.json()["detail"]
    sent_back = http.post(
        f"{base}/reviews",
        headers=reviewer.headers,
        json={"decision": "changes_requested", "itemFeedback": {str(ids[0]): "bezwaar"}},
    )
    assert sent_back.status_code == 201, sent_back.text
    removed = http.post(
        f"{base}/items/{ids[0]}/removal",
        headers=author.headers,
        json={"reason": "bezwaar", "archiefactiedatum": "2021-01-01"},
    )
    assert removed.status_code == 200 and removed.json()["status"] == "removed"
    assert http.post(f"{base}/submission", headers=author.headers).json()["status"] == (
        "ready_to_review"
    )
    http.post(f"{base}/reviews", json={"decision": "accepted"}, headers=reviewer.headers)
    assert http.post(f"{base}/submission", headers=author.headers).json()["status"] == (
        "ready_for_archivist"
    )
    by_reviewer = http.post(
        f"{base}/approval", json={"decision": "accepted"}, headers=reviewer.headers
    )
    assert by_reviewer.status_code == 403
    approved = http.post(
        f"{base}/approval", json={"decision": "accepted"}, headers=archivist.headers
    )
    assert approved.status_code == 201, approved.text
    too_early = http.get(f"{base}/report?format=csv", headers=archivist.headers)
    assert too_early.status_code == 409
    clock_2020.advance(timedelta(days=7))
    assert execute_list(api.db.factory, tenant_id, uuid.UUID(list_id)).destroyed == 2
    reader = api.client("gemeente-a", "auditor")
    got = http.get(base, headers=reader.headers).json()
    assert got["status"] == "deleted" and got["counts"] == {"removed": 1, "succeeded": 2}
    items = http.get(f"{base}/items", headers=reader.headers).json()["results"]
    assert {i["execution"] for i in items} == {"pending", "succeeded"}
    for fmt, media in (("pdf", "application/pdf"), ("csv", "text/csv"), ("xlsx", "spreadsheet")):
        report = http.get(f"{base}/report?format={fmt}", headers=reader.headers)
        assert report.status_code == 200 and media in report.headers["content-type"]
    assert "Z00002" in http.get(f"{base}/report?format=csv", headers=reader.headers).text
    reviews = http.get(f"{base}/reviews", headers=reader.headers).json()
    assert [r["decision"] for r in reviews] == ["changes_requested", "accepted", "accepted"]
    other = api.client("gemeente-b", "archivaris")
    assert http.get(base, headers=other.headers).status_code == 404
    case_worker = api.client("gemeente-a", "schuldhulpverlener")
    assert http.get("/api/v1/destruction-lists", headers=case_worker.headers).status_code == 403
    bad = http.post("/api/v1/destruction-lists", json={"name": ""}, headers=author.headers)
    assert bad.status_code == 400
