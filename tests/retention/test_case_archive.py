"""Archive fields follow the case: computed on close, cleared on reopen."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from engine import clock
from engine.cases.service import close_case, get_case, reopen_case
from engine.errors import ValidationFailed
from engine.identity.actor import system_actor
from retention.mappings import set_result_mapping
from retention.models import CaseArchive
from retention.service import due_cases, set_case_date
from tests.retention.conftest import Team, add_case


@pytest.mark.parametrize(
    ("result", "klasse", "actiedatum"),
    [
        ("verstrekt", "8.1.9", date(2029, 2, 28)),
        ("beeindigd", "8.3.5", date(2029, 2, 28)),
        ("afgebroken", "8.4.1", date(2024, 4, 11)),
        ("geweigerd", "8.2", date(2029, 2, 28)),
        ("8.4.1", "8.4.1", date(2024, 4, 11)),  # the selectielijst code the DMN outputs
    ],
)
def test_closing_a_case_sets_its_archive_dates(
    team: Team, clock_2020: clock.FrozenClock, result: str, klasse: str, actiedatum: date
) -> None:
    clock_2020.set(datetime(2024, 2, 29, 15, 0, tzinfo=UTC))
    with team.db.tx(team.tenant_id) as session:
        case_id = add_case(session, team, "Z1", result=result)
    with team.db.tx(team.tenant_id) as session:
        archive = session.get(CaseArchive, case_id)
        assert archive is not None
        assert (archive.selectielijstklasse, archive.archiefnominatie) == (klasse, "vernietigen")
        assert archive.brondatum == date(2024, 2, 29)
        assert archive.archiefactiedatum == actiedatum
        assert archive.archiefstatus == "nog_te_archiveren"


def test_end_date_is_the_dutch_calendar_day(team: Team, clock_2020: clock.FrozenClock) -> None:
    clock_2020.set(datetime(2024, 1, 31, 23, 30, tzinfo=UTC))  # 1 February in Amsterdam
    with team.db.tx(team.tenant_id) as session:
        case_id = add_case(session, team, "Z1", result="afgebroken")
    with team.db.tx(team.tenant_id) as session:
        archive = session.get(CaseArchive, case_id)
        assert archive is not None and archive.brondatum == date(2024, 2, 1)


def test_reopening_clears_and_closing_again_recomputes(
    team: Team, clock_2020: clock.FrozenClock
) -> None:
    with team.db.tx(team.tenant_id) as session:
        case_id = add_case(session, team, "Z1", result="afgebroken")
    actor = system_actor(team.tenant_id, "test")
    with team.db.tx(team.tenant_id) as session:
        reopen_case(session, actor, get_case(session, case_id))
    with team.db.tx(team.tenant_id) as session:
        archive = session.get(CaseArchive, case_id)
        assert archive is not None
        assert (archive.archiefactiedatum, archive.brondatum, archive.selectielijstklasse) == (
            None,
            None,
            None,
        )
        assert archive.date_reason == "the case was reopened"
    clock_2020.set(datetime(2021, 3, 1, 9, 0, tzinfo=UTC))
    with team.db.tx(team.tenant_id) as session:
        close_case(session, actor, get_case(session, case_id), result="verstrekt")
    with team.db.tx(team.tenant_id) as session:
        archive = session.get(CaseArchive, case_id)
        assert archive is not None and archive.archiefactiedatum == date(2026, 3, 1)


def test_unknown_result_leaves_the_date_empty_and_the_case_never_due(
    team: Team, clock_2020: clock.FrozenClock
) -> None:
    with team.db.tx(team.tenant_id) as session:
        case_id = add_case(session, team, "Z1", result="iets anders")
    clock_2020.set(datetime(2090, 1, 1, tzinfo=UTC))
    with team.db.tx(team.tenant_id) as session:
        archive = session.get(CaseArchive, case_id)
        assert archive is not None and archive.archiefactiedatum is None
        assert "no selectielijst mapping" in (archive.date_reason or "")
        assert due_cases(session, team.tenant_id) == []


def test_tenant_mapping_with_eigenschap_waits_for_the_named_date(
    team: Team, clock_2020: clock.FrozenClock
) -> None:
    with team.db.tx(team.tenant_id) as session:
        set_result_mapping(
            session,
            team.archivist,
            result="schuldregeling_geslaagd",
            selectielijstklasse="8.1.9",
            afleidingswijze="eigenschap",
            datumkenmerk="einde_schuldregeling",
        )
        case_id = add_case(session, team, "Z1", result="schuldregeling_geslaagd")
    with team.db.tx(team.tenant_id) as session:
        archive = session.get(CaseArchive, case_id)
        assert archive is not None and archive.archiefactiedatum is None
        set_case_date(session, team.archivist, case_id, "einde_schuldregeling", date(2028, 2, 29))
    with team.db.tx(team.tenant_id) as session:
        archive = session.get(CaseArchive, case_id)
        assert archive is not None
        assert (archive.brondatum, archive.archiefactiedatum) == (
            date(2028, 2, 29),
            date(2033, 2, 28),
        )


def test_incomplete_mapping_is_refused(team: Team) -> None:
    with team.db.tx(team.tenant_id) as session, pytest.raises(ValidationFailed) as err:
        set_result_mapping(
            session,
            team.archivist,
            result="x",
            selectielijstklasse="8.1.9",
            afleidingswijze="termijn",
        )
    assert err.value.errors[0].field == "procestermijn"


def test_due_search_respects_dates_and_tenants(team: Team, clock_2020: clock.FrozenClock) -> None:
    with team.db.tx(team.tenant_id) as session:
        short = add_case(session, team, "Z1", result="afgebroken")
        add_case(session, team, "Z2", result="verstrekt")
        add_case(session, team, "Z3", result=None)  # still open
    with team.db.tx(team.other_tenant_id) as session:
        add_case(session, team, "B1", result="afgebroken", tenant_id=team.other_tenant_id)
    clock_2020.set(datetime(2020, 2, 26, 12, tzinfo=UTC))  # 42 days after 15 January
    with team.db.tx(team.tenant_id) as session:
        assert [c.id for _a, c in due_cases(session, team.tenant_id)] == [short]
        assert due_cases(session, team.tenant_id, on=date(2020, 2, 25)) == []
