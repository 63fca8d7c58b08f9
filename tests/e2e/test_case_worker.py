"""A case worker registers a melding and works through intake; the team lead approves."""

from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from casefiles.schemas import IncomeIn, MeldingIn, PersonIn
from casefiles.service import register_melding
from casefiles.service_finance import add_income, compute_case_vtlb
from engine.db import transaction
from engine.identity.actor import Actor
from engine.identity.roles import Role
from tests.e2e.conftest import LiveServer, axe_violations, login

pytestmark = pytest.mark.browser
ERRORS = re.compile(r"Er (is 1 fout|zijn \d+ fouten) gevonden")


def _answer(page: Any, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def _open_task(page: Any, name: str) -> None:
    page.get_by_role("link", name=name).first.click()
    assert page.get_by_role("heading", name=name, level=1).is_visible()


def _add_income_and_vtlb(server: LiveServer, case_id: str) -> None:
    actor = Actor(server.tenant_id, "user", "test", "test", frozenset({Role.SCHULDHULPVERLENER}))
    with transaction(server.factory, server.tenant_id) as session:
        data = IncomeIn(kind="loon", source="Werkgever BV", monthly_amount=Decimal("1850.00"))
        add_income(session, actor, uuid.UUID(case_id), data)
        compute_case_vtlb(session, actor, uuid.UUID(case_id))


def test_case_worker_registers_a_melding_and_works_through_intake(
    page: Any, live_server: LiveServer
) -> None:
    login(page, live_server, "anna")
    assert page.get_by_text("Laatste keer ingelogd").is_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Nieuwe melding").click()
    page.get_by_role("button", name="Melding registreren").click()
    assert page.get_by_role("heading", name=ERRORS).is_visible()
    assert axe_violations(page) == []  # form with errors

    page.get_by_label("Achternaam").fill("<script>alert(1)</script>Jansen")
    page.get_by_label("Voorletters").fill("J.")
    page.get_by_label("Geboortedatum").fill("1980-04-23")
    page.get_by_role("button", name="Melding registreren").click()
    assert page.get_by_text("De melding is geregistreerd").is_visible()
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .endswith("<script>alert(1)</script>Jansen")
    )
    case_url = page.url.split("?")[0]
    assert axe_violations(page) == []

    _open_task(page, "Melding beoordelen (crisis)")
    page.get_by_role("button", name="Taak afronden").click()
    assert page.get_by_role("heading", name=ERRORS).is_visible()
    assert page.get_by_text("Dit veld is verplicht.").first.is_visible()
    assert axe_violations(page) == []  # task form with errors
    for question in ("Dreigende huisuitzetting", "Dreigende afsluiting", "Dreigende opzegging"):
        _answer(page, question, "Nee")
    page.get_by_label("Afspraak eerste gesprek").fill("2026-12-01T10:00")
    page.get_by_role("button", name="Taak afronden").click()
    assert page.get_by_text(
        "De taak is afgerond. Volgende stap: Eerste gesprek voeren"
    ).is_visible()

    # the process made the letters; the case worker downloads one
    link = page.get_by_role("link", name=re.compile("Uitnodiging|Ontvangstbevestiging")).first
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".pdf")

    _open_task(page, "Eerste gesprek voeren")
    page.get_by_label("Datum").first.fill("2026-12-01")
    page.get_by_label("Vervolg").select_option("aanvraag")
    page.get_by_role("button", name="Taak afronden").click()
    assert page.get_by_text("Volgende stap: Screening en voorlegger").is_visible()

    _open_task(page, "Screening en voorlegger")
    page.get_by_role("button", name="Regel toevoegen").click()
    page.get_by_label("Stuk").select_option("identiteitsbewijs")
    page.get_by_label("Status").select_option("ontvangen")
    page.get_by_label("Uitkomst screening").select_option("compleet")
    page.get_by_role("button", name="Taak afronden").click()
    assert page.get_by_text("Volgende stap: Beschikking voorbereiden").is_visible()

    _open_task(page, "Beschikking voorbereiden")
    page.get_by_label("Besluit").select_option("toelating")
    page.get_by_label("Grond").fill("Problematische schulden, aanvraag compleet.")
    if page.get_by_label("Traject").count():
        page.get_by_label("Traject").select_option("schuldregeling")
    page.get_by_role("button", name="Taak afronden").click()
    assert page.get_by_text("Volgende stap: Beschikking goedkeuren").is_visible()

    _add_income_and_vtlb(live_server, case_url.rsplit("/", 1)[1])
    page.goto(case_url)
    vtlb = page.get_by_role("table", name=re.compile("VTLB-berekening"))
    assert vtlb.get_by_text("Aflosruimte per maand").is_visible()
    assert vtlb.get_by_role("row").count() > 3

    # the team lead works in the same journey: in another module worker the case is missing
    lead = page.context.browser.new_context(locale="nl-NL")
    try:
        _team_lead_approves_the_beschikking(lead.new_page(), live_server)
    finally:
        lead.close()


def _team_lead_approves_the_beschikking(page: Any, live_server: LiveServer) -> None:
    login(page, live_server, "tom")
    page.get_by_role("link", name="Goedkeuringen").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Beschikking goedkeuren").first.click()
    _answer(page, "Goedgekeurd", "Ja")
    page.get_by_role("button", name="Taak afronden").click()
    assert page.get_by_text("De taak is afgerond.").is_visible()
    page.get_by_role("link", name="Goedkeuringen").click()
    assert page.get_by_text("Geen taken.").is_visible()


def _case_with_budget_plan(server: LiveServer) -> str:
    """A registered case (no process) with one income and a computed VTLB."""
    actor = Actor(server.tenant_id, "user", "seed", "seed", frozenset({Role.SCHULDHULPVERLENER}))
    melding = MeldingIn(
        meldingsdatum=date(2026, 1, 5), channel="persoon", client=PersonIn(last_name="Visser")
    )
    with transaction(server.factory, server.tenant_id) as session:
        case_id = str(register_melding(session, actor, melding, start=False).case_id)
    _add_income_and_vtlb(server, case_id)
    return case_id


def _amount(page: Any, row: str) -> str:
    vtlb = page.get_by_role("table", name=re.compile("VTLB-berekening"))
    return str(vtlb.get_by_role("row", name=re.compile(row)).get_by_role("cell").last.inner_text())


def test_case_worker_adds_an_income_and_a_debt_on_the_case_page(
    page: Any, live_server: LiveServer
) -> None:
    case_id = _case_with_budget_plan(live_server)
    login(page, live_server, "lotte")
    page.goto(f"{live_server.url}/zaken/{case_id}")
    assert _amount(page, "Netto inkomen") == "€ 1.850,00"

    page.get_by_role("link", name="Inkomen toevoegen").click()
    page.get_by_role("button", name="Inkomen toevoegen").click()
    assert page.get_by_role("heading", name=ERRORS).is_visible()
    assert axe_violations(page) == []  # case file form with errors
    page.get_by_label("Soort inkomen").select_option("uitkering")
    page.get_by_label("Bedrag per maand").fill("250,00")
    page.get_by_role("button", name="Inkomen toevoegen").click()
    assert page.get_by_text("De wijziging is opgeslagen.").is_visible()
    assert _amount(page, "Netto inkomen") == "€ 2.100,00"

    page.get_by_role("link", name="Nieuwe schuldeiser registreren").click()
    assert axe_violations(page) == []
    page.get_by_label("Naam schuldeiser").fill("Waterbedrijf Oost")
    page.get_by_label("Soort schuldeiser").select_option("drinkwater")
    page.get_by_role("button", name="Schuldeiser opslaan").click()
    chosen = page.get_by_role("combobox", name="Schuldeiser")
    assert chosen.locator("option:checked").inner_text() == "Waterbedrijf Oost"
    page.get_by_label("Gevorderd bedrag").fill("1.234,56")
    page.get_by_role("button", name="Schuld toevoegen").click()
    debts = page.get_by_role("table").filter(has_text="Gevorderd")
    assert debts.get_by_role("row", name=re.compile("Waterbedrijf Oost")).is_visible()
    negotiation = page.locator("section", has=page.get_by_role("heading", name="Onderhandeling"))
    assert negotiation.get_by_text("nog geen voorstel").is_visible()
    assert axe_violations(page) == []


def test_team_lead_sees_the_team_page(page: Any, live_server: LiveServer) -> None:
    login(page, live_server, "tom")
    page.get_by_role("link", name="Team").click()
    assert page.get_by_role("heading", name="Caseload per medewerker").is_visible()
    assert page.get_by_role("row", name=re.compile("Lotte Smit")).is_visible()
    assert axe_violations(page) == []
