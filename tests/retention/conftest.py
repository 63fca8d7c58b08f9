"""Factories for retention tests: a tenant with three archivists and a reviewer, closed
cases (with workflow rows, created directly — no BPMN needed), and a list walked to
``ready_to_delete``."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from engine import clock
from engine.cases.models import Case
from engine.cases.service import close_case
from engine.identity.actor import Actor, system_actor
from engine.identity.service import create_tenant, create_user, user_actor
from engine.process.models import (
    CompletedTask,
    Incident,
    PendingMessage,
    PendingTimer,
    ProcessDefinition,
    ProcessInstance,
    WorkItem,
)
from retention import lists
from tests.api.conftest import api  # noqa: F401  (the REST fixture, for test_api)
from tests.conftest import Database


@dataclass
class Team:
    db: Database
    tenant_id: int
    other_tenant_id: int
    author: Actor
    reviewer: Actor
    archivist: Actor
    caseworker: Actor
    definition_id: uuid.UUID


@pytest.fixture
def clock_2020() -> Iterator[clock.FrozenClock]:
    fake = clock.FrozenClock(datetime(2020, 1, 15, 10, 0, tzinfo=UTC))
    clock.install_clock(fake)
    yield fake
    clock.install_clock(None)


@pytest.fixture
def team(db: Database, clock_2020: clock.FrozenClock) -> Team:
    with db.tx() as session:
        tenant = create_tenant(session, slug="gemeente-a", name="Gemeente A")
        other = create_tenant(session, slug="gemeente-b", name="Gemeente B")
        people = {
            name: user_actor(
                create_user(session, tenant=tenant, username=name, password=None, roles=roles)
            )
            for name, roles in [
                ("rita", ["archivaris"]),
                ("ruben", ["archivaris"]),
                ("anna", ["archivaris"]),
                ("sam", ["schuldhulpverlener"]),
            ]
        }
        tenant_id, other_id = tenant.id, other.id
    with db.tx(tenant_id) as session:
        definition = ProcessDefinition(
            tenant_id=tenant_id, key="shv", version=1, content_hash="x" * 64, files={}, spec=b"{}"
        )
        session.add(definition)
        session.flush()
        definition_id = definition.id
    return Team(
        db,
        tenant_id,
        other_id,
        people["rita"],
        people["ruben"],
        people["anna"],
        people["sam"],
        definition_id,
    )


def add_case(
    session: Session,
    team: Team,
    reference: str,
    *,
    result: str | None = "afgebroken",
    workflow: bool = True,
    tenant_id: int | None = None,
) -> uuid.UUID:
    """A case with a process instance, work item, timer, message, incident; closed if
    ``result`` is given (which computes its archive dates through the close hook)."""
    tid = tenant_id or team.tenant_id
    case = Case(tenant_id=tid, reference=reference, process_key="shv", title=f"Zaak {reference}")
    session.add(case)
    session.flush()
    if workflow and tid == team.tenant_id:
        instance = ProcessInstance(
            tenant_id=tid,
            case_id=case.id,
            definition_id=team.definition_id,
            serializer_version="1",
            state=b"state of " + reference.encode(),
        )
        session.add(instance)
        session.flush()
        session.add_all(
            [
                WorkItem(
                    tenant_id=tid,
                    id=uuid.uuid4(),
                    case_id=case.id,
                    instance_id=instance.id,
                    task_key="t",
                    name="Taak",
                    role="schuldhulpverlener",
                ),
                CompletedTask(
                    tenant_id=tid,
                    id=uuid.uuid4(),
                    case_id=case.id,
                    task_key="a",
                    name="A",
                    completed_by="sam",
                ),
                PendingTimer(
                    tenant_id=tid,
                    instance_id=instance.id,
                    case_id=case.id,
                    event_name="e",
                    due_at=clock.now() + timedelta(days=30),
                ),
                PendingMessage(
                    tenant_id=tid,
                    instance_id=instance.id,
                    case_id=case.id,
                    message_name="m",
                    correlation={"case_id": str(case.id)},
                    correlation_key=str(case.id),
                ),
                Incident(
                    tenant_id=tid,
                    case_id=case.id,
                    instance_id=instance.id,
                    task_key="s",
                    message="boom",
                ),
            ]
        )
        session.flush()
    if result is not None:
        close_case(session, system_actor(tid, "test"), case, result=result)
    return case.id


def make_cases(
    team: Team, count: int, *, result: str = "afgebroken", prefix: str = "Z", workflow: bool = True
) -> list[uuid.UUID]:
    with team.db.tx(team.tenant_id) as session:
        return [
            add_case(session, team, f"{prefix}{i:05d}", result=result, workflow=workflow)
            for i in range(count)
        ]


def approved_list(team: Team, name: str = "Lijst 1", **filters: object) -> uuid.UUID:
    """Author proposes, reviewer accepts, archivist approves: ``ready_to_delete``."""
    with team.db.tx(team.tenant_id) as session:
        list_id = lists.create_list(session, team.author, name=name, submit=True, **filters).id  # type: ignore[arg-type]
    with team.db.tx(team.tenant_id) as session:
        lists.review(session, team.reviewer, lists.get_list(session, list_id), accept=True)
    with team.db.tx(team.tenant_id) as session:
        lists.submit_to_archivist(session, team.author, lists.get_list(session, list_id))
    with team.db.tx(team.tenant_id) as session:
        lists.approve(session, team.archivist, lists.get_list(session, list_id))
    return list_id
