"""The one place that knows every domain package: their models, handlers and migrations.

Each domain package has a ``plugin.py`` with ``MIGRATIONS`` (its Alembic branch folder or
None) and ``load()`` (imports its models and registers its service-task handlers).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType

from sqlalchemy.orm import Session, sessionmaker

DOMAIN_PLUGINS: tuple[str, ...] = (
    "retention.plugin",
    "casefiles.plugin",
    "documents.plugin",
    "api.web.plugin",
)


@cache
def load_domains() -> tuple[ModuleType, ...]:
    import engine.models  # noqa: F401  (kernel metadata)

    modules = tuple(importlib.import_module(name) for name in DOMAIN_PLUGINS)
    for module in modules:
        module.load()
    return modules


def migration_dirs() -> list[Path]:
    return [m.MIGRATIONS for m in load_domains() if m.MIGRATIONS is not None]


def migrate(url: str) -> None:
    from engine.migrate import upgrade

    upgrade(url, migration_dirs())


Job = tuple[str, Callable[[sessionmaker[Session]], object], float]


def scheduled_jobs() -> list[Job]:
    """Every domain's periodic jobs (a plugin may define ``schedule()``)."""
    jobs: list[Job] = []
    for module in load_domains():
        jobs.extend(getattr(module, "schedule", list)())
    return jobs
