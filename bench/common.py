"""What the benchmarks share: a fresh PostgreSQL database of their own, a statement counter."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine

from engine.settings import normalise_database_url

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def fresh_postgres(admin_url: str, name: str) -> str:
    """Drop and create database ``name`` next to ``admin_url``'s; returns its URL."""
    admin = create_engine(normalise_database_url(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return normalise_database_url(admin_url).rsplit("/", 1)[0] + f"/{name}"


class StatementCounter:
    """Counts the SQL statements sent to the database; a step's share is the difference."""

    def __init__(self, db_engine: Engine) -> None:
        self.count = 0
        event.listen(db_engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: Any) -> None:
        self.count += 1
