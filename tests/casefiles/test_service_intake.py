"""Melding, client and household, deadlines and the processing log through the service."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from casefiles import service
from casefiles.models import CaseFile, Person
from casefiles.schemas import HouseholdMemberIn, PersonIn
from engine.audit.processing_log import ProcessingLogEntry, processing_log_for_person
from engine.cases.models import Case
from engine.clock import FrozenClock
from engine.errors import NotFound, ValidationFailed
from engine.process.models import WorkItem
from tests.casefiles.conftest import VALID_BSN, CaseWorld, melding, open_melding


def test_melding_opens_case_file_starts_process_and_sets_first_conversation_term(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    case_id = open_melding(cw)
    with cw.db.tx(cw.tenant_id) as session:
        deadlines = service.list_deadlines(session, cw.worker, case_id)
        items = session.scalars(select(WorkItem)).all()
    assert [d.kind for d in deadlines] == ["eerste_gesprek"]
    assert deadlines[0].due_on == date(2026, 3, 30)  # 4 weeks from Monday 2 March
    assert deadlines[0].signal == "op_tijd"
    assert [i.task_key for i in items] == ["eerste_gesprek"]


def test_crisis_melding_gets_three_working_days(cw: CaseWorld, frozen_clock: FrozenClock) -> None:
    frozen_clock.set(datetime(2026, 4, 24, 10, 0, tzinfo=UTC))
    case_id = open_melding(
        cw, crisis=True, crisis_reason="aangezegde huisuitzetting", meldingsdatum=date(2026, 4, 24)
    )
    with cw.db.tx(cw.tenant_id) as session:
        [deadline] = service.list_deadlines(session, cw.worker, case_id, on=date(2026, 4, 28))
    # Friday 24 April 2026 + 3 working days skips the weekend and Koningsdag (Mon 27 April).
    assert deadline.due_on == date(2026, 4, 30)
    assert deadline.signal == "dreigt"


def test_bsn_failing_elfproef_stores_nothing(cw: CaseWorld, frozen_clock: FrozenClock) -> None:
    bad = melding(client=PersonIn(bsn="123456789", last_name="Jansen"), crisis=True)
    with pytest.raises(ValidationFailed) as caught, cw.db.tx(cw.tenant_id) as session:
        service.register_melding(session, cw.worker, bad, process_key="cf_minimal")
    fields = {e.field for e in caught.value.errors}
    assert fields == {"client.bsn", "crisisReason"}
    with cw.db.tx(cw.tenant_id) as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 0
        assert session.scalar(select(func.count()).select_from(CaseFile)) == 0
        assert session.scalar(select(func.count()).select_from(Person)) == 0


def test_reading_household_is_logged_per_person(cw: CaseWorld, frozen_clock: FrozenClock) -> None:
    case_id = open_melding(cw)
    with cw.db.tx(cw.tenant_id) as session:
        service.add_household_member(
            session,
            cw.worker,
            case_id,
            HouseholdMemberIn(role="partner", bsn="111222345", last_name="Jansen-Bakker"),
        )
    with cw.db.tx(cw.tenant_id) as session:
        persons = service.list_household(session, cw.worker, case_id)
    assert [p.role for p in persons] == ["client", "partner"]
    with cw.db.tx(cw.tenant_id) as session:
        entries = processing_log_for_person(session, VALID_BSN)
        assert len(entries) == 1
        entry = entries[0]
        assert entry.soort_object_id == "BSN"
        assert entry.gebruiker == "user:sanne"
        assert "adres" in entry.verwerkte_soorten_gegevens
        assert str(entry.case_id) == case_id
        total = session.scalar(select(func.count()).select_from(ProcessingLogEntry))
    assert total == 2


def test_household_changes_show_in_the_same_transaction(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    case_id = open_melding(cw)
    partner = HouseholdMemberIn(role="partner", bsn="111222345", last_name="Jansen-Bakker")
    with cw.db.tx(cw.tenant_id) as session:
        assert [p.role for p in service.list_household(session, cw.worker, case_id)] == ["client"]
        added = service.add_household_member(session, cw.worker, case_id, partner)
        roles = [p.role for p in service.list_household(session, cw.worker, case_id)]
        assert roles == ["client", "partner"]
        service.remove_household_member(session, cw.worker, case_id, added.id)
        assert [p.role for p in service.list_household(session, cw.worker, case_id)] == ["client"]
    with cw.db.tx(cw.tenant_id) as session:
        assert [p.role for p in service.list_household(session, cw.worker, case_id)] == ["client"]
        # the partner was read twice in the first transaction, logged once
        assert len(processing_log_for_person(session, "111222345")) == 1


def test_other_tenant_cannot_see_case_file(cw: CaseWorld, frozen_clock: FrozenClock) -> None:
    case_id = open_melding(cw)
    with pytest.raises(NotFound), cw.db.tx(cw.other_tenant_id) as session:
        service.get_client(session, cw.other, case_id)


def test_first_conversation_meets_term_and_starts_beschikking_term(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    case_id = open_melding(cw)
    with cw.db.tx(cw.tenant_id) as session:
        service.record_first_conversation(session, cw.worker, case_id, date(2026, 3, 10))
        views = {d.kind: d for d in service.list_deadlines(session, cw.worker, case_id)}
    assert views["eerste_gesprek"].signal == "gehaald"
    assert views["beschikking"].due_on == date(2026, 5, 5 + 1)  # 8 weeks lands on 5 May


def test_reading_incomes_is_logged_against_the_client(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    from decimal import Decimal

    from casefiles.schemas import IncomeIn

    case_id = open_melding(cw)
    with cw.db.tx(cw.tenant_id) as session:
        service.add_income(
            session, cw.worker, case_id, IncomeIn(kind="loon", monthly_amount=Decimal("1800"))
        )
    with cw.db.tx(cw.tenant_id) as session:
        assert len(service.list_incomes(session, cw.worker, case_id)) == 1
    with cw.db.tx(cw.tenant_id) as session:  # the log rows go in with the read's commit
        [entry] = processing_log_for_person(session, VALID_BSN)
    assert entry.actie_naam == "Inkomsten inzien"
    assert entry.verwerkte_soorten_gegevens == ["inkomen"]
