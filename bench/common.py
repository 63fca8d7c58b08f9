"""What the benchmarks share: a fresh PostgreSQL database of their own, a statement counter,
a yardstick of the machine's speed."""

from __future__ import annotations

import copy
import hashlib
import json
import statistics
import time
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


def machine_yardstick_ms(rounds: int = 30) -> float:
    """How fast this machine runs plain Python object work: the median time of one fixed
    workload (a JSON round trip, a deep copy and a hash of 1,000 small records, the kind of
    work a step does with its state). Step figures from two machines compare through it: a
    machine with a yardstick twice as long runs the same steps about twice as slowly."""
    records = [
        {"id": i, "name": f"taak {i}", "data": {"maand": i % 18, "ok": True}} for i in range(1000)
    ]
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        text_form = json.dumps(copy.deepcopy(records), sort_keys=True)
        hashlib.sha256(text_form.encode()).hexdigest()
        json.loads(text_form)
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 2)
