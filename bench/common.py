"""What every benchmark shares: a fresh PostgreSQL database of its own."""

from __future__ import annotations

from sqlalchemy import create_engine, text

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
