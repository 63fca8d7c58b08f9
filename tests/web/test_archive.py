"""Archivist pages: a destruction list goes from proposal through review and approval to
destruction, and the verklaring van vernietiging is downloaded — all through the web UI."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from engine.clock import FrozenClock
from engine.identity.models import User
from engine.identity.passwords import hash_secret
from engine.settings import Settings
from retention.jobs import run_due_destructions
from tests.retention.conftest import Team, make_cases
from tests.retention.test_lists import AFTER_DUE
from tests.security.web_world import PASSWORD, csrf_of, login

pytestmark = pytest.mark.parametrize("db", ["sqlite"], indirect=True)


def _client(team: Team, tmp_path: Path, username: str) -> TestClient:
    app = create_app(Settings(data_dir=tmp_path, run_scheduler=False), db_engine=team.db.engine)
    client = TestClient(app, base_url="http://127.0.0.1")
    login(client, username, tenant="gemeente-a")
    return client


def _press(client: TestClient, list_url: str, action: str, comment: str = "") -> str:
    token = csrf_of(client.get(list_url).text)
    answer = client.post(f"{list_url}/{action}", data={"csrf_token": token, "comment": comment})
    assert answer.status_code == 200, answer.text
    return answer.text


def test_destruction_list_review_flow_and_verklaring(
    team: Team, clock_2020: FrozenClock, tmp_path: Path
) -> None:
    make_cases(team, 3)
    with team.db.tx() as session:
        for user in session.query(User):
            user.password_hash = hash_secret(PASSWORD)
    clock_2020.set(AFTER_DUE)
    rita, ruben, anna = (_client(team, tmp_path, n) for n in ("rita", "ruben", "anna"))

    page = rita.get("/archief").text
    assert page.count("Z0000") == 3
    answer = rita.post("/archief/lijsten", data={"csrf_token": csrf_of(page), "name": "Lijst web"})
    match = re.search(r"/archief/lijsten/[0-9a-f-]{36}", str(answer.url))
    assert match, answer.url
    list_url = match.group(0)
    assert "3 zaken" in answer.text

    assert "wacht op beoordeling" in _press(rita, list_url, "indienen")
    own = rita.post(f"{list_url}/goedkeuren", data={"csrf_token": csrf_of(rita.get(list_url).text)})
    assert own.status_code == 409  # four eyes: the author cannot review
    assert "intern beoordeeld" in _press(ruben, list_url, "goedkeuren")
    assert "wacht op archivaris" in _press(rita, list_url, "naar-archivaris")
    assert "vernietiging gepland" in _press(anna, list_url, "vaststellen")

    clock_2020.advance(timedelta(days=60))
    assert run_due_destructions(team.db.factory) == 3
    anna = _client(team, tmp_path, "anna")  # the earlier session has long expired
    page = anna.get(list_url).text
    assert "Status: <strong>vernietigd</strong>" in page, page
    pdf = anna.get(f"{list_url}/verklaring.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]


def test_case_worker_has_no_archive(team: Team, tmp_path: Path) -> None:
    with team.db.tx() as session:
        session.query(User).filter_by(username="sam").one().password_hash = hash_secret(PASSWORD)
    sam = _client(team, tmp_path, "sam")
    assert sam.get("/archief").status_code == 403
