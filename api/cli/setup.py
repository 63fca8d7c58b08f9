"""``akkoord init`` and ``akkoord serve``: from an empty data dir to a running service."""

from __future__ import annotations

import importlib
import logging
import os
import secrets
import threading
import time
from typing import Annotated

import typer
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.cli.core import app, console, load_settings, open_factory, reported_errors, tenant_ids
from engine.cases.models import Case
from engine.db import make_engine, transaction
from engine.errors import NotFound
from engine.identity.actor import system_actor
from engine.identity.roles import Role
from engine.identity.service import create_tenant, create_user, get_tenant_by_slug
from engine.process.registry import deploy_folder
from engine.settings import Settings

DEMO_TENANT = "demo"
DEMO_ADMIN = "admin"
log = logging.getLogger("akkoord.scheduler")


@app.command()
def init(
    no_demo: Annotated[bool, typer.Option("--no-demo", help="Create no demo tenant")] = False,
) -> None:
    """Migrate the database, deploy the process models and create the demo tenant.

    Safe to run again: it only does what is missing and says when nothing changed.
    """
    settings = load_settings()
    with reported_errors():
        changes = [*_migrate(settings)]
        factory = open_factory(settings)
        if not no_demo:
            changes += _demo_tenant(factory)
        changes += _deploy_everywhere(factory, settings)
        if not no_demo and _demo_is_empty(factory):
            changes += _seed_demo(factory)
    if changes:
        for change in changes:
            console.print(f"[green]✓[/] {change}", highlight=False)
    else:
        console.print("Nothing to do: database, process models and demo tenant are up to date.")


def _migrate(settings: Settings) -> list[str]:
    from api.wiring import migrate

    url = settings.effective_database_url
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    before = _revisions(url)
    migrate(url)
    return [] if _revisions(url) == before else [f"database migrated ({_safe_url(settings)})"]


def _revisions(url: str) -> set[str]:
    db_engine = make_engine(url)
    try:
        with db_engine.connect() as conn:
            return set(MigrationContext.configure(conn).get_current_heads())
    finally:
        db_engine.dispose()


def _safe_url(settings: Settings) -> str:
    # Never print a database password.
    return settings.effective_database_url.split("@")[-1]


def _demo_tenant(factory: sessionmaker[Session]) -> list[str]:
    with transaction(factory) as session:
        try:
            get_tenant_by_slug(session, DEMO_TENANT)
            return []
        except NotFound:
            pass  # first run: create it below
        tenant = create_tenant(session, slug=DEMO_TENANT, name="Demogemeente")
        password = secrets.token_urlsafe(12)
        create_user(
            session,
            tenant=tenant,
            username=DEMO_ADMIN,
            password=password,
            roles=[r.value for r in Role],
            full_name="Beheerder (demo)",
        )
    return [
        f"demo tenant {DEMO_TENANT!r} created; log in as {DEMO_ADMIN!r} with password "
        f"{password}  (shown only now)"
    ]


def _deploy_everywhere(factory: sessionmaker[Session], settings: Settings) -> list[str]:
    if not settings.bpmn_dir.is_dir():
        return []
    changes = []
    for tenant_id, slug in tenant_ids(factory):
        with transaction(factory, tenant_id) as session:
            results = deploy_folder(session, system_actor(tenant_id, "init"), settings.bpmn_dir)
        created = [f"{r.key} v{r.version}" for r in results if r.created]
        if created:
            changes.append(f"{slug}: deployed {', '.join(created)}")
    return changes


def _demo_is_empty(factory: sessionmaker[Session]) -> bool:
    [(tenant_id, _slug)] = tenant_ids(factory, DEMO_TENANT)
    with transaction(factory, tenant_id) as session:
        return session.scalar(select(Case.id).limit(1)) is None


def _seed_demo(factory: sessionmaker[Session]) -> list[str]:
    """Demo cases from ``casefiles.demo.seed_demo(factory, tenant) -> list[str]`` if present.

    Called only while the demo tenant has no cases, so a second init adds nothing (and a
    failed seeding is tried again).
    """
    try:
        module = importlib.import_module("casefiles.demo")
    except ModuleNotFoundError:
        return []
    seed = getattr(module, "seed_demo", None)
    if seed is None:
        return []
    with console.status("Seeding demo cases..."):
        seeded = seed(factory, DEMO_TENANT)
    if isinstance(seeded, dict):  # older shape: cases per stage
        return [f"{DEMO_TENANT}: {sum(seeded.values())} demo cases seeded"]
    return [f"{DEMO_TENANT}: {line}" for line in seeded or []]


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on")] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Worker processes (default: one per CPU core)")
    ] = None,
) -> None:
    """Serve the API and web UI with the timer scheduler in this process (once, whatever
    the number of workers: each worker builds the app from the same environment)."""
    import uvicorn

    from api.app import create_app

    settings = load_settings()
    with reported_errors():
        web = create_app(settings)
    _log_to_console()
    stop = threading.Event()
    if settings.run_scheduler:
        start_scheduler(web.state.session_factory, settings.scheduler_interval_seconds, stop)
    console.print(f"Akkoord on http://{host or settings.host}:{port or settings.port}/api/v1/docs")
    try:
        uvicorn.run(
            "api.app:create_app",
            factory=True,
            host=host or settings.host,
            port=port or settings.port,
            workers=workers or os.cpu_count() or 1,  # one process uses one core (the GIL)
            server_header=False,  # do not advertise the server software
        )
    finally:
        stop.set()


def _log_to_console() -> None:
    # uvicorn configures only its own loggers; show ours (scheduler, unhandled errors) too.
    logger = logging.getLogger("akkoord")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def start_scheduler(
    factory: sessionmaker[Session], interval: float, stop: threading.Event
) -> threading.Thread:
    """Fire due timers every ``interval`` seconds and the domains' periodic jobs (retention)
    at their own pace, until ``stop`` is set."""
    from api.wiring import scheduled_jobs
    from engine.process.runtime import run_due_timers

    jobs = scheduled_jobs() if factory is not None else []
    last_run: dict[str, float] = {}

    def run_jobs() -> None:
        for name, job, every in jobs:
            if time.monotonic() - last_run.get(name, float("-inf")) >= every:
                last_run[name] = time.monotonic()
                job(factory)

    def loop() -> None:
        while not stop.wait(interval):
            try:
                fired = run_due_timers(factory)
                if fired:
                    log.info("fired timers of %d process instance(s)", fired)
                run_jobs()
            except Exception:
                # keep scheduling: one bad run must not stop every later timer
                log.exception("scheduled run failed")

    thread = threading.Thread(target=loop, name="akkoord-scheduler", daemon=True)
    thread.start()
    return thread
