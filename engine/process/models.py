from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from engine import clock
from engine.db import Base, TenantOwned, new_id


class ProcessDefinition(TenantOwned, Base):
    """One deployed version of a process: its files and the parsed spec, stored once."""

    __tablename__ = "process_definitions"
    __table_args__ = (
        UniqueConstraint("tenant_id", "key", "version"),
        UniqueConstraint("tenant_id", "key", "content_hash"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    key: Mapped[str] = mapped_column(String(100))  # BPMN process id
    name: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    # {filename: text} of every BPMN/DMN/form file the process needs (its call activities too)
    files: Mapped[dict[str, str]] = mapped_column(JSON)
    # serialized spec + subprocess specs (SpiffWorkflow serializer), shared by all instances
    spec: Mapped[bytes] = mapped_column(LargeBinary)
    forms: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # task bpmn id -> schema
    lanes: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # task bpmn id -> lane
    deployed_by: Mapped[str] = mapped_column(String(200), default="")
    deployed_at: Mapped[datetime] = mapped_column(default=clock.now)


class ProcessInstance(TenantOwned, Base):
    __tablename__ = "process_instances"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    definition_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("process_definitions.id"))
    status: Mapped[str] = mapped_column(String(20), default="running")  # running|completed|error
    serializer_version: Mapped[str] = mapped_column(String(20))
    state: Mapped[bytes] = mapped_column(LargeBinary)  # instance state without the spec
    # process id -> BPMN ids of the open elements, saved with the state so the case page
    # highlights the diagram without rebuilding the workflow (None: saved before engine_0003)
    active_elements: Mapped[dict[str, list[str]] | None] = mapped_column(JSON, default=None)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)

    __mapper_args__ = {"version_id_col": version}


class WorkItem(TenantOwned, Base):
    """A READY user task, denormalised so work queues never open a workflow."""

    __tablename__ = "work_items"
    __table_args__ = (
        Index("ix_work_items_queue", "tenant_id", "role", "due_at", "created_at"),
        Index("ix_work_items_case", "tenant_id", "case_id"),
        Index("ix_work_items_assignee", "tenant_id", "assignee_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)  # = SpiffWorkflow task id
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"))
    instance_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("process_instances.id"))
    task_key: Mapped[str] = mapped_column(String(100))  # BPMN element id
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(40))  # lane name
    form_key: Mapped[str | None] = mapped_column(String(120), default=None)
    due_at: Mapped[datetime | None] = mapped_column(default=None)
    assignee_id: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class CompletedTask(TenantOwned, Base):
    """Remembers completed task ids so a second completion answers 'already completed'."""

    __tablename__ = "completed_tasks"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    task_key: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    completed_by: Mapped[str] = mapped_column(String(200))
    completed_at: Mapped[datetime] = mapped_column(default=clock.now)


class PendingTimer(TenantOwned, Base):
    __tablename__ = "pending_timers"
    __table_args__ = (Index("ix_pending_timers_due", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    instance_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("process_instances.id"), index=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"))
    event_name: Mapped[str] = mapped_column(String(200))
    due_at: Mapped[datetime]


class PendingMessage(TenantOwned, Base):
    """A message catch event waiting in an instance, with its correlation values."""

    __tablename__ = "pending_messages"
    __table_args__ = (Index("ix_pending_messages_lookup", "tenant_id", "message_name"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    instance_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("process_instances.id"), index=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"))
    message_name: Mapped[str] = mapped_column(String(200))
    correlation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    correlation_key: Mapped[str] = mapped_column(String(400), index=True)


class Incident(TenantOwned, Base):
    """A failed service task: the instance stays put until someone retries."""

    __tablename__ = "incidents"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    instance_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("process_instances.id"))
    task_key: Mapped[str] = mapped_column(String(100))
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | resolved
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)
