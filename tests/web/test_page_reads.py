"""Page reads on SQLite do not queue behind a writer (no "database is locked"), and a page
that shows personal data is only served once its processing-log rows are committed."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from casefiles.schemas import MeldingIn, PersonIn
from casefiles.service import register_melding
from engine.audit.processing_log import ProcessingLogEntry
from engine.identity.models import User
from engine.identity.service import user_actor
from tests.security.web_world import WebWorld, login
from tests.web.casefile_world import client_as


@pytest.fixture
def sqlite_world(world: WebWorld) -> WebWorld:
    if world.db.backend != "sqlite":
        pytest.skip("PostgreSQL readers never wait for writers")
    return world


@contextmanager
def _writer_holding_the_lock(world: WebWorld) -> Iterator[sqlite3.Connection]:
    """Another process's write transaction, still open (SQLite's one write lock)."""
    writer = sqlite3.connect(world.db.url.removeprefix("sqlite:///"), isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE tenants SET name = name")
    try:
        yield writer
    finally:
        writer.close()


def _logged_reads(world: WebWorld, case_id: str) -> int:
    with world.db.tx() as session:
        query = select(func.count()).where(ProcessingLogEntry.case_id == uuid.UUID(case_id))
        return int(session.scalar(query) or 0)


def test_pages_are_served_while_a_writer_holds_the_lock(sqlite_world: WebWorld) -> None:
    login(sqlite_world.client, "anna")
    with _writer_holding_the_lock(sqlite_world) as writer:
        answers = [sqlite_world.client.get(path) for path in ("/", "/werkvoorraad", "/zaken")]
        writer.execute("COMMIT")
    assert [answer.status_code for answer in answers] == [200, 200, 200]


def test_case_page_waits_for_the_writer_to_commit_its_read_log(sqlite_world: WebWorld) -> None:
    login(sqlite_world.client, "anna")
    before = _logged_reads(sqlite_world, sqlite_world.case_a)
    answers: list[int] = []

    def open_case_page() -> None:
        answers.append(sqlite_world.client.get(f"/zaken/{sqlite_world.case_a}").status_code)

    with _writer_holding_the_lock(sqlite_world) as writer:
        reader = threading.Thread(target=open_case_page)
        reader.start()
        reader.join(0.5)  # read done; its log row waits for the write lock meanwhile
        writer.execute("COMMIT")
    reader.join()
    assert answers == [200]
    assert _logged_reads(sqlite_world, sqlite_world.case_a) > before


def test_ten_readers_beside_meldingen_being_written_see_no_errors(
    sqlite_world: WebWorld,
) -> None:
    readers = [client_as(sqlite_world, f"lezer{n}", ["schuldhulpverlener"]) for n in range(10)]
    with sqlite_world.db.tx() as session:
        user = session.query(User).filter_by(username="anna").one()
        tenant_id, anna = user.tenant_id, user_actor(user)
    pages = ("/", "/werkvoorraad", f"/zaken/{sqlite_world.case_a}")
    statuses: list[int] = []

    def read(client: TestClient) -> None:
        statuses.extend(client.get(page).status_code for page in pages for _ in range(2))

    def write() -> None:
        for n in range(5):
            with sqlite_world.db.tx(tenant_id) as session:
                melding = MeldingIn(meldingsdatum=date(2026, 1, 5), channel="persoon",
                                    client=PersonIn(last_name=f"Schrijver {n}"))  # fmt: skip
                register_melding(session, anna, melding, start=False)

    threads = [threading.Thread(target=read, args=(client,)) for client in readers]
    threads.append(threading.Thread(target=write))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(statuses) <= {200, 303}, statuses
