"""Wiring for api.wiring: retention's migrations and the modules to import at start-up."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS: Path | None = Path(__file__).resolve().parent / "migrations"


def load() -> None:
    import retention.content
    import retention.models
    import retention.service  # noqa: F401  (registers the case close/reopen hooks)


def schedule() -> list[tuple[str, Callable[[sessionmaker[Session]], object], float]]:
    """Periodic jobs for the embedded scheduler: (name, fn(session factory), seconds)."""
    from retention.jobs import SCHEDULE

    return list(SCHEDULE)
