"""The document register: generation from the case file, versions, checksums, bad input."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select

from documents import service
from documents.handlers import generate_letter
from documents.models import Document
from documents.storage import FileStorage
from engine import clock
from engine.clock import FrozenClock
from engine.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from engine.process.handlers import ServiceContext
from tests.casefiles.conftest import CaseWorld
from tests.documents.conftest import open_case_with_debts
from tests.documents.readback import normalise, text_of


def _count(cw: CaseWorld) -> int:
    with cw.db.tx(cw.tenant_id) as session:
        return int(session.scalar(select(func.count()).select_from(Document)) or 0)


def test_betaalvoorstel_from_case_file_is_registered_with_checksum_and_versions(
    cw: CaseWorld, frozen_clock: FrozenClock, storage: FileStorage
) -> None:
    sc = open_case_with_debts(cw)
    woon = sc.creditors["Woonstichting De Linie"]
    with cw.db.tx(cw.tenant_id) as session:
        first = service.generate_document(
            session,
            cw.worker,
            sc.case_id,
            "betaalvoorstel",
            "pdf",
            {"creditor": woon},
            based_on="task:voorstel",
        )
        second = service.generate_document(
            session, cw.worker, sc.case_id, "betaalvoorstel", "pdf", {"creditor": woon}
        )
        odt = service.generate_document(
            session, cw.worker, sc.case_id, "betaalvoorstel", "odt", {"creditor": woon}
        )
    assert (first.version, second.version, odt.version) == (1, 2, 1)
    assert first.status == "concept" and first.based_on == "task:voorstel"
    assert first.media_type == "application/pdf" and first.filename.endswith("_v1.pdf")
    with cw.db.tx(cw.tenant_id) as session:
        listed = service.list_documents(session, cw.worker, sc.case_id)
        doc = service.get_document(session, cw.worker, first.id)
        data = service.read_content(session, cw.worker, doc)
    assert len(listed) == 3
    assert hashlib.sha256(data).hexdigest() == doc.sha256 and len(data) == doc.size
    text = normalise(text_of("pdf", data))
    assert "Woonstichting De Linie" in text and "Gemeente Zwolle" in text
    assert "€ 1.873,45" in text  # the claim of this creditor
    assert "J. Jansen" in text and "14 mei 1980" not in text  # birth date is 17 mei
    assert "17 mei 1980" in text
    assert "2 maart 2026" in text  # frozen 'today' in the date line


def test_a_letter_to_each_creditor_from_the_bpmn_handler(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    sc = open_case_with_debts(cw)
    with cw.db.tx(cw.tenant_id) as session:
        ctx = ServiceContext(
            session=session,
            actor=cw.worker,
            case_id=sc.case_id,  # type: ignore[arg-type]
            task_key="kennisgeving_versturen",
            data={},
            now=clock.now(),
        )
        result = generate_letter(ctx, type="kennisgeving", format="odt")
    assert result is not None and len(result["last_document_ids"]) == 15
    with cw.db.tx(cw.tenant_id) as session:
        docs = service.list_documents(session, cw.worker, sc.case_id)
    assert {d.subject_key for d in docs} == set(sc.creditors.values())
    assert all(d.based_on == "task:kennisgeving_versturen" for d in docs)


def test_bad_requests_store_nothing(
    cw: CaseWorld, frozen_clock: FrozenClock, storage: FileStorage
) -> None:
    sc = open_case_with_debts(cw, proposal=False)
    woon = sc.creditors["Woonstichting De Linie"]
    cases = [
        ("herinnering", "pdf", {}, "unknown letter type"),
        ("betaalvoorstel", "rtf", {"creditor": woon}, "format"),
        ("betaalvoorstel", "pdf", {"creditor": woon}, "no betaalvoorstel computed"),
        ("betaalvoorstel", "pdf", {}, "one creditor"),
        ("beschikking_toelating", "pdf", {"first_meeting": "2026-03-05T10:00"}, "no beschikking"),
        ("beeindigingsbeschikking", "docx", {}, "reason"),
        ("ontvangstbevestiging", "pdf", {"first_meeting": "2026-03-05"}, "date and a time"),
        (
            "uitnodiging_eerste_gesprek",
            "pdf",
            {"first_meeting": "volgende week dinsdag"},
            "not a date",
        ),
        ("saldoverzoek", "odt", {"creditor": woon, "password": "geheim123"}, "needs PDF"),
    ]
    for doc_type, fmt, options, message in cases:
        with pytest.raises(ValidationFailed) as caught, cw.db.tx(cw.tenant_id) as session:
            service.generate_document(session, cw.worker, sc.case_id, doc_type, fmt, options)
        assert message in str(caught.value), (doc_type, str(caught.value))
    assert _count(cw) == 0
    assert not any(p.is_file() for p in storage.root.rglob("*"))


def test_rolled_back_generation_leaves_no_content(
    cw: CaseWorld, frozen_clock: FrozenClock, storage: FileStorage
) -> None:
    sc = open_case_with_debts(cw)
    woon = sc.creditors["Woonstichting De Linie"]
    with pytest.raises(RuntimeError), cw.db.tx(cw.tenant_id) as session:
        service.generate_document(
            session, cw.worker, sc.case_id, "saldoverzoek", "pdf", {"creditor": woon}
        )
        raise RuntimeError("later step failed")
    assert _count(cw) == 0
    assert not any(p.is_file() for p in storage.root.rglob("*"))


def test_status_moves_forward_only_and_other_tenants_see_nothing(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    sc = open_case_with_debts(cw)
    woon = sc.creditors["Woonstichting De Linie"]
    with cw.db.tx(cw.tenant_id) as session:
        doc = service.generate_document(
            session, cw.worker, sc.case_id, "saldoverzoek", "docx", {"creditor": woon}
        )
        service.set_status(session, cw.worker, doc.id, "definitief")
        with pytest.raises(ValidationFailed):
            service.set_status(session, cw.worker, doc.id, "concept")
        assert service.set_status(session, cw.worker, doc.id, "verzonden").status == "verzonden"
    with pytest.raises(NotFound), cw.db.tx(cw.other_tenant_id) as session:
        service.get_document(session, cw.other, doc.id)
    with pytest.raises(PermissionDenied), cw.db.tx(cw.tenant_id) as session:
        service.generate_document(
            session, cw.auditor, sc.case_id, "saldoverzoek", "pdf", {"creditor": woon}
        )


def test_tampered_content_is_refused(
    cw: CaseWorld, frozen_clock: FrozenClock, storage: FileStorage
) -> None:
    sc = open_case_with_debts(cw)
    with cw.db.tx(cw.tenant_id) as session:
        doc = service.generate_document(
            session,
            cw.worker,
            sc.case_id,
            "saldoverzoek",
            "pdf",
            {"creditor": sc.creditors["DUO"]},
        )
    path = storage.root / doc.storage_key
    path.write_bytes(path.read_bytes() + b"%tampered")
    with pytest.raises(Conflict, match="checksum"), cw.db.tx(cw.tenant_id) as session:
        service.read_content(session, cw.worker, service.get_document(session, cw.worker, doc.id))


def test_a_version_someone_else_took_meanwhile_is_a_conflict_and_stores_nothing(
    cw: CaseWorld, frozen_clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    sc = open_case_with_debts(cw)
    woon = sc.creditors["Woonstichting De Linie"]
    with cw.db.tx(cw.tenant_id) as session:
        service.register_documents(
            session, cw.worker, sc.case_id, "betaalvoorstel", "pdf", {"creditor": woon}
        )
    before = _count(cw)
    # as if the other writer committed version 1 after this one read the versions
    monkeypatch.setattr(service, "_latest_versions", lambda session, case_id: {})
    with pytest.raises(Conflict, match="same moment"), cw.db.tx(cw.tenant_id) as session:
        service.register_documents(
            session, cw.worker, sc.case_id, "betaalvoorstel", "pdf", {"creditor": woon}
        )
    assert _count(cw) == before
