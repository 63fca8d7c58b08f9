"""Demo seeding: real process state for driven cases and for their copies."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from casefiles import demo
from casefiles.models import CaseFile, Person
from engine.audit import verify_chain
from engine.cases.models import Case
from engine.identity.actor import system_actor
from engine.identity.service import get_tenant_by_slug
from engine.process import runtime
from engine.process.models import ProcessInstance, WorkItem
from tests.conftest import Database


def test_demo_cases_and_their_copies_are_live_process_instances(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
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
        assert {"intake", "afsluiting"} <= phases
        assert not runtime.open_incidents(session)
        assert verify_chain(session, tenant_id).ok
        item = session.scalars(
            select(WorkItem).where(WorkItem.task_key == "eerste_gesprek")
        ).first()
    if item is not None:  # a copied or driven case continues normally
        with db.tx(tenant_id) as session:
            result = runtime.complete_task(
                session,
                system_actor(tenant_id, "test"),
                item.id,
                {"gesprek_datum": "2026-11-20", "vervolg": "aanvraag"},
            )
        assert [t.task_key for t in result.next_tasks] == ["screening"]
    assert demo.seed_demo(db.factory, tenant_id) == []  # init's call: tenant has cases already
