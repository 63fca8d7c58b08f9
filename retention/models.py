"""Retention tables: archive fields per case, legal holds, result-type mappings,
destruction lists with items and reviews, and the destruction log (kept forever).

Items, reviews, destroyed-resource records and the destruction log deliberately have no
foreign key to ``cases``: they outlive the cases they describe.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from engine import clock
from engine.db import Base, TenantOwned, new_id


class CaseArchive(TenantOwned, Base):
    """Archive fields of one case (ZGW: archiefnominatie, archiefactiedatum, ...)."""

    __tablename__ = "retention_case_archives"
    __table_args__ = (
        Index(
            "ix_retention_case_archives_due",
            "tenant_id",
            "archiefstatus",
            "archiefnominatie",
            "archiefactiedatum",
            postgresql_include=["case_id"],
        ),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    result: Mapped[str | None] = mapped_column(String(60), default=None)
    selectielijstklasse: Mapped[str | None] = mapped_column(String(20), default=None)
    archiefnominatie: Mapped[str | None] = mapped_column(String(20), default=None)
    afleidingswijze: Mapped[str | None] = mapped_column(String(30), default=None)
    archiefactietermijn: Mapped[str | None] = mapped_column(String(20), default=None)
    brondatum: Mapped[date | None] = mapped_column(Date, default=None)
    archiefactiedatum: Mapped[date | None] = mapped_column(Date, default=None)
    archiefstatus: Mapped[str] = mapped_column(String(40), default="nog_te_archiveren")
    date_reason: Mapped[str | None] = mapped_column(String(200), default=None)
    # named case dates (eigenschap / ander_datumkenmerk), ISO strings
    properties: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)


class LegalHold(TenantOwned, Base):
    """Bezwaar, beroep, lawsuit or investigation: the case is never proposed or destroyed."""

    __tablename__ = "retention_legal_holds"
    __table_args__ = (Index("ix_retention_legal_holds_case", "tenant_id", "case_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"))
    kind: Mapped[str] = mapped_column(String(20))  # bezwaar | beroep | rechtszaak | onderzoek
    reason: Mapped[str] = mapped_column(Text)
    set_by: Mapped[str] = mapped_column(String(200))
    set_at: Mapped[datetime] = mapped_column(default=clock.now)
    released_by: Mapped[str | None] = mapped_column(String(200), default=None)
    released_at: Mapped[datetime | None] = mapped_column(default=None)
    release_reason: Mapped[str | None] = mapped_column(Text, default=None)


class ResultTypeMapping(TenantOwned, Base):
    """A tenant's mapping of a case result to a selectielijst category and afleidingswijze."""

    __tablename__ = "retention_result_mappings"
    __table_args__ = (UniqueConstraint("tenant_id", "result"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    result: Mapped[str] = mapped_column(String(60))
    selectielijstklasse: Mapped[str] = mapped_column(String(20))
    afleidingswijze: Mapped[str] = mapped_column(String(30), default="afgehandeld")
    procestermijn: Mapped[str | None] = mapped_column(String(20), default=None)
    datumkenmerk: Mapped[str | None] = mapped_column(String(80), default=None)
    archiefactietermijn: Mapped[str | None] = mapped_column(String(20), default=None)


class DestructionList(TenantOwned, Base):
    __tablename__ = "retention_destruction_lists"
    __table_args__ = (Index("ix_retention_destruction_lists_status", "tenant_id", "status"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(30), default="new")
    author_id: Mapped[str] = mapped_column(String(64))
    author_name: Mapped[str] = mapped_column(String(200))
    archivist_id: Mapped[str | None] = mapped_column(String(64), default=None)
    archivist_name: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    status_changed_at: Mapped[datetime] = mapped_column(default=clock.now)
    approved_at: Mapped[datetime | None] = mapped_column(default=None)
    planned_destruction_at: Mapped[datetime | None] = mapped_column(default=None)
    executed_at: Mapped[datetime | None] = mapped_column(default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)


class DestructionListItem(TenantOwned, Base):
    __tablename__ = "retention_destruction_list_items"
    __table_args__ = (
        UniqueConstraint("list_id", "case_id"),
        Index("ix_retention_items_case", "tenant_id", "case_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    list_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("retention_destruction_lists.id"))
    case_id: Mapped[uuid.UUID]
    reference: Mapped[str] = mapped_column(String(40))
    process_key: Mapped[str] = mapped_column(String(100))
    result: Mapped[str | None] = mapped_column(String(60), default=None)
    selectielijstklasse: Mapped[str | None] = mapped_column(String(20), default=None)
    archiefactiedatum: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(20), default="suggested")  # suggested | removed
    removed_reason: Mapped[str | None] = mapped_column(Text, default=None)
    execution: Mapped[str] = mapped_column(String(20), default="pending")
    # execution: pending | succeeded | failed
    error: Mapped[str | None] = mapped_column(Text, default=None)
    destroyed_at: Mapped[datetime | None] = mapped_column(default=None)


class DestructionReview(TenantOwned, Base):
    __tablename__ = "retention_destruction_reviews"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    list_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("retention_destruction_lists.id"), index=True
    )
    stage: Mapped[str] = mapped_column(String(20))  # reviewer | archivist
    reviewer_id: Mapped[str] = mapped_column(String(64))
    reviewer_name: Mapped[str] = mapped_column(String(200))
    decision: Mapped[str] = mapped_column(String(30))  # accepted | changes_requested
    comment: Mapped[str] = mapped_column(Text, default="")
    item_feedback: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # item id -> reason
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class DestructionLogHead(Base):
    __tablename__ = "retention_destruction_log_heads"

    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default="0" * 64)


class DestructionLogEntry(TenantOwned, Base):
    """One destroyed case: kept forever, hash-chained per tenant; a case appears once."""

    __tablename__ = "retention_destruction_log"
    __table_args__ = (
        UniqueConstraint("tenant_id", "seq"),
        UniqueConstraint("tenant_id", "case_id"),
        Index("ix_retention_destruction_log_list", "list_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    seq: Mapped[int] = mapped_column(BigInteger)
    list_id: Mapped[uuid.UUID]
    list_name: Mapped[str] = mapped_column(String(200))
    case_id: Mapped[uuid.UUID]
    reference: Mapped[str] = mapped_column(String(40))
    process_key: Mapped[str] = mapped_column(String(100))
    result: Mapped[str | None] = mapped_column(String(60))
    selectielijstklasse: Mapped[str | None] = mapped_column(String(20))
    archiefnominatie: Mapped[str | None] = mapped_column(String(20))
    brondatum: Mapped[date | None] = mapped_column(Date)
    archiefactiedatum: Mapped[date | None] = mapped_column(Date)
    started_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    state_hash: Mapped[str] = mapped_column(String(64))
    resources: Mapped[int]
    approved_by: Mapped[str] = mapped_column(String(200))
    destroyed_at: Mapped[datetime]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class DestroyedResource(TenantOwned, Base):
    """Each row removed while destroying a case (table and key), for the verklaring."""

    __tablename__ = "retention_destroyed_resources"
    __table_args__ = (Index("ix_retention_destroyed_resources_case", "tenant_id", "case_id"),)

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
    )
    list_id: Mapped[uuid.UUID]
    case_id: Mapped[uuid.UUID]
    step: Mapped[int]
    resource_type: Mapped[str] = mapped_column(String(80))
    resource_id: Mapped[str] = mapped_column(String(80))
    destroyed_at: Mapped[datetime]


# Tables that survive the destruction of the case they mention.
KEPT_TABLES = frozenset(
    {
        DestructionListItem.__tablename__,
        DestructionReview.__tablename__,
        DestructionLogEntry.__tablename__,
        DestroyedResource.__tablename__,
    }
)
