"""Wiring for api.wiring: the document register's migrations and handlers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS: Path | None = Path(__file__).resolve().parent / "migrations"


def load() -> None:
    import documents.handlers
    import documents.models  # noqa: F401


def schedule() -> list[tuple[str, Callable[[sessionmaker[Session]], object], float]]:
    """Periodic jobs for the embedded scheduler: write pending letters at every run."""
    from documents.production import render_pending

    return [("documents.render_pending", render_pending, 0.0)]
