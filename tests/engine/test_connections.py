"""Pooled PostgreSQL connections: one back in the pool a moment ago is used as it is, one
that sat idle is pinged first, and a dead one (the server restarted) is replaced unseen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from engine import db


@pytest.fixture
def pg_engine(_postgres_url: str) -> Iterator[Engine]:
    db_engine = db.make_engine(_postgres_url, pool_size=1)
    yield db_engine
    db_engine.dispose()


@pytest.fixture
def pings(pg_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    seen: list[object] = []
    real = pg_engine.dialect.do_ping

    def counted(dbapi_connection: Any) -> bool:
        seen.append(dbapi_connection)
        return real(dbapi_connection)

    monkeypatch.setattr(pg_engine.dialect, "do_ping", counted)
    return seen


def _backend_pid(pg_engine: Engine) -> int:
    with pg_engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_a_connection_just_returned_is_not_pinged(pg_engine: Engine, pings: list[object]) -> None:
    first = _backend_pid(pg_engine)
    pings.clear()
    assert _backend_pid(pg_engine) == first
    assert pings == []


def test_an_idle_connection_that_died_is_replaced(
    pg_engine: Engine, pings: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    dead = _backend_pid(pg_engine)
    admin = create_engine(pg_engine.url, poolclass=NullPool)  # not the pooled connection
    with admin.begin() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": dead})
    admin.dispose()
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)  # as if it sat idle a while
    pings.clear()
    alive = _backend_pid(pg_engine)
    assert alive != dead
    assert len(pings) >= 1
