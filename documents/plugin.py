"""Wiring for api.wiring: the document register's migrations and handlers."""

from __future__ import annotations

from pathlib import Path

MIGRATIONS: Path | None = Path(__file__).resolve().parent / "migrations"


def load() -> None:
    import documents.handlers
    import documents.models  # noqa: F401
