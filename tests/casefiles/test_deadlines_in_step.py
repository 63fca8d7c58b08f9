"""Terms set, met and read by several handlers of one step: read from the database once per
transaction, always in step with what was written, and forgotten when a savepoint rolls
back (a failed service task)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from casefiles import service
from casefiles.handlers.common import case_file_of
from casefiles.models import Deadline
from casefiles.service_deadlines import add_deadline, deadline_due, meet_deadline
from engine.errors import NotFound
from tests.casefiles.conftest import CaseWorld, counted_selects, open_melding

START = date(2026, 3, 2)


def monthly_term(cw: CaseWorld, session: Any, case_id: uuid.UUID, due_on: date) -> Deadline:
    return add_deadline(
        session, cw.worker, case_id, kind="maandcontrole", starts_on=START, due_on=due_on
    )


def open_rows(session: Any, case_id: uuid.UUID, kind: str) -> list[Deadline]:
    return list(
        session.scalars(
            select(Deadline).where(
                Deadline.case_id == case_id, Deadline.kind == kind, Deadline.met_on.is_(None)
            )
        )
    )


def test_a_step_reads_the_case_file_and_its_open_terms_once(cw: CaseWorld) -> None:
    case_id = uuid.UUID(open_melding(cw))
    with cw.db.tx(cw.tenant_id) as session, counted_selects(cw) as selects:
        assert case_file_of(session, case_id) is case_file_of(session, case_id)
        monthly_term(cw, session, case_id, date(2026, 4, 2))
        meet_deadline(session, cw.worker, case_id, "maandcontrole")
        monthly_term(cw, session, case_id, date(2026, 5, 4))
        assert deadline_due(session, case_id, "maandcontrole") == date(2026, 5, 4)
        assert len(selects) == 1  # the case file with its open terms


def test_terms_written_in_the_step_are_what_the_database_holds(cw: CaseWorld) -> None:
    case_id = uuid.UUID(open_melding(cw))
    with cw.db.tx(cw.tenant_id) as session:
        first = monthly_term(cw, session, case_id, date(2026, 4, 2))
        again = monthly_term(cw, session, case_id, date(2026, 4, 3))  # replaces the open one
        assert again is first
        meet_deadline(session, cw.worker, case_id, "maandcontrole", on=date(2026, 4, 1))
        monthly_term(cw, session, case_id, date(2026, 5, 4))
        [still_open] = open_rows(session, case_id, "maandcontrole")
        assert still_open.due_on == date(2026, 5, 4)
    with cw.db.tx(cw.tenant_id) as session:
        assert deadline_due(session, case_id, "maandcontrole") == date(2026, 5, 4)
        met = session.get(Deadline, first.id)
        assert met is not None and (met.met_on, met.due_on) == (date(2026, 4, 1), date(2026, 4, 3))


def test_a_rolled_back_savepoint_leaves_no_term_behind(cw: CaseWorld) -> None:
    case_id = uuid.UUID(open_melding(cw))
    with cw.db.tx(cw.tenant_id) as session:
        monthly_term(cw, session, case_id, date(2026, 4, 2))
        session.flush()
        failed_task = session.begin_nested()
        meet_deadline(session, cw.worker, case_id, "maandcontrole")
        add_deadline(session, cw.worker, case_id, kind="evaluatie", starts_on=START, due_on=START)
        failed_task.rollback()
        assert deadline_due(session, case_id, "maandcontrole") == date(2026, 4, 2)
        with pytest.raises(NotFound):
            deadline_due(session, case_id, "evaluatie")
        monthly_term(cw, session, case_id, date(2026, 4, 6))
        [row] = open_rows(session, case_id, "maandcontrole")
        assert row.due_on == date(2026, 4, 6)


def test_a_new_transaction_reads_the_terms_again(cw: CaseWorld) -> None:
    case_id = uuid.UUID(open_melding(cw))
    with cw.db.tx(cw.tenant_id) as session:
        monthly_term(cw, session, case_id, date(2026, 4, 2))
        session.commit()  # the same session goes on in a new transaction
        with cw.db.tx(cw.tenant_id) as other:
            meet_deadline(other, cw.worker, case_id, "maandcontrole")
        with pytest.raises(NotFound):
            deadline_due(session, case_id, "maandcontrole")


def test_another_tenant_sees_no_case_file_and_no_terms(cw: CaseWorld) -> None:
    case_id = uuid.UUID(open_melding(cw))
    with cw.db.tx(cw.other_tenant_id) as session:
        assert case_file_of(session, case_id) is None
        with pytest.raises(NotFound):
            deadline_due(session, case_id, "eerste_gesprek")


def test_a_service_reading_the_case_file_first_brings_its_open_terms_along(
    cw: CaseWorld,
) -> None:
    case_id = uuid.UUID(open_melding(cw))
    with cw.db.tx(cw.tenant_id) as session, counted_selects(cw) as selects:
        service.record_first_conversation(session, cw.worker, str(case_id), date(2026, 3, 10))
        assert case_file_of(session, case_id) is not None
        assert deadline_due(session, case_id, "beschikking") == date(2026, 5, 6)
    assert len([s for s in selects if "cf_case_files" in s or "cf_deadlines" in s]) == 1
