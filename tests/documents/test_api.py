"""REST: generate a letter, list the register, fetch metadata and content."""

from __future__ import annotations

import hashlib

from engine.clock import FrozenClock
from tests.api.conftest import Api, api
from tests.casefiles.conftest import CaseWorld
from tests.documents.conftest import open_case_with_debts
from tests.documents.readback import normalise, text_of

__all__ = ["api"]


def test_generate_list_and_download_a_letter(
    api: Api, cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    sc = open_case_with_debts(cw)
    api.tenants["gemeente-a"] = cw.tenant_id
    worker = api.client("gemeente-a", "schuldhulpverlener")
    url = f"/api/v1/cases/{sc.case_id}/documents"
    body = {
        "type": "betaalvoorstel",
        "format": "docx",
        "options": {"creditor": sc.creditors["Eneco"], "watermark": "CONCEPT"},
    }
    created = api.http.post(url, json=body, headers=worker.headers)
    assert created.status_code == 201, created.text
    doc = created.json()
    assert doc["type"] == "betaalvoorstel" and doc["version"] == 1 and doc["status"] == "concept"
    again = api.http.post(url, json=body, headers=worker.headers).json()
    assert again["version"] == 2 and again["id"] != doc["id"]

    listed = api.http.get(url, headers=worker.headers).json()["results"]
    assert [d["version"] for d in listed] == [1, 2]
    meta = api.http.get(f"/api/v1/documents/{doc['id']}", headers=worker.headers).json()
    assert meta["sha256"] == doc["sha256"] and meta["mediaType"].endswith(
        "wordprocessingml.document"
    )

    content = api.http.get(f"/api/v1/documents/{doc['id']}/content", headers=worker.headers)
    assert content.status_code == 200
    assert content.headers["content-type"] == meta["mediaType"]
    assert f'filename="{meta["filename"]}"' in content.headers["content-disposition"]
    assert meta["filename"].endswith("_v1.docx")
    assert hashlib.sha256(content.content).hexdigest() == meta["sha256"]
    text = normalise(text_of("docx", content.content))
    assert "Eneco" in text and "€ 702,18" in text and "CONCEPT" in text

    status = api.http.post(
        f"/api/v1/documents/{doc['id']}/status",
        json={"status": "definitief"},
        headers=worker.headers,
    )
    assert status.status_code == 200 and status.json()["status"] == "definitief"


def test_bad_requests_are_problems_and_other_tenants_see_nothing(
    api: Api, cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    sc = open_case_with_debts(cw, proposal=False)
    api.tenants["gemeente-a"] = cw.tenant_id
    worker = api.client("gemeente-a", "schuldhulpverlener")
    url = f"/api/v1/cases/{sc.case_id}/documents"
    unknown = api.http.post(url, json={"type": "brief"}, headers=worker.headers)
    assert unknown.status_code == 400
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert "unknown letter type" in unknown.text
    lacking = api.http.post(
        url,
        json={"type": "betaalvoorstel", "options": {"creditor": sc.creditors["Eneco"]}},
        headers=worker.headers,
    )
    assert lacking.status_code == 400 and "no betaalvoorstel" in lacking.text
    assert api.http.get(url, headers=worker.headers).json()["results"] == []
    outsider = api.client("gemeente-x", "schuldhulpverlener")
    assert api.http.get(url, headers=outsider.headers).status_code == 404
