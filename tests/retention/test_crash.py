"""Crash safety: the executor runs in a child process that is SIGKILLed at a random SQL
statement (mid-transaction, right before or after a commit), over and over; restarting
completes the list. Every approved case is destroyed exactly once and nothing else."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event, func, select

from engine import clock
from engine.audit import verify_chain
from engine.cases.models import Case
from engine.db import make_engine, make_session_factory
from engine.process.models import ProcessInstance, WorkItem
from retention.executor import execute_list
from retention.log import verify_log
from retention.models import DestroyedResource, DestructionListItem, DestructionLogEntry
from retention.report import build_verklaring
from tests.retention.conftest import Team, add_case, approved_list, make_cases

RUNS = 30
CASES = 24
ROWS_PER_CASE = 8


def _child(url: str, tenant_id: int, list_id: uuid.UUID, kill_at: int | None) -> None:
    db_engine = make_engine(url)
    if kill_at is not None:
        seen = [0]

        @event.listens_for(db_engine, "before_cursor_execute")
        def _maybe_die(*_args: Any) -> None:
            seen[0] += 1
            if seen[0] >= kill_at:
                os.kill(os.getpid(), signal.SIGKILL)

    execute_list(make_session_factory(db_engine), tenant_id, list_id, chunk_size=5)
    os._exit(0)


def _run_child(url: str, tenant_id: int, list_id: uuid.UUID, kill_at: int | None) -> int:
    process = multiprocessing.get_context("fork").Process(
        target=_child, args=(url, tenant_id, list_id, kill_at)
    )
    process.start()
    process.join(60)
    return process.exitcode if process.exitcode is not None else -999


def test_killed_executor_resumes_and_destroys_each_case_once(
    team: Team, clock_2020: clock.FrozenClock
) -> None:
    db, tid = team.db, team.tenant_id
    doomed = set(make_cases(team, CASES))
    with db.tx(tid) as session:
        bystanders = {
            add_case(session, team, "OPEN1", result=None),
            add_case(session, team, "JONG1", result="verstrekt"),
        }
    clock_2020.set(datetime(2020, 3, 1, 10, tzinfo=UTC))
    list_id = approved_list(team)
    clock_2020.advance(timedelta(days=7))
    db.engine.dispose()  # no inherited connections in the children

    rng = random.Random(20200301)
    kills = 0
    for _run in range(RUNS):
        exitcode = _run_child(db.url, tid, list_id, rng.randint(1, 70))
        assert exitcode in (0, -signal.SIGKILL)
        kills += exitcode == -signal.SIGKILL
        if exitcode == 0:
            break
    assert kills >= 3
    if _status(team, list_id) != "deleted":
        assert _run_child(db.url, tid, list_id, None) == 0

    with db.tx(tid) as session:
        assert set(session.scalars(select(Case.id))) == bystanders
        assert session.scalar(select(func.count()).select_from(WorkItem)) == 2
        assert session.scalar(select(func.count()).select_from(ProcessInstance)) == 2
        logged = Counter(session.scalars(select(DestructionLogEntry.case_id)))
        assert set(logged) == doomed and set(logged.values()) == {1}
        resources = list(session.scalars(select(DestroyedResource)))
        assert len(resources) == CASES * ROWS_PER_CASE
        assert len({(r.resource_type, r.resource_id) for r in resources}) == len(resources)
        items = list(session.scalars(select(DestructionListItem)))
        assert {i.execution for i in items} == {"succeeded"}
        assert verify_log(session, tid) is None
        assert verify_chain(session, tid).ok
        verklaring = build_verklaring(session, list_id)
        assert verklaring.status == "deleted"
        assert {r["reference"] for r in verklaring.rows} == {f"Z{i:05d}" for i in range(CASES)}


def _status(team: Team, list_id: uuid.UUID) -> str:
    from retention.lists import get_list

    with team.db.tx(team.tenant_id) as session:
        return get_list(session, list_id).status
