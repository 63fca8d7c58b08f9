"""Lockout after five wrong passwords, logout, and the process designer round trip."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ROOT, LiveServer, axe_violations, login

pytestmark = pytest.mark.browser


def test_five_wrong_passwords_lock_the_account(page: Any, live_server: LiveServer) -> None:
    page.goto(f"{live_server.url}/login")
    assert axe_violations(page) == []
    for _ in range(5):
        login(page, live_server, "lotte", "verkeerd-wachtwoord")
        assert page.get_by_role("alert").is_visible()
    assert page.get_by_text("tijdelijk geblokkeerd").is_visible()
    assert axe_violations(page) == []  # login page with an error
    login(page, live_server, "lotte")  # the right password does not help while locked
    assert page.get_by_text("tijdelijk geblokkeerd").is_visible()
    assert page.url.startswith(f"{live_server.url}/login")


def test_logout_ends_access(page: Any, live_server: LiveServer) -> None:
    login(page, live_server, "anna")
    page.get_by_role("link", name="Werkvoorraad").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Zaken zoeken").click()
    page.get_by_label("Naam").fill("Jansen")
    page.get_by_role("button", name="Zoeken").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Werkvoorraad").click()  # back then returns to a GET page
    page.get_by_role("button", name="Uitloggen").click()
    assert page.get_by_text("U bent uitgelogd.").is_visible()
    page.go_back()
    page.goto(f"{live_server.url}/werkvoorraad")
    assert page.get_by_role("heading", name="Inloggen").is_visible()


def test_designer_breaks_a_model_sees_the_error_fixes_and_deploys(
    page: Any, live_server: LiveServer, tmp_path: Path
) -> None:
    original = (ROOT / "bpmn" / "schuldhulp.bpmn").read_text()
    broken = tmp_path / "schuldhulp.bpmn"
    broken.write_text(original.replace('"casefiles.record_preparer"', '"casefiles.bestaat_niet"'))
    fixed = tmp_path / "schuldhulp_fixed.bpmn"
    fixed.write_text(
        original.replace('name="Beschikking voorbereiden"', 'name="Beschikking opstellen"')
    )

    login(page, live_server, "piet")
    page.get_by_role("link", name="Processen").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name=re.compile("Openen schuldhulp versie 1")).click()
    page.locator(".djs-element").first.wait_for()

    page.get_by_label("Model uit een bestand laden").set_input_files(str(broken))
    expect(page.get_by_text("geladen")).to_be_visible()
    page.get_by_role("button", name="Valideren").click()
    expect(page.get_by_text("Het model bevat fouten.")).to_be_visible()
    expect(
        page.get_by_text(re.compile("opsteller_vastleggen: .*casefiles.bestaat_niet"))
    ).to_be_visible()
    expect(page.locator(".akkoord-error")).to_have_count(1)  # the broken task is marked
    page.screenshot(path="/tmp/designer.png", full_page=True)

    page.get_by_label("Model uit een bestand laden").set_input_files(str(fixed))
    page.get_by_role("button", name="Valideren").click()
    expect(page.get_by_text("Het model is geldig.")).to_be_visible()
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text(re.compile(r"Gepubliceerd: .*schuldhulp versie 2[,.]"))).to_be_visible()
    page.get_by_role("link", name="Processen").first.click()
    expect(page.get_by_role("link", name=re.compile("Openen schuldhulp versie 2"))).to_be_visible()
