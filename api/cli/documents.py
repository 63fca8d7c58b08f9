"""``akkoord documents``: render a case's letter to a file, list the register, check templates."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.cli.core import reported_errors
from engine.db import make_engine, make_session_factory, transaction
from engine.errors import NotFound
from engine.identity.actor import Actor, system_actor
from engine.identity.models import User
from engine.identity.service import get_tenant_by_slug, user_actor

app = typer.Typer(help="Letters and decisions: render, register, templates.", no_args_is_help=True)
console = Console()
T = TypeVar("T")

TenantOpt = Annotated[str, typer.Option("--tenant", "-t", help="tenant slug")]
UserOpt = Annotated[str | None, typer.Option("--as", help="your username (default: system)")]
CaseOpt = Annotated[str, typer.Option("--case", "-c", help="case reference or id")]
TypeOpt = Annotated[str, typer.Option("--type", help="letter type, e.g. betaalvoorstel")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="pdf, odt or docx")]


@cache
def _factory() -> sessionmaker[Session]:
    from api.wiring import load_domains
    from engine.settings import get_settings

    load_domains()
    return make_session_factory(make_engine(get_settings().effective_database_url))


@contextmanager
def _session(slug: str, username: str | None) -> Iterator[tuple[Session, Actor]]:
    with transaction(_factory()) as session:
        tenant_id = get_tenant_by_slug(session, slug).id
    with transaction(_factory(), tenant_id) as session:
        actor = system_actor(tenant_id, "cli")
        if username:
            user = session.scalars(select(User).where(User.username == username)).first()
            if user is None or not user.active:
                raise NotFound(f"no active user {username!r} in tenant {slug!r}")
            actor = user_actor(user)
        yield session, actor


def _run(fn: Callable[[], T]) -> T:
    with reported_errors():
        return fn()


def _case_id(session: Session, case: str) -> uuid.UUID:
    from engine.cases.models import Case

    try:
        return uuid.UUID(case)
    except ValueError:
        found = session.scalars(select(Case.id).where(Case.reference == case)).first()
        if found is None:
            raise NotFound(f"no case {case!r}") from None
        return found


def _options(pairs: list[str], **named: Any) -> dict[str, Any]:
    options = {k: v for k, v in named.items() if v is not None}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise typer.BadParameter(f"--option wants key=value, got {pair!r}")
        options[key.strip()] = value.strip()
    return options


@app.command()
def render(
    tenant: TenantOpt,
    case: CaseOpt,
    type_: TypeOpt,
    out: Annotated[Path, typer.Option("--out", "-o", help="file to write")],
    fmt: FormatOpt = "pdf",
    username: UserOpt = None,
    creditor: Annotated[
        str | None, typer.Option(help="creditor id (letters to one creditor)")
    ] = None,
    watermark: Annotated[str | None, typer.Option(help='e.g. "CONCEPT"')] = None,
    password: Annotated[str | None, typer.Option(help="PDF only: AES-256")] = None,
    option: Annotated[list[str] | None, typer.Option("--option", help="key=value")] = None,
    register: Annotated[bool, typer.Option(help="add a version to the register")] = True,
) -> None:
    """Render a letter of a case from its case file and write it to --out."""
    from documents import service

    def work() -> None:
        opts = _options(option or [], creditor=creditor, watermark=watermark, password=password)
        with _session(tenant, username) as (session, actor):
            case_id = _case_id(session, case)
            if register:
                doc = service.generate_document(
                    session, actor, case_id, type_, fmt, opts, based_on="cli"
                )
                data = service.read_content(session, actor, doc)
                note = f"version {doc.version}, sha256 {(doc.sha256 or '')[:12]}…"
            else:
                data = service.render_case_letter(session, actor, case_id, type_, fmt, opts).data
                note = "not registered"
        out.write_bytes(data)
        console.print(f"{out} ({len(data)} bytes, {note})")

    _run(work)


@app.command("list")
def list_documents(tenant: TenantOpt, case: CaseOpt, username: UserOpt = None) -> None:
    """The document register of a case."""
    from documents import service

    def work() -> None:
        with _session(tenant, username) as (session, actor):
            docs = service.list_documents(session, actor, _case_id(session, case))
        table = Table("Type", "Versie", "Status", "Formaat", "Grootte", "SHA-256", "Gemaakt")
        for d in docs:
            table.add_row(
                d.doc_type,
                str(d.version),
                d.status,
                d.format,
                "" if d.size is None else str(d.size),
                d.sha256[:16] if d.sha256 else "wordt aangemaakt",
                d.created_at.isoformat(timespec="seconds"),
            )
        console.print(table)

    _run(work)


@app.command()
def sample(
    type_: TypeOpt,
    out: Annotated[Path, typer.Option("--out", "-o")],
    fmt: FormatOpt = "pdf",
    watermark: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Render a letter from the built-in sample case (for template authors; no database)."""
    from documents.letters import LETTERS, allowed_names, sample_context_for
    from documents.rendering import build_letter, letterhead_from_settings, write
    from documents.templates import environment
    from documents.writers import WriteOptions
    from engine.settings import get_settings

    def work() -> None:
        letter_type = LETTERS.get(type_)
        if letter_type is None:
            raise NotFound(f"unknown letter type {type_!r}; known: {', '.join(LETTERS)}")
        ctx = sample_context_for(letter_type)
        head = letterhead_from_settings({"letterhead": ctx["tenant"]}, "Gemeente")
        env = environment(get_settings().data_dir / "templates")
        letter = build_letter(env, letter_type.template, allowed_names(letter_type), ctx, head)
        data = write(letter, fmt, WriteOptions(created_at=datetime.now(UTC), watermark=watermark))
        out.write_bytes(data)
        console.print(f"{out} ({len(data)} bytes)")

    _run(work)


@app.command("check-templates")
def check_templates() -> None:
    """Validate every letter template (including overrides in <data dir>/templates)."""
    from documents.letters import LETTERS, allowed_names, sample_context_for
    from documents.templates import environment, load_template
    from documents.templates import render as render_template
    from engine.settings import get_settings

    def work() -> None:
        env = environment(get_settings().data_dir / "templates")
        for letter in LETTERS.values():
            template = load_template(env, letter.template, allowed_names(letter))
            render_template(template, sample_context_for(letter))
            console.print(f"[green]ok[/green] {letter.template}")

    _run(work)
