"""Web UI plugin: its session table lives in its own migration branch ``web``."""

from __future__ import annotations

from pathlib import Path

MIGRATIONS: Path | None = Path(__file__).resolve().parent / "migrations"


def load() -> None:
    import api.web.models  # noqa: F401
