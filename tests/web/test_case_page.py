"""The case page: everything of the case file on one page, read in a bounded number of
statements, every read of personal data logged, the timeline paged."""

from __future__ import annotations

import uuid
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from api.web.cases import DOCUMENTS_SHOWN
from casefiles import service
from casefiles.models import Person
from casefiles.schemas import CreditorIn, DebtIn, ExpenseIn, HouseholdMemberIn, IncomeIn
from casefiles.service_persons import PERSON_DATA
from documents.models import Document
from engine.audit.processing_log import ProcessingLogEntry
from engine.identity.actor import Actor
from engine.identity.models import User
from engine.identity.service import user_actor
from tests.conftest import sent_statements
from tests.security.web_world import WebWorld, login

# What the page needs whatever the size of the case file: the web session, the case with its
# case file, persons, incomes, expenses, debts with creditors, terms, VTLB, the processing
# log insert, tasks, process instance, timeline and documents (with room for one more).
MAX_STATEMENTS = 15


@pytest.fixture
def anna(world: WebWorld) -> Actor:
    login(world.client, "anna")
    with world.db.tx() as session:
        return user_actor(session.scalars(select(User).filter_by(username="anna")).one())


def counted(world: WebWorld) -> AbstractContextManager[list[str]]:
    return sent_statements(world.db.engine)


def _grow_case_file(world: WebWorld, anna: Actor, creditors: list[str], children: int) -> None:
    """Add a child per ``children``, a claim per creditor name, an income and an expense;
    ask every creditor for its balance and build the proposal."""
    case_id = uuid.UUID(world.case_a)
    with world.db.tx(anna.tenant_id) as session:
        for i in range(children):
            child = HouseholdMemberIn(role="child", last_name="Bakker", initials=f"K{i}")
            service.add_household_member(session, anna, case_id, child)
        for name in creditors:
            row = service.create_creditor(session, anna, CreditorIn(name=name))
            debt = DebtIn(creditor_id=row.id, claimed_amount=Decimal("450.00"))
            service.add_debt(session, anna, case_id, debt)
        income = IncomeIn(kind="loon", source=f"Werkgever {len(creditors)}", monthly_amount=2100)
        service.add_income(session, anna, case_id, income)
        service.add_expense(session, anna, case_id, ExpenseIn(kind="huur", monthly_amount=850))
        service.request_balances(session, anna, case_id)
        service.build_proposal(session, anna, case_id)


def _open_page(world: WebWorld, path: str = "") -> tuple[str, int]:
    """The case page's HTML and the number of statements it took."""
    with counted(world) as statements:
        answer = world.client.get(f"/zaken/{world.case_a}{path}")
    assert answer.status_code == 200
    return answer.text, len(statements)


def test_case_page_shows_the_case_file(world: WebWorld, anna: Actor) -> None:
    _grow_case_file(world, anna, ["Eneco", "Woonstad"], children=1)
    page, _ = _open_page(world)
    for shown in ("K0 Bakker", "Werkgever 2", "Eneco", "Woonstad", "saldo opgevraagd"):
        assert shown in page
    assert "Aflosruimte per maand" in page  # the VTLB lines
    assert "Reactie schuldeisers op saldoverzoek" in page  # the open term
    assert "nog geen voorstel" not in page  # each claim shows its share of the proposal
    assert page.count("% = € ") == 2


def test_case_page_statements_do_not_grow_with_the_case_file(world: WebWorld, anna: Actor) -> None:
    _grow_case_file(world, anna, ["Eneco"], children=0)
    _open_page(world)  # the session's first request may note the last-seen time
    _, small = _open_page(world)
    _grow_case_file(world, anna, ["Vitens", "Ymere", "Belastingdienst", "CZ"], children=3)
    page, large = _open_page(world)
    assert "Belastingdienst" in page and "K2 Bakker" in page
    assert large == small
    assert large <= MAX_STATEMENTS


def test_case_page_logs_each_read_of_personal_data(world: WebWorld, anna: Actor) -> None:
    _grow_case_file(world, anna, ["Eneco"], children=1)
    with world.db.tx(anna.tenant_id) as session:
        before = session.scalar(select(func.count()).select_from(ProcessingLogEntry))
    _open_page(world)
    with world.db.tx(anna.tenant_id) as session:
        entries = session.scalars(
            select(ProcessingLogEntry).order_by(ProcessingLogEntry.tijdstip).offset(before)
        ).all()
        persons = session.scalars(select(Person).filter_by(case_id=uuid.UUID(world.case_a)))
        ids = {p.role: p.bsn or str(p.id) for p in persons}
    logged = {(e.actie_naam, e.object_id, e.betrokkenheid) for e in entries}
    assert logged == {
        ("Huishouden inzien", ids["client"], "client"),
        ("Huishouden inzien", ids["child"], "child"),
        ("Inkomsten inzien", ids["client"], "client"),
        ("Uitgaven inzien", ids["client"], "client"),
    }
    kinds = {e.actie_naam: e.verwerkte_soorten_gegevens for e in entries}
    assert kinds == {
        "Huishouden inzien": PERSON_DATA,
        "Inkomsten inzien": ["inkomen"],
        "Uitgaven inzien": ["uitgaven"],
    }
    for entry in entries:
        assert entry.gebruiker == anna.label
        assert str(entry.case_id) == world.case_a
        assert entry.verwerkingsactiviteit_id == "schuldhulpverlening-dossier-inzien"


def test_timeline_shows_fifty_events_and_pages_to_older_ones(world: WebWorld, anna: Actor) -> None:
    _grow_case_file(world, anna, [f"Schuldeiser {i:02}" for i in range(30)], children=0)
    first, _ = _open_page(world)
    assert first.count('<li class="utrecht-ordered-list__item"><time') == 50
    link = first.split('href="/zaken/')[-1].split('"')[0]
    assert "tijdlijn_voor=" in link and "Eerdere gebeurtenissen" in first
    older, _ = _open_page(world, "?" + link.split("?", 1)[1].split("#")[0])
    assert "Melding geregistreerd" in older and "Melding geregistreerd" not in first
    assert "Eerdere gebeurtenissen" not in older


@pytest.mark.parametrize("position", ["abc", "0", "-3"])
def test_a_bad_timeline_position_is_refused(world: WebWorld, anna: Actor, position: str) -> None:
    answer = world.client.get(f"/zaken/{world.case_a}?tijdlijn_voor={position}")
    assert answer.status_code == 400
    assert "tijdlijn" in answer.text


def test_a_long_running_case_lists_its_newest_fifty_documents(world: WebWorld, anna: Actor) -> None:
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    with world.db.tx(anna.tenant_id) as session:
        for month in range(DOCUMENTS_SHOWN + 2):
            session.add(_monitoring_letter(anna, uuid.UUID(world.case_a), month, start))
    page, _ = _open_page(world)
    assert page.count("Maandoverzicht ") == DOCUMENTS_SHOWN
    assert "Maandoverzicht 51 " in page and "Maandoverzicht 2 " in page
    assert "Maandoverzicht 1 " not in page and "Maandoverzicht 0 " not in page
    assert "De 50 nieuwste documenten" in page


def _monitoring_letter(anna: Actor, case_id: uuid.UUID, month: int, start: datetime) -> Document:
    """A stored monthly monitoring letter (the page lists the register, not the bytes)."""
    return Document(
        tenant_id=anna.tenant_id,
        case_id=case_id,
        doc_type="maandoverzicht",
        title=f"Maandoverzicht {month} ",
        version=month + 1,
        format="pdf",
        media_type="application/pdf",
        filename=f"maandoverzicht-{month}.pdf",
        size=1,
        sha256="0" * 64,
        storage_key=f"test/{month}",
        created_by=anna.label,
        created_at=start + timedelta(days=30 * month),
    )
