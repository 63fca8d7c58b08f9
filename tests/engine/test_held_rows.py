"""Rows loaded in a transaction are held until it ends, so a step reads each row once."""

from __future__ import annotations

import gc
import uuid

from sqlalchemy import select

from engine.audit import record
from engine.audit.models import AuditEntry
from engine.cases.models import Case
from engine.cases.service import get_case
from engine.process import runtime
from tests.conftest import sent_statements
from tests.engine.conftest import World


def _start(world: World) -> uuid.UUID:
    with world.db.tx(world.tenant_id) as session:
        return runtime.start_case(
            session, world.boss, process_key="feature_main", data={"amount": 1500}
        ).id


def test_a_row_got_again_by_key_in_the_same_transaction_sends_no_query(world: World) -> None:
    case_id = _start(world)
    with world.db.tx(world.tenant_id) as session, sent_statements(world.db.engine) as sent:
        get_case(session, case_id)  # nobody keeps it: the identity map alone would drop it
        gc.collect()
        get_case(session, case_id)
    assert len([s for s in sent if "FROM cases" in s]) == 1


def test_the_next_transaction_reads_the_row_again(world: World) -> None:
    case_id = _start(world)
    for _ in range(2):
        with world.db.tx(world.tenant_id) as session, sent_statements(world.db.engine) as sent:
            get_case(session, case_id)
        assert len([s for s in sent if "FROM cases" in s]) == 1


def test_streamed_rows_are_not_held(world: World) -> None:
    case_id = _start(world)
    with world.db.tx(world.tenant_id) as session:
        for n in range(3):
            record(session, world.boss, "test.streamed", "case", case_id, after={"n": n})
    with world.db.tx(world.tenant_id) as session:
        rows = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "test.streamed")
            .execution_options(yield_per=2)
        )
        assert sum(1 for _ in rows) == 3
        gc.collect()
        assert not [o for o in session.identity_map.values() if isinstance(o, AuditEntry)]
        assert session.get(Case, case_id) is not None
