"""The web world for security and login tests: the real app (no browser), two tenants with
one user and one case each."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.app import create_app
from casefiles.schemas import MeldingIn, PersonIn
from casefiles.service import register_melding
from documents import service as documents
from documents.models import Document
from engine.identity.actor import Actor
from engine.identity.models import User
from engine.identity.service import create_tenant, create_user, user_actor
from engine.settings import Settings
from tests.conftest import Database

PASSWORD = "Correct-paard-batterij-42"


@dataclass
class WebWorld:
    client: TestClient
    db: Database
    case_a: str
    case_b: str


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF field"
    return match.group(1)


def login(client: TestClient, username: str, tenant: str = "utrecht") -> None:
    token = csrf_of(client.get("/login").text)
    answer = client.post(
        "/login",
        data={"csrf_token": token, "username": username, "password": PASSWORD, "tenant": tenant},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text


@pytest.fixture
def world(db: Database, tmp_path: Path) -> Iterator[WebWorld]:
    with db.tx() as session:
        utrecht = create_tenant(session, slug="utrecht", name="Gemeente Utrecht")
        zeist = create_tenant(session, slug="zeist", name="Gemeente Zeist")
        anna = create_user(
            session,
            tenant=utrecht,
            username="anna",
            password=PASSWORD,
            roles=["intake", "schuldhulpverlener"],
        )
        bart = create_user(session, tenant=zeist, username="bart", password=PASSWORD,
                           roles=["intake", "schuldhulpverlener"])  # fmt: skip
        ids = {"utrecht": (utrecht.id, anna), "zeist": (zeist.id, bart)}
        actors = {slug: user_actor(user) for slug, (_, user) in ids.items()}
    cases = {}
    for slug, (tenant_id, _) in ids.items():
        with db.tx(tenant_id) as session:
            melding = MeldingIn(
                meldingsdatum=date(2026, 1, 5),
                channel="persoon",
                client=PersonIn(last_name='<img src=x onerror="alert(1)">Bakker'),
            )
            cases[slug] = str(register_melding(session, actors[slug], melding, start=False).case_id)
    app = create_app(Settings(data_dir=tmp_path, run_scheduler=False), db_engine=db.engine)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield WebWorld(client, db, cases["utrecht"], cases["zeist"])


def anna_registers_a_letter(world: WebWorld) -> tuple[Document, Actor]:
    """Anna's process step registers a letter in her case (pending: written after commit)."""
    with world.db.tx() as session:
        anna = session.scalars(select(User).filter_by(username="anna")).one()
        actor = user_actor(anna)
    with world.db.tx(actor.tenant_id) as session:
        [doc] = documents.register_documents(
            session,
            actor,
            world.case_a,
            "ontvangstbevestiging",
            "pdf",
            {"first_meeting": "2026-01-08T10:00"},
            based_on="task:brief_ontvangst",
        )
    return doc, actor
