"""Demo seeding: real process state for driven cases and for their copies."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casefiles import demo
from casefiles.models import CaseFile, Person
from documents.models import Document
from documents.storage import FileStorage, get_storage, install_storage
from engine import clock
from engine.audit import verify_chain
from engine.audit.models import AuditEntry
from engine.cases.models import Case
from engine.identity.actor import system_actor
from engine.identity.service import get_tenant_by_slug
from engine.process import runtime
from engine.process.models import ProcessInstance, WorkItem
from tests.conftest import Database


@pytest.fixture(autouse=True)
def _letter_storage(tmp_path: Path) -> Iterator[None]:
    install_storage(FileStorage(tmp_path / "documents"))
    yield
    install_storage(None)


# Late on a Monday: the simulated plan of approach then falls on a Saturday in Amsterdam,
# so the evaluation four weeks on moves to the Monday after (a fixed 30 days fell short).
SEEDED_AT = datetime(2026, 11, 23, 22, 17, tzinfo=UTC)


def test_demo_cases_and_their_copies_are_live_process_instances(
    db: Database, monkeypatch: pytest.MonkeyPatch, frozen_clock: clock.FrozenClock
) -> None:
    frozen_clock.set(SEEDED_AT)
    monkeypatch.setattr(demo, "COPY_ABOVE", 10)
    monkeypatch.setattr(demo, "TEMPLATES_PER_STAGE", 1)
    [summary] = demo.seed_demo(db.factory, "demo", 30, seed=7)
    assert "seeded 30 demo cases" in summary
    with db.tx() as session:
        tenant_id = get_tenant_by_slug(session, "demo").id
    with db.tx(tenant_id) as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 30
        assert session.scalar(select(func.count()).select_from(CaseFile)) == 30
        assert session.scalar(select(func.count()).select_from(ProcessInstance)) >= 30
        bsns = session.scalars(select(Person.bsn).where(Person.role == "client")).all()
        assert len(set(bsns)) == 30
        phases = set(session.scalars(select(Case.phase)))
        assert {"intake", "stabilisatie", "schuldregeling", "looptijd", "afsluiting"} <= phases
        assert _selectielijst_classes(session) == {"8.1.9", "8.3.5", "8.4.1", "8.2"}
        assert _copies_without_letters(session) == []
        assert not runtime.open_incidents(session)
        assert verify_chain(session, tenant_id).ok
        item = session.scalars(
            select(WorkItem).where(WorkItem.task_key == "eerste_gesprek")
        ).first()
    if item is not None:  # a copied or driven case continues normally
        with db.tx(tenant_id) as session:
            case_id = runtime.complete_task(
                session,
                system_actor(tenant_id, "test"),
                item.id,
                {"gesprek_datum": "2026-11-20", "vervolg": "aanvraag"},
            )
            next_tasks = runtime.list_tasks(session, case_id=case_id)
        assert [t.task_key for t in next_tasks] == ["screening"]
    assert demo.seed_demo(db.factory, tenant_id) == []  # init's call: tenant has cases already


def _selectielijst_classes(session: Session) -> set[str]:
    """The selectielijst class of every closed case, as the process decided it."""
    closed = session.scalars(select(Case.id).where(Case.status == "closed")).all()
    return {
        str(runtime.workflow_data(session, case_id)["selectielijst_categorie"])
        for case_id in closed
    }


def _copies_without_letters(session: Session) -> list[str]:
    """Copies whose letters differ from their template's in number, or whose content is
    not stored under the copy's own key."""
    copied = session.execute(
        select(AuditEntry.case_id, AuditEntry.based_on).where(
            AuditEntry.action == "demo.case_copied"
        )
    ).all()
    ids = {c.reference: c.id for c in session.scalars(select(Case))}
    wrong, lettered = [], 0
    for case_id, based_on in copied:
        template_id = ids[str(based_on).removeprefix("demo template ")]
        keys = session.scalars(select(Document.storage_key).where(Document.case_id == case_id))
        own = [k for k in keys if str(case_id) in k and get_storage().exists(k)]
        template_letters = session.scalar(
            select(func.count()).select_from(Document).where(Document.case_id == template_id)
        )
        lettered += bool(own)
        if len(own) != template_letters:
            wrong.append(str(case_id))
    assert lettered > 0  # the copies of cases past the melding have letters
    return wrong
