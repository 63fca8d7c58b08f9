"""``akkoord retention``: due cases, destruction lists from proposal to verklaring, holds."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.cli.core import reported_errors
from engine.db import make_engine, make_session_factory, transaction
from engine.errors import NotFound
from engine.identity.actor import Actor
from engine.identity.models import User
from engine.identity.service import get_tenant_by_slug, user_actor

app = typer.Typer(
    help="Archive retention: due cases, destruction lists, legal holds.", no_args_is_help=True
)
console = Console()
T = TypeVar("T")

TenantOpt = Annotated[str, typer.Option("--tenant", "-t", help="tenant slug")]
UserOpt = Annotated[str, typer.Option("--as", help="your username (the acting person)")]


@cache
def _factory() -> sessionmaker[Session]:
    from api.wiring import load_domains
    from engine.settings import get_settings

    load_domains()
    return make_session_factory(make_engine(get_settings().effective_database_url))


def _tenant_id(slug: str) -> int:
    with transaction(_factory()) as session:
        return get_tenant_by_slug(session, slug).id


@contextmanager
def _session(slug: str, username: str | None = None) -> Iterator[tuple[Session, Actor | None]]:
    tenant_id = _tenant_id(slug)
    with transaction(_factory(), tenant_id) as session:
        actor = None
        if username:
            user = session.scalars(select(User).where(User.username == username)).first()
            if user is None or not user.active:
                raise NotFound(f"no active user {username!r} in tenant {slug!r}")
            actor = user_actor(user)
        yield session, actor


def _run(fn: Callable[[], T]) -> T:
    with reported_errors():
        return fn()


def _need(actor: Actor | None) -> Actor:
    assert actor is not None
    return actor


@app.command()
def due(
    tenant: TenantOpt,
    process: str | None = None,
    klasse: Annotated[
        str | None, typer.Option("--class", help="selectielijst class, e.g. 8.4.1")
    ] = None,
    on: Annotated[str | None, typer.Option(help="YYYY-MM-DD (default today)")] = None,
    limit: int = 50,
) -> None:
    """Cases whose archiefactiedatum passed, not held and not on a list."""
    from retention.service import count_due, due_cases, parse_date

    def work() -> None:
        tenant_id = _tenant_id(tenant)
        with _session(tenant) as (session, _a):
            day = parse_date(on, "on") if on else None
            rows = due_cases(
                session,
                tenant_id,
                on=day,
                process_key=process,
                selectielijstklasse=klasse,
                limit=limit,
            )
            total = (
                None
                if process
                else count_due(session, tenant_id, on=day, selectielijstklasse=klasse)
            )
        table = Table("Zaak", "Proces", "Resultaat", "Klasse", "Archiefactiedatum")
        for archive, case in rows:
            table.add_row(
                case.reference,
                case.process_key,
                case.result or "",
                archive.selectielijstklasse or "",
                str(archive.archiefactiedatum),
            )
        console.print(table)
        shown = f"{total} case(s) due for destruction" if total is not None else ""
        console.print(shown or f"{len(rows)} case(s) due for destruction (first {limit})")

    _run(work)


@app.command()
def propose(
    tenant: TenantOpt,
    user: UserOpt,
    name: Annotated[str, typer.Option()],
    process: str | None = None,
    klasse: Annotated[str | None, typer.Option("--class")] = None,
    case: Annotated[list[str] | None, typer.Option(help="case id (repeatable)")] = None,
    limit: int | None = None,
    submit: bool = True,
) -> None:
    """Propose a destruction list from the due cases (all, filtered, or the given ones)."""
    from retention import lists

    def work() -> None:
        with _session(tenant, user) as (session, actor):
            dlist = lists.create_list(
                session,
                _need(actor),
                name=name,
                process_key=process,
                selectielijstklasse=klasse,
                limit=limit,
                submit=submit,
                case_ids=[uuid.UUID(c) for c in case] if case else None,
            )
            count = len(lists.list_items(session, dlist.id))
            console.print(f"list {dlist.id} '{dlist.name}': {count} case(s), {dlist.status}")

    _run(work)


@app.command()
def review(
    tenant: TenantOpt,
    user: UserOpt,
    list_id: str,
    accept: Annotated[bool, typer.Option("--accept/--request-changes")] = True,
    comment: str = "",
    item: Annotated[
        list[str] | None, typer.Option(help="CASE_ID=reason: feedback on one case (repeatable)")
    ] = None,
) -> None:
    """Review a list as reviewer: accept it, or request changes per case."""
    from retention import lists

    feedback = dict(i.split("=", 1) for i in item or [] if "=" in i)

    def work() -> None:
        with _session(tenant, user) as (session, actor):
            dlist = lists.get_list(session, list_id)
            lists.review(
                session, _need(actor), dlist, accept=accept, comment=comment, item_feedback=feedback
            )
            console.print(f"list '{dlist.name}' is now {dlist.status}")

    _run(work)


@app.command()
def remove(
    tenant: TenantOpt,
    user: UserOpt,
    list_id: str,
    case_id: str,
    reason: str,
    new_date: Annotated[str | None, typer.Option("--date")] = None,
    klasse: Annotated[str | None, typer.Option("--class")] = None,
) -> None:
    """(Author) take a case off a list, giving its new archive date or class."""
    from retention import lists
    from retention.service import parse_date

    def work() -> None:
        with _session(tenant, user) as (session, actor):
            lists.remove_item(
                session,
                _need(actor),
                lists.get_list(session, list_id),
                uuid.UUID(case_id),
                reason=reason,
                selectielijstklasse=klasse,
                archiefactiedatum=parse_date(new_date, "date") if new_date else None,
            )
            console.print("removed")

    _run(work)


@app.command()
def submit(tenant: TenantOpt, user: UserOpt, list_id: str) -> None:
    """(Author) send a list to the reviewer again, or on to the archivist once reviewed."""
    from retention import lists

    def work() -> None:
        with _session(tenant, user) as (session, actor):
            dlist = lists.get_list(session, list_id)
            if dlist.status == "internally_reviewed":
                lists.submit_to_archivist(session, _need(actor), dlist)
            else:
                lists.submit_for_review(session, _need(actor), dlist)
            console.print(f"list '{dlist.name}' is now {dlist.status}")

    _run(work)


@app.command()
def approve(
    tenant: TenantOpt,
    user: UserOpt,
    list_id: str,
    accept: Annotated[bool, typer.Option("--accept/--reject")] = True,
    comment: str = "",
) -> None:
    """(Archivist) approve a list: destruction is planned after the waiting period."""
    from retention import lists

    def work() -> None:
        with _session(tenant, user) as (session, actor):
            dlist = lists.get_list(session, list_id)
            lists.approve(session, _need(actor), dlist, accept=accept, comment=comment)
            when = dlist.planned_destruction_at
            console.print(
                f"list '{dlist.name}' is now {dlist.status}"
                + (f"; destruction from {when:%Y-%m-%d %H:%M} UTC" if when else "")
            )

    _run(work)


@app.command()
def execute(tenant: TenantOpt, list_id: str, chunk_size: int = 100) -> None:
    """Destroy the cases of an approved list (resumable; safe to run again after a crash)."""
    from retention.executor import execute_list

    def work() -> None:
        tenant_id = _tenant_id(tenant)
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
        ) as bar:
            task = bar.add_task("destroying", total=None)
            report = execute_list(
                _factory(),
                tenant_id,
                uuid.UUID(list_id),
                chunk_size=chunk_size,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        console.print(f"destroyed {report.destroyed}, failed {report.failed}: {report.status}")
        for reference, error in report.errors.items():
            console.print(f"  [red]{reference}[/red]: {error}")

    _run(work)


@app.command()
def report(
    tenant: TenantOpt,
    list_id: str,
    output: Annotated[Path, typer.Option("--output", "-o")],
    fmt: Annotated[str, typer.Option("--format", help="csv, xlsx or pdf")] = "pdf",
) -> None:
    """Write the verklaring van vernietiging of an executed list."""
    from retention.report import render_verklaring

    def work() -> None:
        with _session(tenant) as (session, _a):
            content, _media = render_verklaring(session, list_id, fmt)
        output.write_bytes(content)
        console.print(f"wrote {output} ({len(content)} bytes)")

    _run(work)


@app.command(name="lists")
def show_lists(tenant: TenantOpt, status: str | None = None) -> None:
    """Destruction lists with their status and counts."""
    from retention import lists

    def work() -> None:
        with _session(tenant) as (session, _a):
            table = Table("Id", "Naam", "Status", "Auteur", "Aantallen")
            for dlist in lists.list_lists(session, status=status, limit=200):
                counts: dict[str, Any] = lists.count_items(session, dlist.id)
                table.add_row(
                    str(dlist.id),
                    dlist.name,
                    dlist.status,
                    dlist.author_name,
                    ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())),
                )
        console.print(table)

    _run(work)


@app.command()
def hold(
    tenant: TenantOpt,
    user: UserOpt,
    case_id: str,
    kind: Annotated[str, typer.Option(help="bezwaar, beroep, rechtszaak or onderzoek")] = "",
    reason: str = "",
    release: Annotated[str | None, typer.Option(help="hold id to release")] = None,
) -> None:
    """Place a legal hold on a case (or release one with --release HOLD_ID)."""
    from retention.holds import active_holds, place_hold, release_hold

    def work() -> None:
        with _session(tenant, user) as (session, actor):
            if release:
                release_hold(session, _need(actor), uuid.UUID(release), reason=reason)
                console.print("hold released")
                return
            found = place_hold(session, _need(actor), uuid.UUID(case_id), kind=kind, reason=reason)
            count = len(active_holds(session, found.case_id))
            console.print(f"hold {found.id} placed; the case has {count} active hold(s)")

    _run(work)
