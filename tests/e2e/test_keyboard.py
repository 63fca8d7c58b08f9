"""Keyboard only: skip link, log in, open the work queue, claim a task, log out."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from casefiles.schemas import MeldingIn, PersonIn
from casefiles.service import register_melding
from engine.db import transaction
from engine.identity.actor import Actor
from engine.identity.roles import Role
from tests.e2e.conftest import PASSWORD, LiveServer, login

pytestmark = pytest.mark.browser


def _focused(page: Any) -> str:
    return str(
        page.evaluate(
            """() => { const e = document.activeElement;
            return (e.labels && e.labels[0] ? e.labels[0].innerText : '') + '|' + e.innerText; }"""
        )
    )


def tab_to(page: Any, text: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if text in _focused(page):
            return
    raise AssertionError(f"no focusable element with {text!r} reached by Tab")


def test_every_step_by_keyboard(page: Any, live_server: LiveServer) -> None:
    intake = Actor(live_server.tenant_id, "user", "seed", "seed", frozenset({Role.INTAKE}))
    with transaction(live_server.factory, live_server.tenant_id) as session:
        melding = MeldingIn(
            meldingsdatum=date(2026, 1, 5), channel="persoon", client=PersonIn(last_name="Toets")
        )
        register_melding(session, intake, melding)

    page.goto(f"{live_server.url}/login")
    page.keyboard.press("Tab")
    assert "Naar de inhoud" in _focused(page)
    tab_to(page, "Gebruikersnaam")
    page.keyboard.type("anna")
    tab_to(page, "Wachtwoord")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Laatste keer ingelogd")).to_be_visible()

    tab_to(page, "Werkvoorraad")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Werkvoorraad")).to_be_visible()
    tab_to(page, "Oppakken")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Teruggeven").first).to_be_visible()

    tab_to(page, "Uitloggen")
    page.keyboard.press("Enter")
    expect(page.get_by_text("U bent uitgelogd.")).to_be_visible()


def test_case_file_is_edited_by_keyboard(page: Any, live_server: LiveServer) -> None:
    worker = Actor(live_server.tenant_id, "user", "seed", "seed", frozenset({Role.INTAKE}))
    with transaction(live_server.factory, live_server.tenant_id) as session:
        melding = MeldingIn(
            meldingsdatum=date(2026, 1, 5), channel="persoon", client=PersonIn(last_name="Toets")
        )
        case_id = register_melding(session, worker, melding, start=False).case_id
    login(page, live_server, "anna")
    expect(page.get_by_text("Laatste keer ingelogd")).to_be_visible()
    page.goto(f"{live_server.url}/zaken/{case_id}")

    tab_to(page, "Inkomen toevoegen", limit=150)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Inkomen toevoegen")).to_be_visible()
    tab_to(page, "Soort inkomen")
    page.keyboard.type("Loon")
    tab_to(page, "Bedrag per maand")
    page.keyboard.type("100")
    page.keyboard.press("Enter")
    expect(page.get_by_text("De wijziging is opgeslagen.")).to_be_visible()

    page.once("dialog", lambda dialog: dialog.accept())  # the "are you sure" question
    tab_to(page, "Verwijderen", limit=150)
    page.keyboard.press("Enter")
    expect(page.get_by_text("De wijziging is opgeslagen.")).to_be_visible()
    expect(page.get_by_text("Nog niets vastgelegd.")).to_be_visible()
