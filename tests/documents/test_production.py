"""Letters of a workflow step: registered in the step, written after its commit."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from casefiles import service as casefile
from casefiles.schemas import IncomeIn
from documents import render_pending, service
from documents.handlers import generate_letter
from documents.models import Document
from documents.storage import FileStorage, install_storage
from engine import clock
from engine.audit.models import AuditEntry
from engine.clock import FrozenClock
from engine.process.handlers import ServiceContext
from tests.api.conftest import Api, api
from tests.casefiles.conftest import CaseWorld
from tests.documents.conftest import Scenario, open_case_with_debts
from tests.documents.readback import normalise, text_of

__all__ = ["api"]


def _step_letters(sc: Scenario, doc_type: str, **params: str) -> list[str]:
    """What the BPMN service task does: register the letters in the step's transaction."""
    with sc.cw.db.tx(sc.cw.tenant_id) as session:
        ctx = ServiceContext(
            session=session,
            actor=sc.cw.worker,
            case_id=sc.case_id,  # type: ignore[arg-type]
            task_key="voorstel_versturen",
            data={},
            now=clock.now(),
        )
        result = generate_letter(ctx, type=doc_type, **params)
    assert result is not None
    return list(result["last_document_ids"])


def _documents(cw: CaseWorld) -> list[Document]:
    with cw.db.tx(cw.tenant_id) as session:
        return list(session.scalars(select(Document).order_by(Document.created_at)))


def _audited(cw: CaseWorld, action: str) -> int:
    with cw.db.tx(cw.tenant_id) as session:
        query = select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)
        return int(session.scalar(query) or 0)


def test_a_step_letter_read_later_says_what_it_said_at_the_step(
    cw: CaseWorld, frozen_clock: FrozenClock, storage: FileStorage
) -> None:
    sc = open_case_with_debts(cw)
    woon = sc.creditors["Woonstichting De Linie"]
    with cw.db.tx(cw.tenant_id) as session:  # the letter as the step would have made it
        at_step = service.render_case_letter(
            session, cw.worker, sc.case_id, "betaalvoorstel", "pdf", {"creditor": woon}
        ).data
    [doc_id] = _step_letters(sc, "betaalvoorstel", creditor=woon)
    [pending] = _documents(cw)
    assert pending.pending and pending.size is None and not storage.exists(pending.storage_key)

    frozen_clock.advance(timedelta(days=3))
    with cw.db.tx(cw.tenant_id) as session:  # the case file changes after the step
        casefile.add_income(
            session,
            cw.worker,
            sc.case_id,
            IncomeIn(kind="uitkering", source="Toeslag", monthly_amount=Decimal("400")),
        )
        casefile.compute_case_vtlb(session, cw.worker, sc.case_id)
        casefile.build_proposal(session, cw.worker, sc.case_id)
        now = service.render_case_letter(
            session, cw.worker, sc.case_id, "betaalvoorstel", "pdf", {"creditor": woon}
        ).data
    with cw.db.tx(cw.tenant_id) as session:
        doc = service.get_document(session, cw.worker, doc_id)
        data = service.read_content(session, cw.worker, doc)
    assert data == at_step
    assert normalise(text_of("pdf", data)) != normalise(text_of("pdf", now))
    assert _documents(cw)[0].pending  # a read writes nothing

    assert render_pending(cw.db.factory) == 1
    [written] = _documents(cw)
    assert storage.get(written.storage_key) == data  # the job stores what the reader got
    assert written.sha256 == hashlib.sha256(data).hexdigest() and written.size == len(data)
    assert written.render_input is None  # the frozen text is not kept twice
    assert _audited(cw, "document.generated") == 1 and _audited(cw, "document.read") == 1


def test_the_job_writes_every_pending_letter_once(
    cw: CaseWorld, frozen_clock: FrozenClock, storage: FileStorage
) -> None:
    sc = open_case_with_debts(cw)
    ids = _step_letters(sc, "kennisgeving", format="odt")
    assert len(ids) == 15 and all(d.pending for d in _documents(cw))

    assert render_pending(cw.db.factory, limit=10) == 10
    assert render_pending(cw.db.factory) == 5
    assert render_pending(cw.db.factory) == 0
    docs = _documents(cw)
    assert not any(d.pending for d in docs)
    names = {creditor_id: name for name, creditor_id in sc.creditors.items()}
    for doc in docs:
        data = storage.get(doc.storage_key)
        assert hashlib.sha256(data).hexdigest() == doc.sha256
        assert names[doc.subject_key] in text_of("odt", data)  # each to its own creditor
    assert _audited(cw, "document.generated") == 15
    with cw.db.tx(cw.other_tenant_id) as session:  # the other municipality sees none of it
        assert session.scalar(select(func.count()).select_from(Document)) == 0


class CrashAfterWriting(FileStorage):
    """Writes the file, then fails, as a process dying before it marks the row would."""

    def put(self, key: str, data: bytes) -> None:
        super().put(key, data)
        raise OSError("disk gone")


def test_a_crash_mid_job_leaves_no_half_written_letter(
    cw: CaseWorld, frozen_clock: FrozenClock, tmp_path: Path
) -> None:
    sc = open_case_with_debts(cw)
    _step_letters(sc, "saldoverzoek")
    crashing = CrashAfterWriting(tmp_path / "store")
    install_storage(crashing)
    assert render_pending(cw.db.factory) == 0
    assert all(d.pending and d.size is None for d in _documents(cw))
    assert not any(p.is_file() for p in crashing.root.rglob("*"))  # rolled back: removed

    restarted = FileStorage(tmp_path / "store")
    install_storage(restarted)
    [first, *_] = _documents(cw)
    restarted.put(first.storage_key, b"left by a process killed mid-write")
    assert render_pending(cw.db.factory) == 15
    for doc in _documents(cw):
        assert hashlib.sha256(restarted.get(doc.storage_key)).hexdigest() == doc.sha256


def test_a_letter_written_twice_is_the_same_letter(
    cw: CaseWorld, frozen_clock: FrozenClock, storage: FileStorage
) -> None:
    sc = open_case_with_debts(cw)
    for fmt in ("pdf", "odt", "docx"):
        _step_letters(sc, "saldoverzoek", format=fmt, creditor=sc.creditors["Eneco"])
    frozen = {d.id: d.render_input for d in _documents(cw)}
    render_pending(cw.db.factory)
    first = {d.id: storage.get(d.storage_key) for d in _documents(cw)}
    with cw.db.tx(cw.tenant_id) as session:  # as if the job had not marked them
        for doc in session.scalars(select(Document)):
            doc.sha256, doc.size, doc.render_input = None, None, frozen[doc.id]
    assert render_pending(cw.db.factory) == 3
    assert {d.id: storage.get(d.storage_key) for d in _documents(cw)} == first


def test_a_worker_skips_the_letter_another_worker_is_writing(
    cw: CaseWorld, frozen_clock: FrozenClock, storage: FileStorage
) -> None:
    if cw.db.backend != "postgres":
        pytest.skip("SQLite has one writer at a time; row locks are PostgreSQL's")
    sc = open_case_with_debts(cw)
    _step_letters(sc, "saldoverzoek")
    with cw.db.tx(cw.tenant_id) as other_worker:
        busy = other_worker.scalars(
            select(Document).order_by(Document.created_at).limit(1).with_for_update()
        ).one()
        assert render_pending(cw.db.factory) == 14
    still = {d.id: d.pending for d in _documents(cw)}
    assert [doc_id for doc_id, pending in still.items() if pending] == [busy.id]


def test_rest_lists_a_pending_letter_and_serves_its_content(
    api: Api, cw: CaseWorld, frozen_clock: FrozenClock, storage: FileStorage
) -> None:
    sc = open_case_with_debts(cw)
    [doc_id] = _step_letters(sc, "saldoverzoek", creditor=sc.creditors["DUO"])
    api.tenants["gemeente-a"] = cw.tenant_id
    worker = api.client("gemeente-a", "schuldhulpverlener")
    listed = api.http.get(f"/api/v1/cases/{sc.case_id}/documents", headers=worker.headers)
    [entry] = listed.json()["results"]
    assert (entry["id"], entry["sha256"], entry["size"]) == (doc_id, None, None)

    content = api.http.get(f"/api/v1/documents/{doc_id}/content", headers=worker.headers)
    assert content.status_code == 200 and "DUO" in normalise(text_of("pdf", content.content))
    digest = hashlib.sha256(content.content).hexdigest()
    assert content.headers["x-content-sha256"] == digest
    render_pending(cw.db.factory)
    meta = api.http.get(f"/api/v1/documents/{doc_id}", headers=worker.headers).json()
    assert (meta["sha256"], meta["size"]) == (digest, len(content.content))


def test_the_embedded_scheduler_writes_pending_letters_at_every_run() -> None:
    from api.wiring import scheduled_jobs

    jobs = {name: (job, every) for name, job, every in scheduled_jobs()}
    assert jobs["documents.render_pending"] == (render_pending, 0.0)
