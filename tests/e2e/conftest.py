"""Browser tests: one uvicorn server per module on a free loopback port, with a temporary
SQLite data dir, the real BPMN models deployed, and Debian's headless Chromium."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlalchemy.orm import Session, sessionmaker

from api.app import create_app
from api.wiring import migrate
from engine.db import transaction
from engine.identity.actor import system_actor
from engine.identity.service import create_tenant, create_user
from engine.process.registry import deploy_folder
from engine.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BUILD = ROOT / "api" / "static" / "build" / "app.js"
PASSWORD = "Correct-paard-batterij-42"
USERS = {
    "anna": ("Anna de Vries", ["intake", "schuldhulpverlener"]),
    "tom": ("Tom Bakker", ["teamleider", "schuldhulpverlener"]),
    "piet": ("Piet Jansen", ["procesontwerper"]),
    "lotte": ("Lotte Smit", ["schuldhulpverlener"]),
}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class LiveServer:
    url: str
    factory: sessionmaker[Session]
    tenant_id: int


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    if not BUILD.exists():
        pytest.skip("web assets are not built (make install)")
    data_dir = tmp_path_factory.mktemp("web")
    url = f"sqlite:///{data_dir / 'akkoord.db'}"
    migrate(url)
    app = create_app(Settings(data_dir=data_dir, database_url=url, run_scheduler=False))
    factory = app.state.session_factory
    with transaction(factory) as session:
        tenant = create_tenant(session, slug="utrecht", name="Gemeente Utrecht")
        tenant.settings = {"web": {"security_contact": "mailto:security@utrecht.example"}}
        for username, (full_name, roles) in USERS.items():
            create_user(
                session,
                tenant=tenant,
                username=username,
                password=PASSWORD,
                roles=roles,
                full_name=full_name,
            )
        tenant_id = tenant.id
    with transaction(factory, tenant_id) as session:
        deploy_folder(session, system_actor(tenant_id, "test"), ROOT / "bpmn")
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield LiveServer(f"http://127.0.0.1:{port}", factory, tenant_id)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian chromium is not installed (make system-test-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True, locale="nl-NL")
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()


def login(page: Any, server: LiveServer, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{server.url}/login")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """WCAG 2.1 A/AA violations on the current page, found by axe-core."""
    page.evaluate(AXE.read_text())  # through the devtools protocol: the page CSP stays strict
    result = page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations"""
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result
    ]
