"""Wiring for api.wiring: retention's migrations and the modules to import at start-up."""

from __future__ import annotations

from pathlib import Path

MIGRATIONS: Path | None = Path(__file__).resolve().parent / "migrations"


def load() -> None:
    import retention.content
    import retention.models
    import retention.service  # noqa: F401  (registers the case close/reopen hooks)
