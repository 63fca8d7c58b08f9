"""Executing a list: what is destroyed, what is kept, the log, the verklaring, the jobs."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from engine import clock
from engine.audit import verify_chain
from engine.audit.models import AuditEntry
from engine.cases.models import Case
from engine.errors import Conflict
from engine.identity.models import Tenant
from engine.process.models import ProcessInstance, WorkItem
from retention import lists
from retention.executor import execute_list
from retention.jobs import prune_tenant_logs, run_due_destructions
from retention.log import verify_log
from retention.models import DestroyedResource, DestructionLogEntry
from retention.report import render_verklaring
from tests.conftest import Database
from tests.retention.conftest import Team, add_case, approved_list, make_cases

AFTER_DUE = datetime(2020, 3, 1, 10, tzinfo=UTC)
ROWS_PER_CASE = 8  # case, archive, instance, work item, completed task, timer, message, incident


def _count(db: Database, tenant_id: int, model: type) -> int:
    with db.tx(tenant_id) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_execution_destroys_listed_cases_only_and_logs_each(
    team: Team, clock_2020: clock.FrozenClock
) -> None:
    doomed = make_cases(team, 5)
    with team.db.tx(team.tenant_id) as session:
        kept_open = add_case(session, team, "OPEN1", result=None)
        kept_young = add_case(session, team, "JONG1", result="verstrekt")
    with team.db.tx(team.other_tenant_id) as session:
        add_case(session, team, "B1", result="afgebroken", tenant_id=team.other_tenant_id)
    clock_2020.set(AFTER_DUE)
    list_id = approved_list(team)
    clock_2020.advance(timedelta(days=7))
    report = execute_list(team.db.factory, team.tenant_id, list_id, chunk_size=2)
    assert (report.destroyed, report.failed, report.status) == (5, 0, "deleted")
    db, tid = team.db, team.tenant_id
    with db.tx(tid) as session:
        remaining = set(session.scalars(select(Case.id)))
        assert remaining == {kept_open, kept_young}
        assert session.scalar(select(func.count()).select_from(WorkItem)) == 2
        assert session.scalar(select(func.count()).select_from(ProcessInstance)) == 2
        resources = list(session.scalars(select(DestroyedResource)))
        assert len(resources) == 5 * ROWS_PER_CASE
        assert {r.case_id for r in resources} == set(doomed)
        steps = [
            r.resource_type
            for r in sorted(resources, key=lambda r: r.step)
            if r.case_id == doomed[0]
        ]
        assert steps.index("work_items") < steps.index("process_instances") < steps.index("cases")
        entries = list(session.scalars(select(DestructionLogEntry)))
        assert sorted(e.case_id for e in entries) == sorted(doomed)
        assert all(e.selectielijstklasse == "8.4.1" and e.approved_by == "anna" for e in entries)
        assert verify_log(session, tid) is None
        assert verify_chain(session, tid).ok
        assert lists.get_list(session, list_id).executed_at == clock.now()
    assert _count(db, team.other_tenant_id, Case) == 1
    with pytest.raises(Conflict, match="deleted"):
        execute_list(db.factory, tid, list_id)


def test_destruction_log_detects_tampering(team: Team, clock_2020: clock.FrozenClock) -> None:
    make_cases(team, 3, workflow=False)
    clock_2020.set(AFTER_DUE)
    list_id = approved_list(team)
    clock_2020.advance(timedelta(days=7))
    execute_list(team.db.factory, team.tenant_id, list_id)
    with team.db.tx(team.tenant_id) as session:
        entry = session.scalars(
            select(DestructionLogEntry).where(DestructionLogEntry.seq == 2)
        ).one()
        entry.reference = "ANDERS"
    with team.db.tx(team.tenant_id) as session:
        assert verify_log(session, team.tenant_id) == "entry 2 was changed"


def test_verklaring_in_three_formats(team: Team, clock_2020: clock.FrozenClock) -> None:
    doomed = make_cases(team, 3)
    clock_2020.set(AFTER_DUE)
    list_id = approved_list(team, name="Vernietiging maart")
    with team.db.tx(team.tenant_id) as session, pytest.raises(Conflict, match="executed"):
        render_verklaring(session, list_id, "csv")
    clock_2020.advance(timedelta(days=7))
    execute_list(team.db.factory, team.tenant_id, list_id)
    with team.db.tx(team.tenant_id) as session:
        raw_csv, media = render_verklaring(session, list_id, "csv")
        raw_xlsx, _ = render_verklaring(session, list_id, "xlsx")
        raw_pdf, _ = render_verklaring(session, list_id, "pdf")
    assert media.startswith("text/csv")
    text = raw_csv.decode()
    assert "# Opgesteld door: rita" in text and "# Goedgekeurd door (archivaris): anna" in text
    assert "# Beoordeeld door: ruben" in text
    rows = list(
        csv.DictReader(
            io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#")))
        )
    )
    assert sorted(r["Zaakidentificatie"] for r in rows) == ["Z00000", "Z00001", "Z00002"]
    assert {r["Selectielijstklasse"] for r in rows} == {"8.4.1"}
    assert "work_items: 1" in rows[0]["Vernietigde gegevens"]
    sheet = load_workbook(io.BytesIO(raw_xlsx))["Vernietigde zaken"]
    assert sheet.max_row == 1 + len(doomed)
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(raw_pdf)).pages)
    assert "Verklaring van vernietiging" in pdf_text and "Z00002" in pdf_text


def test_scheduled_job_executes_due_lists_and_marks_refused_ones(
    team: Team, clock_2020: clock.FrozenClock
) -> None:
    make_cases(team, 2, workflow=False)
    clock_2020.set(AFTER_DUE)
    list_id = approved_list(team)
    assert run_due_destructions(team.db.factory) == 0  # waiting period
    clock_2020.advance(timedelta(days=7, minutes=1))
    assert run_due_destructions(team.db.factory) == 2
    make_cases(team, 1, prefix="N", workflow=False)
    clock_2020.advance(timedelta(days=60))
    second = approved_list(team, name="Tweede")
    with team.db.tx(team.tenant_id) as session:
        from engine.cases.service import get_case, reopen_case
        from engine.identity.actor import system_actor

        case_id = lists.list_items(session, second)[0].case_id
        reopen_case(session, system_actor(team.tenant_id, "t"), get_case(session, case_id))
    clock_2020.advance(timedelta(days=8))
    assert run_due_destructions(team.db.factory) == 0
    with team.db.tx(team.tenant_id) as session:
        dlist = lists.get_list(session, second)
        assert dlist.status == "failed" and "reopened" in (dlist.error or "")
        assert lists.get_list(session, list_id).status == "deleted"


def test_log_retention_removes_old_entries_moves_the_anchor_and_logs_itself(
    team: Team, clock_2020: clock.FrozenClock
) -> None:
    db, tid = team.db, team.tenant_id
    make_cases(team, 2, workflow=False)
    clock_2020.advance(timedelta(days=400))
    make_cases(team, 1, prefix="N", workflow=False)
    assert prune_tenant_logs(db.factory, tid).audit_entries == 0  # no setting: keep all
    with db.tx() as session:
        tenant = session.get(Tenant, tid)
        assert tenant is not None
        tenant.settings = {"retention": {"log_retention": "P1Y"}}
    total = _count(db, tid, AuditEntry)
    result = prune_tenant_logs(db.factory, tid)
    assert result.audit_entries > 0
    with db.tx(tid) as session:
        assert verify_chain(session, tid).ok
        removal = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert removal is not None and removal.action == "audit.entries_removed"
        assert removal.after and removal.after["audit_entries"] == result.audit_entries
        left = session.scalar(select(func.count()).select_from(AuditEntry))
        assert left == total - result.audit_entries + 1
        assert min(e.at for e in session.scalars(select(AuditEntry))) >= clock.now() - timedelta(
            days=366
        )
    assert prune_tenant_logs(db.factory, tid).audit_entries == 0


def test_unknown_list_id(team: Team) -> None:
    from engine.errors import NotFound

    with pytest.raises(NotFound):
        execute_list(team.db.factory, team.tenant_id, uuid.uuid4())
