"""Run Alembic migrations for the kernel and every domain package.

Each domain keeps its own migration branch (``<package>/migrations``) rooted at the
kernel's first revision, so packages add tables without touching each other's chain;
``upgrade`` always goes to all heads.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from alembic import command
from alembic.config import Config

_HERE = Path(__file__).resolve().parent


def alembic_config(url: str, domain_dirs: Sequence[Path] = ()) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_HERE / "migrations"))
    config.set_main_option("path_separator", "os")
    locations = [str(_HERE / "migrations" / "versions"), *(str(d) for d in domain_dirs)]
    config.set_main_option("version_locations", os.pathsep.join(locations))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, domain_dirs: Sequence[Path] = ()) -> None:
    command.upgrade(alembic_config(url, domain_dirs), "heads")
