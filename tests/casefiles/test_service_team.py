"""The team lead's overview: caseload per case worker per phase, overdue terms and tasks."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from casefiles.service_common import today
from casefiles.service_team import team_caseload, team_overdue
from engine import clock
from engine.clock import FrozenClock
from engine.errors import PermissionDenied
from engine.process import runtime
from engine.process.models import WorkItem
from tests.casefiles.conftest import CaseWorld, open_melding


def test_caseload_counts_claimed_cases_per_worker(cw: CaseWorld, frozen_clock: FrozenClock) -> None:
    claimed, _unclaimed = open_melding(cw), open_melding(cw)
    with cw.db.tx(cw.tenant_id) as session:
        [task] = runtime.list_tasks(session, case_id=uuid.UUID(claimed))
        runtime.claim_task(session, cw.worker, task.id)
    with cw.db.tx(cw.tenant_id) as session:
        loads = {load.name: load for load in team_caseload(session, cw.worker)}
    assert loads["sanne"].total == 1
    assert loads["Niet opgepakt"].total == 1
    assert "bob" not in loads  # a case worker of another municipality


def test_passed_first_conversation_term_is_overdue(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    case_id = open_melding(cw)
    with cw.db.tx(cw.tenant_id) as session:
        assert team_overdue(session, cw.worker) == []
    frozen_clock.advance(timedelta(days=60))
    with cw.db.tx(cw.tenant_id) as session:
        [item] = team_overdue(session, cw.worker)
    assert (str(item.case_id), item.what) == (case_id, "termijn")
    assert item.days_overdue == (today() - item.due_on).days > 0


def test_only_team_leads_see_the_team(cw: CaseWorld, frozen_clock: FrozenClock) -> None:
    with pytest.raises(PermissionDenied), cw.db.tx(cw.tenant_id) as session:
        team_caseload(session, cw.auditor)


def test_task_past_its_due_moment_is_overdue_with_its_assignee(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    case_id = open_melding(cw)
    with cw.db.tx(cw.tenant_id) as session:
        [task] = runtime.list_tasks(session, case_id=uuid.UUID(case_id))
        runtime.claim_task(session, cw.worker, task.id)
        row = session.get(WorkItem, task.id)
        assert row is not None
        row.due_at = clock.now() + timedelta(days=2)
    frozen_clock.advance(timedelta(days=5))
    with cw.db.tx(cw.tenant_id) as session:
        [item] = team_overdue(session, cw.worker)
    assert (item.what, item.label, item.assignee) == ("taak", "Eerste gesprek voeren", "sanne")
    assert item.days_overdue == 3
