"""A client deploys a model, starts a case, works its task, sends a message, reads history."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api, ApiClientInfo


def _start(api: Api, who: ApiClientInfo, title: str = "Schuldhulp J. Jansen") -> dict[str, Any]:
    response = api.http.post(
        "/api/v1/cases", json={"processKey": "api_simple", "title": title}, headers=who.headers
    )
    assert response.status_code == 201, response.text
    return response.json()


def _open_task(api: Api, who: ApiClientInfo, case_id: str) -> dict[str, Any]:
    response = api.http.get("/api/v1/tasks", params={"caseId": case_id}, headers=who.headers)
    assert response.status_code == 200, response.text
    [task] = response.json()["results"]
    return task


def test_deploy_is_versioned_and_listed(api: Api, deployed: ApiClientInfo) -> None:
    again = api.deploy(deployed, "api_simple.bpmn", "api_beoordeling.json")
    assert again.json()["results"] == [{"key": "api_simple", "version": 1, "created": False}]
    listed = api.http.get("/api/v1/process-definitions", headers=deployed.headers).json()
    [definition] = listed["results"]
    assert definition["key"] == "api_simple"
    assert definition["version"] == 1
    assert "contentHash" in definition


def test_deploy_needs_designer_role(api: Api) -> None:
    worker = api.client("gemeente-a", "schuldhulpverlener")
    response = api.deploy(worker, "api_simple.bpmn", "api_beoordeling.json")
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"


def test_deploy_broken_model_names_file(api: Api, designer: ApiClientInfo) -> None:
    files = [("files", ("kapot.bpmn", b"<bpmn:definitions")), ("files", ("x.txt", b"hi"))]
    response = api.http.post("/api/v1/process-definitions", files=files, headers=designer.headers)
    assert response.status_code == 400
    names = [p["name"] for p in response.json()["invalidParams"]]
    assert names == ["x.txt"]
    response = api.http.post(
        "/api/v1/process-definitions", files=files[:1], headers=designer.headers
    )
    assert response.status_code == 400
    assert "kapot.bpmn" in response.text


def test_case_journey(api: Api, deployed: ApiClientInfo) -> None:
    case = _start(api, deployed)
    assert case["status"] == "open"
    assert case["reference"]
    fetched = api.http.get(f"/api/v1/cases/{case['id']}", headers=deployed.headers).json()
    assert fetched == case
    listed = api.http.get("/api/v1/cases", headers=deployed.headers).json()
    assert [c["id"] for c in listed["results"]] == [case["id"]]

    task = _open_task(api, deployed, case["id"])
    assert task["role"] == "schuldhulpverlener"
    detail = api.http.get(f"/api/v1/tasks/{task['id']}", headers=deployed.headers).json()
    assert detail["form"]["required"] == ["approved", "reason"]

    url = f"/api/v1/tasks/{task['id']}/complete"
    body = {"data": {"approved": True, "reason": "regeling haalbaar"}}
    done = api.http.post(url, json=body, headers=deployed.headers)
    assert done.status_code == 200, done.text
    assert done.json() == {"caseId": case["id"], "nextTasks": []}
    again = api.http.post(url, json=body, headers=deployed.headers)
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"

    message = {"name": "akkoord_ontvangen", "correlation": {"case_id": case["id"]}}
    delivered = api.http.post("/api/v1/messages", json=message, headers=deployed.headers)
    assert delivered.status_code == 200, delivered.text
    assert delivered.json() == {"caseIds": [case["id"]]}

    history = api.http.get(f"/api/v1/cases/{case['id']}/history", headers=deployed.headers)
    actions = [e["action"] for e in history.json()["results"]]
    assert actions[0] == "case.opened"
    assert "task.completed" in actions
    assert "message.received" in actions


def test_claim_and_assigned_to_me(api: Api, deployed: ApiClientInfo) -> None:
    case = _start(api, deployed)
    task = _open_task(api, deployed, case["id"])
    mine = {"assignedToMe": "true"}
    assert (
        api.http.get("/api/v1/tasks", params=mine, headers=deployed.headers).json()["results"] == []
    )
    claimed = api.http.post(f"/api/v1/tasks/{task['id']}/claim", headers=deployed.headers)
    assert claimed.json()["assigneeId"] == deployed.client_id
    found = api.http.get("/api/v1/tasks", params=mine, headers=deployed.headers).json()
    assert [t["id"] for t in found["results"]] == [task["id"]]
    other = api.client("gemeente-a", "schuldhulpverlener")
    taken = api.http.post(f"/api/v1/tasks/{task['id']}/claim", headers=other.headers)
    assert taken.status_code == 409
    api.http.post(f"/api/v1/tasks/{task['id']}/unclaim", headers=deployed.headers)
    assert (
        api.http.get("/api/v1/tasks", params=mine, headers=deployed.headers).json()["results"] == []
    )


def test_form_errors_are_all_listed(api: Api, deployed: ApiClientInfo) -> None:
    case = _start(api, deployed)
    task = _open_task(api, deployed, case["id"])
    response = api.http.post(
        f"/api/v1/tasks/{task['id']}/complete",
        json={"data": {"approved": "ja", "extra": 1}},
        headers=deployed.headers,
    )
    assert response.status_code == 400
    assert len(response.json()["invalidParams"]) >= 3  # approved, reason, extra
    assert _open_task(api, deployed, case["id"])["id"] == task["id"]


def test_request_validation_lists_every_field(api: Api, deployed: ApiClientInfo) -> None:
    response = api.http.post(
        "/api/v1/cases", json={"title": 5, "data": "x"}, headers=deployed.headers
    )
    assert response.status_code == 400
    body = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert {p["name"] for p in body["invalidParams"]} == {"processKey", "title", "data"}
    bad_page = api.http.get("/api/v1/cases?limit=0&offset=-1", headers=deployed.headers)
    assert bad_page.status_code == 400
    assert {p["name"] for p in bad_page.json()["invalidParams"]} == {"limit", "offset"}


def test_unknown_process_and_ids_are_404(api: Api, deployed: ApiClientInfo) -> None:
    response = api.http.post(
        "/api/v1/cases", json={"processKey": "bestaat_niet"}, headers=deployed.headers
    )
    assert response.status_code == 404
    for path in ("/api/v1/cases/not-a-uuid", "/api/v1/tasks/00000000-0000-0000-0000-000000000000"):
        assert api.http.get(path, headers=deployed.headers).status_code == 404


def test_message_without_waiting_case_is_404(api: Api, deployed: ApiClientInfo) -> None:
    case = _start(api, deployed)  # still at the user task: nothing waits for the message
    message = {"name": "akkoord_ontvangen", "correlation": {"case_id": case["id"]}}
    response = api.http.post("/api/v1/messages", json=message, headers=deployed.headers)
    assert response.status_code == 404
    assert response.json()["title"] == "No case is waiting for this message"


def test_wrong_role_cannot_complete_or_start(api: Api, deployed: ApiClientInfo) -> None:
    case = _start(api, deployed)
    task = _open_task(api, deployed, case["id"])
    auditor = api.client("gemeente-a", "auditor")
    response = api.http.post(
        f"/api/v1/tasks/{task['id']}/complete",
        json={"data": {"approved": True, "reason": "goed zo"}},
        headers=auditor.headers,
    )
    assert response.status_code == 403
    started = api.http.post(
        "/api/v1/cases", json={"processKey": "api_simple"}, headers=auditor.headers
    )
    assert started.status_code == 403


def test_other_tenant_sees_nothing(api: Api, deployed: ApiClientInfo) -> None:
    case = _start(api, deployed)
    task = _open_task(api, deployed, case["id"])
    stranger = api.client("gemeente-b", "schuldhulpverlener", "procesontwerper", "auditor")
    h = stranger.headers
    for path in (
        f"/api/v1/cases/{case['id']}",
        f"/api/v1/cases/{case['id']}/history",
        f"/api/v1/tasks/{task['id']}",
    ):
        assert api.http.get(path, headers=h).status_code == 404, path
    body = {"data": {"approved": True, "reason": "abc"}}
    for path in (f"/api/v1/tasks/{task['id']}/complete", f"/api/v1/tasks/{task['id']}/claim"):
        response = api.http.post(path, json=body, headers=h)
        assert response.status_code == 404, path
    assert api.http.get("/api/v1/cases", headers=h).json()["results"] == []
    assert api.http.get("/api/v1/tasks", headers=h).json()["results"] == []
    assert api.http.get("/api/v1/process-definitions", headers=h).json()["results"] == []
    start = api.http.post("/api/v1/cases", json={"processKey": "api_simple"}, headers=h)
    assert start.status_code == 404
    # and the task is still open for its own tenant
    assert _open_task(api, deployed, case["id"])["id"] == task["id"]
