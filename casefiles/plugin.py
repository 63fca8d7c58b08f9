"""Wiring for api.wiring: the case file's migrations and the modules to import at start-up."""

from __future__ import annotations

import importlib.util
from pathlib import Path

MIGRATIONS: Path | None = Path(__file__).resolve().parent / "migrations"


def load() -> None:
    import casefiles.models
    import engine.audit.processing_log  # noqa: F401  (table lives in the casefiles migration)

    if importlib.util.find_spec("casefiles.handlers") is not None:
        import casefiles.handlers  # noqa: F401  (registers the casefiles.* service tasks)
