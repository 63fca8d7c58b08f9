"""Several letters in one step (one transaction): what they share is read once, every read
of personal data is still logged (once per transaction), and the letters are the same as
when each is made in a transaction of its own."""

from __future__ import annotations

import uuid
from dataclasses import replace

from sqlalchemy import select

from casefiles.service_debts import all_creditors_answered
from documents import service
from documents.handlers import generate_letter
from engine import clock
from engine.audit.processing_log import ProcessingLogEntry
from engine.clock import FrozenClock
from engine.process.handlers import ServiceContext
from tests.casefiles.conftest import VALID_BSN, CaseWorld, counted_selects
from tests.documents.conftest import open_case_with_debts


def _logged_reads(cw: CaseWorld, case_id: str, action: str) -> list[ProcessingLogEntry]:
    with cw.db.tx(cw.tenant_id) as session:
        return list(
            session.scalars(
                select(ProcessingLogEntry).where(
                    ProcessingLogEntry.case_id == uuid.UUID(case_id),
                    ProcessingLogEntry.actie_naam == action,
                )
            )
        )


def _client_letter_reads(cw: CaseWorld, case_id: str) -> list[ProcessingLogEntry]:
    return [
        entry
        for entry in _logged_reads(cw, case_id, "Klantgegevens inzien")
        if entry.verwerkingsactiviteit_id == "brief-opstellen"
    ]


def test_two_letters_of_one_step_read_the_client_once_and_log_the_read_once(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    sc = open_case_with_debts(cw)
    with cw.db.tx(cw.tenant_id) as session, counted_selects(cw) as selects:
        letters = [
            doc
            for _ in range(2)
            for doc in service.register_documents(session, cw.worker, sc.case_id, "budgetplan")
        ]
    assert sum("FROM cf_persons" in s for s in selects) == 1
    for doc in letters:  # the income and the rent of the case file, each with its amount
        markup = doc.render_input["markup"]
        assert "Netto loon" in markup and "Huur" in markup and "2.100,00" in markup
    [logged] = _client_letter_reads(cw, sc.case_id)
    assert (logged.object_id, logged.betrokkenheid) == (VALID_BSN, "client")
    financial = ("Inkomsten inzien", "Uitgaven inzien")  # the letter lists both
    assert [len(_logged_reads(cw, sc.case_id, action)) for action in financial] == [1, 1]
    assert [doc.version for doc in letters] == [1, 2]
    with cw.db.tx(cw.tenant_id) as session:  # the next step reads and logs again
        [third] = service.register_documents(session, cw.worker, sc.case_id, "budgetplan")
    assert len(_client_letter_reads(cw, sc.case_id)) == 2
    assert third.version == 3
    assert [len(_logged_reads(cw, sc.case_id, action)) for action in financial] == [2, 2]


def test_letters_to_every_creditor_and_the_checks_of_one_step_read_the_claims_once(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    sc = open_case_with_debts(cw)
    with cw.db.tx(cw.tenant_id) as session, counted_selects(cw) as selects:
        ctx = ServiceContext(
            session=session,
            actor=cw.worker,
            case_id=uuid.UUID(sc.case_id),
            task_key="voorstel_versturen",
            data={},
            now=clock.now(),
        )
        for letter in ("kennisgeving", "betaalvoorstel"):
            result = generate_letter(ctx, type=letter)
            assert result is not None and len(result["last_document_ids"]) == 15
        assert all_creditors_answered(session, sc.case_id, stage="saldo")
    assert sum("FROM cf_debts" in s for s in selects) == 1
    assert sum("FROM documents" in s for s in selects) == 1  # the versions of the register
    assert not any("FROM cf_creditors" in s and "FROM cf_debts" not in s for s in selects)


def test_a_letter_is_signed_by_the_worker_from_the_login_without_reading_the_user(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    sc = open_case_with_debts(cw)
    worker = replace(cw.worker, full_name="Sanne de Vries", email="s.devries@gemeente.nl")
    with cw.db.tx(cw.tenant_id) as session, counted_selects(cw) as selects:
        [doc] = service.register_documents(session, worker, sc.case_id, "budgetplan")
    assert not [s for s in selects if "FROM users" in s]
    assert 'name="Sanne de Vries"' in doc.render_input["markup"]
