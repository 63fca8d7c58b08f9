"""Destruction list workflow: proposal, review loops, four-eyes, legal holds, refusals."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from engine import clock
from engine.errors import Conflict, PermissionDenied, ValidationFailed
from retention import lists
from retention.executor import execute_list
from retention.holds import active_holds, place_hold, release_hold
from retention.models import CaseArchive, DestructionList, DestructionListItem
from retention.service import due_cases, override_archive
from tests.conftest import Database
from tests.retention.conftest import Team, approved_list, make_cases

AFTER_DUE = datetime(2020, 3, 1, 10, tzinfo=UTC)  # 8.4.1 cases closed 15 Jan are due


def _status(db: Database, tenant_id: int, list_id: uuid.UUID) -> str:
    with db.tx(tenant_id) as session:
        return lists.get_list(session, list_id).status


def _snapshot(db: Database, tenant_id: int) -> tuple[object, ...]:
    with db.tx(tenant_id) as session:
        lists_ = [(d.status, d.archivist_id) for d in session.scalars(select(DestructionList))]
        items = [(i.status, i.execution) for i in session.scalars(select(DestructionListItem))]
        dates = [a.archiefactiedatum for a in session.scalars(select(CaseArchive))]
        return (sorted(map(str, lists_)), sorted(items), sorted(map(str, dates)))


def test_whole_workflow_with_two_rejection_loops(team: Team, clock_2020: clock.FrozenClock) -> None:
    ids = make_cases(team, 4)
    clock_2020.set(AFTER_DUE)
    db, tid = team.db, team.tenant_id
    with db.tx(tid) as session:
        list_id = lists.create_list(session, team.author, name="Maart 2020").id
        assert len(lists.list_items(session, list_id)) == 4
        lists.submit_for_review(session, team.author, lists.get_list(session, list_id))
    # loop 1: the reviewer wants case 0 kept
    with db.tx(tid) as session:
        lists.review(
            session,
            team.reviewer,
            lists.get_list(session, list_id),
            accept=False,
            item_feedback={str(ids[0]): "bezwaar loopt nog"},
        )
    assert _status(db, tid, list_id) == "changes_requested"
    with db.tx(tid) as session:
        dlist = lists.get_list(session, list_id)
        lists.remove_item(
            session,
            team.author,
            dlist,
            ids[0],
            reason="bezwaar loopt nog",
            archiefactiedatum=date(2021, 1, 1),
        )
        lists.submit_for_review(session, team.author, dlist)
    with db.tx(tid) as session:
        lists.review(session, team.reviewer, lists.get_list(session, list_id), accept=True)
        lists.submit_to_archivist(session, team.author, lists.get_list(session, list_id))
    # loop 2: the archivist sends it back once
    with db.tx(tid) as session:
        lists.approve(
            session,
            team.archivist,
            lists.get_list(session, list_id),
            accept=False,
            comment="zaak 1 hoort bij een lopende rechtszaak",
        )
    with db.tx(tid) as session:
        dlist = lists.get_list(session, list_id)
        assert dlist.status == "changes_requested"
        lists.remove_item(
            session, team.author, dlist, ids[1], reason="rechtszaak", selectielijstklasse="8.1.9"
        )
        lists.submit_for_review(session, team.author, dlist)
    with db.tx(tid) as session:
        lists.review(session, team.reviewer, lists.get_list(session, list_id), accept=True)
        lists.submit_to_archivist(session, team.author, lists.get_list(session, list_id))
    with db.tx(tid) as session:
        lists.approve(session, team.archivist, lists.get_list(session, list_id))
        dlist = lists.get_list(session, list_id)
        assert dlist.status == "ready_to_delete"
        assert dlist.planned_destruction_at == clock.now() + timedelta(days=7)
        archive = session.get(CaseArchive, ids[1])
        assert archive is not None and archive.selectielijstklasse == "8.1.9"
        assert archive.archiefactiedatum == date(2025, 1, 15)
    with pytest.raises(Conflict, match="waiting period"):
        execute_list(db.factory, tid, list_id)
    clock_2020.advance(timedelta(days=7))
    report = execute_list(db.factory, tid, list_id)
    assert (report.destroyed, report.status) == (2, "deleted")
    with db.tx(tid) as session:
        assert [c.id for _a, c in due_cases(session, tid, on=date(2021, 6, 1))] == [ids[0]]


@pytest.mark.parametrize("who", ["author", "reviewer"])
def test_four_eyes_author_and_reviewer_cannot_approve(
    team: Team, clock_2020: clock.FrozenClock, who: str
) -> None:
    make_cases(team, 2)
    clock_2020.set(AFTER_DUE)
    db, tid = team.db, team.tenant_id
    with db.tx(tid) as session:
        list_id = lists.create_list(session, team.author, name="L", submit=True).id
    with db.tx(tid) as session, pytest.raises(PermissionDenied, match="four-eyes"):
        lists.review(session, team.author, lists.get_list(session, list_id), accept=True)
    with db.tx(tid) as session:
        lists.review(session, team.reviewer, lists.get_list(session, list_id), accept=True)
        lists.submit_to_archivist(session, team.author, lists.get_list(session, list_id))
    before = _snapshot(db, tid)
    actor = team.author if who == "author" else team.reviewer
    with db.tx(tid) as session, pytest.raises(PermissionDenied) as err:
        lists.approve(session, actor, lists.get_list(session, list_id))
    assert "proposed" in str(err.value) or "reviewed" in str(err.value)
    assert _snapshot(db, tid) == before


def test_roles_and_statuses_are_enforced(team: Team, clock_2020: clock.FrozenClock) -> None:
    make_cases(team, 1)
    clock_2020.set(AFTER_DUE)
    db, tid = team.db, team.tenant_id
    with db.tx(tid) as session, pytest.raises(PermissionDenied, match="archivaris"):
        lists.create_list(session, team.caseworker, name="L")
    with db.tx(tid) as session:
        list_id = lists.create_list(session, team.author, name="L").id
    with db.tx(tid) as session, pytest.raises(Conflict, match="is new"):
        lists.approve(session, team.archivist, lists.get_list(session, list_id))
    with db.tx(tid) as session, pytest.raises(PermissionDenied, match="only the author"):
        lists.submit_for_review(session, team.reviewer, lists.get_list(session, list_id))
    with db.tx(tid) as session:
        lists.submit_for_review(session, team.author, lists.get_list(session, list_id))
    with db.tx(tid) as session, pytest.raises(ValidationFailed, match="which changes"):
        lists.review(session, team.reviewer, lists.get_list(session, list_id), accept=False)
    with db.tx(tid) as session, pytest.raises(Conflict, match="ready_to_delete"):
        execute_list(db.factory, tid, list_id)


def test_a_case_sits_on_one_active_list_only(team: Team, clock_2020: clock.FrozenClock) -> None:
    make_cases(team, 2)
    clock_2020.set(AFTER_DUE)
    with team.db.tx(team.tenant_id) as session:
        lists.create_list(session, team.author, name="A")
    with team.db.tx(team.tenant_id) as session, pytest.raises(Conflict, match="no cases"):
        lists.create_list(session, team.author, name="B")


def test_legal_hold_keeps_a_case_off_lists_and_blocks_execution(
    team: Team, clock_2020: clock.FrozenClock
) -> None:
    ids = make_cases(team, 3)
    clock_2020.set(AFTER_DUE)
    db, tid = team.db, team.tenant_id
    with db.tx(tid) as session:
        hold = place_hold(
            session, team.archivist, ids[0], kind="bezwaar", reason="bezwaar tegen beëindiging"
        )
        assert hold.set_by == "user:anna"
        assert {c.id for _a, c in due_cases(session, tid)} == {ids[1], ids[2]}
    with db.tx(tid) as session, pytest.raises(Conflict, match="not due"):
        lists.create_list(session, team.author, name="L", case_ids=[ids[0]])
    list_id = approved_list(team)
    with db.tx(tid) as session:  # a hold placed after approval
        place_hold(session, team.archivist, ids[1], kind="rechtszaak", reason="procedure")
    clock_2020.advance(timedelta(days=8))
    before = _snapshot(db, tid)
    with pytest.raises(Conflict, match="legal hold"):
        execute_list(db.factory, tid, list_id)
    assert _snapshot(db, tid) == before
    with db.tx(tid) as session:
        assert session.scalar(select(func.count()).select_from(CaseArchive)) == 3
        release_hold(
            session,
            team.archivist,
            active_holds(session, ids[1])[0].id,
            reason="procedure afgerond",
        )
    assert execute_list(db.factory, tid, list_id).destroyed == 2


def test_date_moved_into_the_future_refuses_the_whole_list(
    team: Team, clock_2020: clock.FrozenClock
) -> None:
    ids = make_cases(team, 2)
    clock_2020.set(AFTER_DUE)
    db, tid = team.db, team.tenant_id
    list_id = approved_list(team)
    with db.tx(tid) as session:
        override_archive(
            session,
            team.archivist,
            ids[1],
            archiefactiedatum=date(2030, 1, 1),
            reason="nieuwe aanvraag van dezelfde cliënt",
        )
    clock_2020.advance(timedelta(days=8))
    before = _snapshot(db, tid)
    with pytest.raises(Conflict) as err:
        execute_list(db.factory, tid, list_id)
    assert "Z00001: its archiefactiedatum 2030-01-01 is in the future" in str(err.value)
    assert _snapshot(db, tid) == before
    assert _status(db, tid, list_id) == "ready_to_delete"


def test_approval_is_refused_while_a_case_may_not_be_destroyed(
    team: Team, clock_2020: clock.FrozenClock
) -> None:
    ids = make_cases(team, 2)
    clock_2020.set(AFTER_DUE)
    db, tid = team.db, team.tenant_id
    with db.tx(tid) as session:
        list_id = lists.create_list(session, team.author, name="L", submit=True).id
    with db.tx(tid) as session:
        lists.review(session, team.reviewer, lists.get_list(session, list_id), accept=True)
        lists.submit_to_archivist(session, team.author, lists.get_list(session, list_id))
        place_hold(session, team.reviewer, ids[0], kind="onderzoek", reason="fraudeonderzoek")
    before = _snapshot(db, tid)
    with db.tx(tid) as session, pytest.raises(Conflict, match="legal hold"):
        lists.approve(session, team.archivist, lists.get_list(session, list_id))
    assert _snapshot(db, tid) == before


def test_lists_of_another_tenant_are_invisible(team: Team, clock_2020: clock.FrozenClock) -> None:
    make_cases(team, 1)
    clock_2020.set(AFTER_DUE)
    with team.db.tx(team.tenant_id) as session:
        list_id = lists.create_list(session, team.author, name="L").id
    with team.db.tx(team.other_tenant_id) as session:
        from engine.errors import NotFound

        with pytest.raises(NotFound):
            lists.get_list(session, list_id)
