"""Shared fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL comes from AKKOORD_TEST_POSTGRES_URL (default: the machine's local server,
database ``test``). Each pytest worker gets its own database, migrated once; tests start
from empty tables. When PostgreSQL is unreachable its tests skip, unless
AKKOORD_TEST_POSTGRES=required (as in CI), where they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from api.wiring import load_domains, migrate
from engine import clock
from engine.db import Base, make_engine, make_session_factory, transaction

PG_ADMIN_URL = os.environ.get(
    "AKKOORD_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
PG_REQUIRED = os.environ.get("AKKOORD_TEST_POSTGRES") == "required"


def _psycopg(url: str) -> str:
    from engine.settings import normalise_database_url

    return normalise_database_url(url)


@dataclass
class Database:
    backend: str
    url: str
    engine: Engine
    factory: sessionmaker[Session]

    def tx(self, tenant_id: int | None = None) -> AbstractContextManager[Session]:
        return transaction(self.factory, tenant_id)


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    load_domains()
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def _postgres_url() -> Iterator[str]:
    load_domains()
    admin = create_engine(_psycopg(PG_ADMIN_URL), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # unreachable server
        if PG_REQUIRED:
            pytest.fail(f"PostgreSQL is required but unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    name = f"akkoord_test_{_worker()}_{os.getpid()}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = _psycopg(PG_ADMIN_URL).rsplit("/", 1)[0] + f"/{name}"
    migrate(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


_PG_ENGINES: dict[str, Engine] = {}


def _empty_postgres(url: str) -> Engine:
    db_engine = _PG_ENGINES.get(url)
    if db_engine is None:
        db_engine = _PG_ENGINES[url] = make_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with db_engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    return db_engine


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty, migrated database on each backend."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("_sqlite_template")
        path = tmp_path / "akkoord.db"
        shutil.copy(template, path)
        url = f"sqlite:///{path}"
        db_engine = make_engine(url)
        yield Database("sqlite", url, db_engine, make_session_factory(db_engine))
        db_engine.dispose()
    else:
        url = request.getfixturevalue("_postgres_url")
        db_engine = _empty_postgres(url)
        yield Database("postgres", url, db_engine, make_session_factory(db_engine))


@pytest.fixture
def frozen_clock() -> Iterator[clock.FrozenClock]:
    """A clock that stands still (Monday 2 March 2026, 09:00 Amsterdam) until moved."""
    fake = clock.FrozenClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    clock.install_clock(fake)
    yield fake
    clock.install_clock(None)


TenantMaker = Callable[..., int]


@contextmanager
def sent_statements(db_engine: Engine, *, only: str = "") -> Iterator[list[str]]:
    """The SQL statements sent while the block runs (``only``: those starting so)."""
    sent: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith(only):
            sent.append(statement)

    event.listen(db_engine, "before_cursor_execute", seen)
    try:
        yield sent
    finally:
        event.remove(db_engine, "before_cursor_execute", seen)
