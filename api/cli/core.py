"""The root typer app and what every command shares: settings, database, error reporting."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from engine.db import make_engine, make_session_factory, transaction
from engine.errors import AkkoordError, ValidationFailed
from engine.identity.models import Tenant
from engine.identity.service import get_tenant_by_slug
from engine.settings import Settings

app = typer.Typer(
    help="Akkoord: BPMN case engine for municipal debt relief.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
# soft_wrap: secrets and ids printed once must never be broken over two lines
console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)


@app.callback()
def _root() -> None:
    """Akkoord command line. Configure with AKKOORD_* environment variables."""


def load_settings() -> Settings:
    """Fresh settings from the environment (not cached: tests change the environment)."""
    try:
        return Settings()
    except ValueError as exc:
        err_console.print(f"[red]Configuration error:[/] {exc}")
        raise typer.Exit(2) from None


def open_factory(settings: Settings) -> sessionmaker[Session]:
    from api.wiring import load_domains

    load_domains()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return make_session_factory(make_engine(settings.effective_database_url))


@contextmanager
def reported_errors() -> Iterator[None]:
    """Show a domain error as one clear line and exit 1; never a traceback."""
    try:
        yield
    except AkkoordError as exc:
        err_console.print(f"[red]Error:[/] {exc}", highlight=False)
        if isinstance(exc, ValidationFailed):
            for error in exc.errors:
                err_console.print(f"  - {error.field}: {error.message}", highlight=False)
        raise typer.Exit(1) from None
    except SQLAlchemyError as exc:
        if os.environ.get("AKKOORD_DEBUG"):
            raise
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        err_console.print(f"[red]Database error:[/] {first_line}", highlight=False)
        err_console.print("Is the database reachable and migrated (`akkoord init`)?")
        raise typer.Exit(1) from None
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:
        if os.environ.get("AKKOORD_DEBUG"):
            raise
        err_console.print(f"[red]Unexpected error:[/] {type(exc).__name__}: {exc}", highlight=False)
        err_console.print("Run again with AKKOORD_DEBUG=1 to see the details.")
        raise typer.Exit(1) from None


def tenant_ids(factory: sessionmaker[Session], slug: str | None = None) -> list[tuple[int, str]]:
    """(id, slug) of one tenant or of all of them."""
    from sqlalchemy import select

    with transaction(factory) as session:
        if slug is not None:
            tenant = get_tenant_by_slug(session, slug)
            return [(tenant.id, tenant.slug)]
        return [(t.id, t.slug) for t in session.scalars(select(Tenant).order_by(Tenant.id))]
